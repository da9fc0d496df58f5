"""The room desk\x27s Desks panel and the member desk\x27s exchange, as the GUI drives them."""

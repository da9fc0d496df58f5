"""The member desk\x27s face: one member on their own machine (issue 12)."""

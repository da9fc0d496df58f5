"""jury_desk.store"""

"""jury_desk.gui"""

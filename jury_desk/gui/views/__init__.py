"""jury_desk.gui.views"""

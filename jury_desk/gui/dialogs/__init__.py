"""jury_desk.gui.dialogs"""

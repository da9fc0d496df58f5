"""jury_desk.gui.models"""

"""jury_desk.core"""

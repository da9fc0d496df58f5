"""jury_desk.bundle"""

"""jury_desk.deliberation"""

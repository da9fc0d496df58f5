"""jury_desk.minutes"""

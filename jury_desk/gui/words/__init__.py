"""jury_desk.gui.words: what the desk says, in French and English (Qt Linguist).

``labels`` words the codes (states, decisions, mentions, numbers, dates), ``messages`` the
errors and notices, ``reason_words`` the rule proposal's grounds, ``pv_words`` the PV checks.
"""

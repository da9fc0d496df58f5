"""jury_desk.deliberation: the one service every face calls (DESIGN.md §1, §3).

``service.DeliberationService`` (all rules and writes), ``room`` (the rules' questions),
``readmodels`` (what the faces receive), ``queries`` (which build them, filtered per
viewer), ``passphrase`` (scrypt sign-in), ``minutes_data`` (the Minutes of a closed session).
"""

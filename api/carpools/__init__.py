"""Carpools (issue 15), being built: so far the schedule and its trips (schedule.py) and the fair
driving ledger (fairness.py), pure and tested. It joins api/domains.py's DOMAINS when it has tables."""

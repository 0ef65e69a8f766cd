"""Carpools (issue 15): recurring school runs with seat approval, private pickups, dated trips and
fair driving. models.py, schedule.py (the trips a schedule makes), fairness.py (the ledger),
service.py (the rules), events.py, jobs.py, export.py, ties.py."""

"""The SAQ worker: background jobs on Redis (settings.py), the jobs themselves (jobs.py), and the
services every job gets (context.py)."""

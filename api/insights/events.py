"""School insights' outbox events: a staff refresh is followed by the community's roll-up."""

FOLLOW_UPS = {"insights.refresh_requested": ("roll_up_insights", "community")}

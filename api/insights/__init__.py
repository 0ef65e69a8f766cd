"""School insights: the family network of a community over time, for its staff, in aggregate only."""

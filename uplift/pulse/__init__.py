"""The engagement pulse: a short anonymous survey on a cadence, and its results by team."""

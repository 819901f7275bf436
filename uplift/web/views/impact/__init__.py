"""Capability 9 pages: the leader's impact dashboard, a practice's impact, the team's Sales IQ."""

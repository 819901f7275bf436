"""Coaching sessions and role play."""

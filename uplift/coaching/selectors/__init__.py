"""Reads for coaching: sessions and calendars, role plays, calibration, progression."""

"""Competencies, assessments and manager-owned development plans."""

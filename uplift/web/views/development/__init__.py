"""Pages for competencies, assessments, development plans and accountability (capability 5)."""

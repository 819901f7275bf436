"""Debriefs with the stars: interview guides, notes, practice drafts."""

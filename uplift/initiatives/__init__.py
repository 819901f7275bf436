"""Sharing initiatives: the charter leaders sponsor, the stars who partner with their commitments,
sessions on a cadence, mentoring pairs, and the initiative's health."""

"""Kudos, spotlights, the points ledger, badges and leaderboards."""

"""What the impact pages and API show, shaped from the stored snapshots: the leader's impact
board, a practice's impact, the Team Sales IQ and gap closure."""

"""The analysis pipeline: runs every analysis part over an organisation's data and stores each
result as a snapshot. Imported by the command line and the background jobs only."""

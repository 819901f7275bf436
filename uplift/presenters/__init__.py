"""Presenters: what the pages and the API show, shaped from the stored snapshots and the records.
Shared by both, so a number reads the same on a page and in the API."""

"""Backups of both stores, made and restored together (`uplift backup` / `uplift restore`).

A backup is one tar file: a copy of the application database, a copy of the analytics version
each organisation points at, and a manifest (Uplift's version, the migrations applied, the
engines, the organisations and their versions, and the SHA-256 of every file), written last with
its own checksum so that a file cut short has none. docs/deploy.md says how to use them.
"""

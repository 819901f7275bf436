"""Stored analysis snapshots: the kinds (`store.SnapshotKind`) and a typed reader per kind."""

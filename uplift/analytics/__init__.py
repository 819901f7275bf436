"""Uplift's analytics: pure Python over Ibis, with no Django imports.

The core takes a connection and returns tables; nothing connects at import time. Aggregation
happens in the engine (DuckDB by default, PostgreSQL, or Spark); only small per-rep or
per-rep-period tables come back to Python for the statistics.
"""

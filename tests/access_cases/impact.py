"""Roles x endpoints rows for this capability's pages and API operations (see tests/access_cases).

Statuses in ROLES order: (anonymous, rep, manager, leader, admin). Paths are formatted with the
world as `w` (tests/conftest.py); rows that need an object name it in `path` through the world.
"""

from __future__ import annotations

from tests.access_cases import Case

CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
]  # fmt: skip

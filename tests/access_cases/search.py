"""Roles x endpoints rows for finding things (see tests/access_cases): the global search, the
people directory and the people pickers' type-ahead.

Statuses in ROLES order: (anonymous, rep, manager, leader, admin) = (-, Ann, Mia, Lou, Ada).
Everyone signed in searches, and finds only what they may open (tests/search/test_search.py).
"""

from __future__ import annotations

from tests.access_cases import Case

EVERYONE = (302, 200, 200, 200, 200)
BAD = (302, 400, 400, 400, 400)

CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case("search", "/search/", EVERYONE),
    Case("search (words)", "/search/?q=test", EVERYONE),
    Case("search (NUL)", "/search/?q=%00", BAD),
    Case("people_directory", "/directory/", EVERYONE),
    Case("people_directory (filtered)", "/directory/?q=ann&role=rep&team={w.alpha.pk}", EVERYONE),
    Case("people_directory (bad role)", "/directory/?role=boss", BAD),
    Case("people_directory (bad team)", "/directory/?team=x", BAD),
    Case("people_pick", "/people/pick/?scope=colleagues&q=art", EVERYONE),
    Case("people_pick (coachees)", "/people/pick/?scope=coachees&q=a", EVERYONE),
    Case("people_pick (bad scope)", "/people/pick/?scope=everyone", BAD),
]

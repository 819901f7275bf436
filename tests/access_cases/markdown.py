"""Roles x endpoints rows for writing (see tests/access_cases): the Markdown editor's preview.

Statuses in ROLES order: (anonymous, rep, manager, leader, admin) = (-, Ann, Mia, Lou, Ada).
Everyone signed in writes Markdown somewhere (a card, a debrief), and the preview only formats
the text it is sent: it reads nothing stored.
"""

from __future__ import annotations

from tests.access_cases import Case

EVERYONE = (302, 200, 200, 200, 200)
BAD = (302, 400, 400, 400, 400)
PREVIEW = "/markdown/preview/"

CASES: list[Case] = [
    #     name                                path                      anon rep  mgr  lead adm
    Case("markdown_preview", PREVIEW + "?field=text", EVERYONE, "post", data={"text": "**Hi**"}),
    Case("markdown_preview (get)", PREVIEW + "?field=text", (405, 405, 405, 405, 405)),
    Case("markdown_preview (no field)", PREVIEW, BAD, "post", data={"text": "x"}),
    Case("markdown_preview (bad field)", PREVIEW + "?field=a%20b", BAD, "post", data={"a": "x"}),
]

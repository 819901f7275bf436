"""Roles x endpoints rows for the mapping wizard: enablement admins only, and only their own
organisation's uploads and saved mappings (another company's answer 404, as if they did not exist).

Statuses in ROLES order: (anonymous, rep, manager, leader, admin).
"""

from __future__ import annotations

from typing import Any

from tests.access_cases import Case
from tests.conftest import World
from tests.crm.wizard_fixtures import draft_of, saved_of

ADMINS_ONLY = (302, 403, 403, 403, 200)
WIZARD = "/enablement/imports/wizard"


def _ours(world: World) -> dict[str, Any]:
    return {"draft": draft_of(world.ada.organisation)}


def _theirs(world: World) -> dict[str, Any]:
    return {"draft": draft_of(world.otto.organisation)}


CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case("import_wizard", f"{WIZARD}/", ADMINS_ONLY),
    Case(
        "import_wizard (nothing uploaded)", f"{WIZARD}/", (302, 403, 403, 403, 400), "post", data={}
    ),
    Case("import_wizard_columns", WIZARD + "/{draft.pk}/", ADMINS_ONLY, objects=_ours),
    Case(
        "import_wizard_columns (other firm)",
        WIZARD + "/{draft.pk}/",
        (302, 403, 403, 403, 404),
        objects=_theirs,
    ),
    Case(
        "import_wizard_columns (save)",
        WIZARD + "/{draft.pk}/",
        (302, 403, 403, 403, 400),
        "post",
        objects=_ours,
        data={"source": "crm", "f0-entity": "opportunities"},
    ),
    Case(
        "import_wizard_file",
        WIZARD + "/{draft.pk}/files/0/",
        ADMINS_ONLY,
        "post",
        objects=_ours,
        data={"source": "crm", "f0-entity": "accounts"},
    ),
    Case(
        "import_wizard_file (other firm)",
        WIZARD + "/{draft.pk}/files/0/",
        (302, 403, 403, 403, 404),
        "post",
        objects=_theirs,
        data={"f0-entity": "accounts"},
    ),
    Case(
        "import_wizard_file (read)",
        WIZARD + "/{draft.pk}/files/0/",
        (405, 405, 405, 405, 405),
        objects=_ours,
    ),
    Case("import_wizard_preview", WIZARD + "/{draft.pk}/preview/", ADMINS_ONLY, objects=_ours),
    Case(
        "import_wizard_preview (other firm)",
        WIZARD + "/{draft.pk}/preview/",
        (302, 403, 403, 403, 404),
        objects=_theirs,
    ),
    Case("import_wizard_toml", WIZARD + "/{draft.pk}/mapping.toml", ADMINS_ONLY, objects=_ours),
    Case(
        "import_wizard_import",
        WIZARD + "/{draft.pk}/import/",
        (302, 403, 403, 403, 302),
        "post",
        objects=_ours,
        data={"name": "othercrm"},
    ),
    Case(
        "import_wizard_import (other firm)",
        WIZARD + "/{draft.pk}/import/",
        (302, 403, 403, 403, 404),
        "post",
        objects=_theirs,
        data={"name": "othercrm"},
    ),
    Case(
        "saved_mapping_toml",
        "/enablement/imports/mappings/{saved.pk}/mapping.toml",
        ADMINS_ONLY,
        objects=lambda w: {"saved": saved_of(w.ada.organisation)},
    ),
    Case(
        "saved_mapping_toml (other firm)",
        "/enablement/imports/mappings/{saved.pk}/mapping.toml",
        (302, 403, 403, 403, 404),
        objects=lambda w: {"saved": saved_of(w.otto.organisation)},
    ),
]

"""Pages and API operations reach records only through the access layer.

A view or an API operation that reads a model manager itself (`Person.objects.filter(...)`) can
forget the viewer's scope, so every query lives in the owning app's `access.py` (an
`access_<entity>` helper or an `<entities>_visible` scope) or `selectors.py`. This test reads
each module of `uplift/web/views/` and `uplift/api/` and names every direct use by file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRY_POINTS = (ROOT / "uplift" / "web" / "views", ROOT / "uplift" / "api")
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})


def manager_uses(path: Path, root: Path = ROOT) -> list[str]:
    """`file:line: expression` for each attribute access to a model manager in the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    uses = sorted(
        (node.lineno, node.col_offset, ast.unparse(node))
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS
    )
    return [f"{path.relative_to(root).as_posix()}:{line}: {text}" for line, _, text in uses]


def entry_point_modules() -> list[Path]:
    return sorted(path for folder in ENTRY_POINTS for path in folder.rglob("*.py"))


def test_the_scan_sees_the_entry_points() -> None:
    modules = {path.relative_to(ROOT).as_posix() for path in entry_point_modules()}
    assert "uplift/web/views/home.py" in modules
    assert "uplift/api/orgs.py" in modules


def test_the_scan_finds_a_direct_manager_use(tmp_path: Path) -> None:
    module = tmp_path / "view.py"
    module.write_text(
        "def page(request):\n"
        "    fine = access_person(request.user, 1)\n"
        "    return fine, Person.objects.filter(pk=1).first(), Team._default_manager.all()\n"
    )
    assert manager_uses(module, root=tmp_path) == [
        "view.py:3: Person.objects",
        "view.py:3: Team._default_manager",
    ]


def test_views_and_api_use_no_model_manager_directly() -> None:
    found = [use for path in entry_point_modules() for use in manager_uses(path)]
    assert found == [], (
        "query through the owning app's access.py (access_<entity>, <entities>_visible) or "
        "selectors.py instead:\n" + "\n".join(found)
    )

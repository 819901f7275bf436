"""Services refuse a request one way: they raise a `Refusal` (uplift.core.refusals), which the API,
the pages and the command all show the same way. This test reads every module of the domain
packages and names each `raise` of Django's `ValidationError`, `PermissionDenied` or `Http404`,
or of a bare `ValueError`, by file and line, so that a new service cannot bring back a second
way. What is left is listed below with the reason it is not a refusal of a request."""

from __future__ import annotations

import ast
from pathlib import Path

UPLIFT = Path(__file__).resolve().parent.parent / "uplift"
SECOND_WAYS = frozenset({"ValidationError", "ValueError", "PermissionDenied", "Http404"})

# Not domain code: the pure analytics and generator packages cannot import Django (their own
# ValueErrors are their contract); the API and pages answer requests themselves (pydantic wants
# ValueError for a 422, Django forms want ValidationError); migrations are history.
NOT_DOMAIN = frozenset({"analytics", "synthetic", "api", "web", "migrations"})

# The access layer answers 404 outside the viewer's scope and 403 inside it with Django's own
# exceptions, as docs/architecture.md describes ("Access"); pages and the API both handle them.
ACCESS_LAYER = "access.py"

LEFT: dict[tuple[str, str], str] = {
    ("core/text.py", "ValidationError"): (
        "the free-text rule is a Django validator that every form runs; Django wants it"
    ),
    ("core/jobs.py", "ValueError"): "a job of a kind with no handler is a programming error",
    ("backups/archive.py", "ValueError"): "the backup writes only the names it knows; a bug",
    ("coaching/selectors/calibration.py", "ValueError"): (
        "a spread of no scores is never asked for by its callers; a bug"
    ),
    ("crm/importers/csvread.py", "ValueError"): "an unknown column kind is a bug in a mapping",
    ("crm/importers/salesforce.py", "ValueError"): "a column read as the wrong kind is a bug",
    ("demo/practice_cards.py", "ValueError"): "the demo's own cards are checked as written",
    ("development/selectors.py", "ValueError"): (
        "callers pass people of an organisation; a person without one is a bug"
    ),
    ("orgs/models.py", "ValueError"): "Django's user manager contract (create_user)",
    ("pipeline/reports.py", "ValueError"): (
        "the command checks the report name before it asks; an unknown one is a bug"
    ),
}


def _raised_name(node: ast.Raise) -> str | None:
    exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    if isinstance(exc, ast.Name):
        return exc.id
    if isinstance(exc, ast.Attribute):
        return exc.attr
    return None


def _domain_modules() -> list[Path]:
    return [
        path
        for path in sorted(UPLIFT.rglob("*.py"))
        if not NOT_DOMAIN & set(path.relative_to(UPLIFT).parts) and path.name != ACCESS_LAYER
    ]


def _second_ways() -> dict[tuple[str, str], list[int]]:
    found: dict[tuple[str, str], list[int]] = {}
    for path in _domain_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and _raised_name(node) in SECOND_WAYS:
                key = (path.relative_to(UPLIFT).as_posix(), str(_raised_name(node)))
                found.setdefault(key, []).append(node.lineno)
    return found


def test_services_refuse_with_a_refusal_only() -> None:
    found = _second_ways()
    unexpected = [
        f"uplift/{path}:{line} raises {name}: raise a Refusal subclass (uplift.core.refusals)"
        for (path, name), lines in sorted(found.items())
        if (path, name) not in LEFT
        for line in lines
    ]
    assert not unexpected, "\n".join(unexpected)


def test_every_exception_left_is_still_there() -> None:
    gone = sorted(set(LEFT) - set(_second_ways()))
    assert not gone, f"no longer raised, take them off the list: {gone}"


def test_the_scan_reads_the_services() -> None:
    scanned = {path.relative_to(UPLIFT).as_posix() for path in _domain_modules()}
    services = {path.relative_to(UPLIFT).as_posix() for path in UPLIFT.glob("*/services.py")}
    packages = {path.relative_to(UPLIFT).as_posix() for path in UPLIFT.glob("*/services/*.py")}
    assert services, "no services.py found"
    assert services | packages <= scanned
    assert "recognition/ledger.py" in scanned

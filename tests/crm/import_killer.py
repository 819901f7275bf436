"""Run one CRM import in this process and kill it (SIGKILL, no clean-up) at a chosen point.

    python -m tests.crm.import_killer EXPORT [MODULE:FUNCTION:before|after:N] [--rejects=FILE]

With a point, the process kills itself just before or just after the Nth call of that function;
without one, the import runs to the end. With --rejects, the import skips invalid rows and
writes them to FILE. Used by tests/crm/test_import_atomicity.py, which checks both stores after
each kill.
"""

from __future__ import annotations

import functools
import importlib
import os
import signal
import sys
from pathlib import Path
from typing import Any


def _kill_at(point: str) -> None:
    module_name, function, when, nth = point.split(":")
    module = importlib.import_module(module_name)
    real = getattr(module, function)
    calls = {"n": 0}

    @functools.wraps(real)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == int(nth) and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        result = real(*args, **kwargs)
        if calls["n"] == int(nth) and when == "after":
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(module, function, wrapper)


def main() -> None:
    import django

    django.setup()
    from uplift.crm.services import crm_import, organisation_for_import

    export, *options = sys.argv[1:]
    rejects = next((o.removeprefix("--rejects=") for o in options if o.startswith("--")), None)
    for point in (o for o in options if not o.startswith("--")):
        _kill_at(point)
    crm_import(
        source="salesforce",
        location=Path(export),
        organisation=organisation_for_import(slug=None),
        skip_invalid=rejects is not None,
        rejects=Path(rejects) if rejects else None,
    )


if __name__ == "__main__":
    main()

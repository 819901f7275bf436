"""Run one CRM import in this process and kill it (SIGKILL, no clean-up) at a chosen point.

    python -m tests.crm.import_killer EXPORT [MODULE:FUNCTION:before|after:N]

With a point, the process kills itself just before or just after the Nth call of that function;
without one, the import runs to the end. Used by tests/crm/test_import_atomicity.py, which
checks both stores after each kill.
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

    export = Path(sys.argv[1])
    if len(sys.argv) > 2:
        _kill_at(sys.argv[2])
    crm_import(
        source="salesforce", location=export, organisation=organisation_for_import(slug=None)
    )


if __name__ == "__main__":
    main()

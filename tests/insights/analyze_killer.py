"""Run `uplift analyze` in this process and kill it (SIGKILL: no clean-up runs) half-way, once the
performance analysis is done and before the other analyses run.

    python -m tests.insights.analyze_killer [uplift analyze options]
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any


def main() -> None:
    import django

    django.setup()
    from uplift.pipeline import services

    real = services.analyse_performance

    def then_die(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)

    services.analyse_performance = then_die  # type: ignore[assignment]
    from uplift.cli import main as uplift

    uplift(["analyze", *sys.argv[1:]])


if __name__ == "__main__":
    main()

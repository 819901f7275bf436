"""Write a benchmark's latest result into BENCHMARKS.md, between its own markers."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

BENCHMARKS_MD = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 2**30:.0f} GiB"
    except (ValueError, OSError):
        memory = "? GiB"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    busy = " (other work was running: read the figures as a floor)" if load > 0.5 else ""
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory}, Python {platform.python_version()}, "
        f"load average {load:.1f} at the end{busy}"
    )


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
            cwd=BENCHMARKS_MD.parent,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def record(name: str, title: str, body: str) -> None:
    """Replace (or append) the section `name` of BENCHMARKS.md with `body`."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        f"<!-- bench:{name} -->\n## {title}\n\n"
        f"Measured {stamp} on {machine()}, commit {commit()}.\n\n{body.strip()}\n"
        f"<!-- /bench:{name} -->"
    )
    text = (
        BENCHMARKS_MD.read_text(encoding="utf-8")
        if BENCHMARKS_MD.exists()
        else (
            "# Benchmarks\n\nRun them all with `make bench`; each run rewrites its own section.\n"
        )
    )
    pattern = re.compile(rf"<!-- bench:{name} -->.*?<!-- /bench:{name} -->", re.DOTALL)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else f"{text}\n{section}\n"
    BENCHMARKS_MD.write_text(text, encoding="utf-8")

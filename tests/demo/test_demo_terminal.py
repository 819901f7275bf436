"""What `uplift demo` leaves on the terminal: the logins and a short "start here" list; the
server's access and error logs go to files under UPLIFT_HOME, and the demo's e-mails too."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.test_cli import free_port, run
from uplift.demo.organisation import DemoLogin
from uplift.demo.terminal import start_here_lines

LOGINS = [
    DemoLogin("Leader", "Kofi Rahman", "kofi@example.com", "/leader/"),
    DemoLogin("Enablement admin", "Priya Natarajan", "priya@example.com", "/enablement/"),
    DemoLogin("Manager, EMEA North SMB 1", "Olga Wong", "olga@example.com", "/team/"),
    DemoLogin("Manager, NA East SMB 1", "Tariq Ito", "tariq@example.com", "/team/"),
    DemoLogin("Rep", "Bjørn Olsen", "bjorn@example.com", "/me/"),
]


def test_start_here_names_one_login_per_role_in_the_order_to_try_them() -> None:
    lines = start_here_lines(LOGINS, base_url="http://127.0.0.1:8000")
    assert [line.split(":")[0] for line in lines] == [
        "1. Leader",
        "2. Manager",
        "3. Rep",
        "4. Enablement admin",
    ]
    assert "sign in as olga@example.com at http://127.0.0.1:8000/team/" in lines[1]


@pytest.mark.installation
def test_the_demo_server_writes_its_logs_to_files_not_the_terminal(tmp_path: Path) -> None:
    assert run(tmp_path, "init").returncode == 0
    port = free_port()
    logs = tmp_path / "logs"
    script = (
        "from pathlib import Path\n"
        "from uplift.cli import _django\n"
        "_django()\n"
        "from uplift.web.server import serve_forever\n"
        f"serve_forever(host='127.0.0.1', port={port}, workers=1, with_worker=True, "
        f"logs=Path({str(logs)!r}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "UPLIFT_ANALYTICS_URL")}
    env.update(UPLIFT_HOME=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings")
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", script],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # generous: CI machines are busy
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{base}/no-such-page/", timeout=5)  # noqa: S310
    finally:
        server.terminate()
        out, err = server.communicate(timeout=60)
    assert out.strip() == f"Uplift is serving on {base}/  (Ctrl+C to stop)"
    assert err == ""  # the server's own messages went to server.log
    assert "GET /no-such-page/" in (logs / "access.log").read_text()
    assert "GET /healthz" in (logs / "access.log").read_text()
    assert (logs / "server.log").exists()

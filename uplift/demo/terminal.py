from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from uplift.demo.organisation import DEMO_PASSWORD, DemoLogin


def print_demo_logins(logins: list[DemoLogin], *, base_url: str) -> None:
    table = Table(title=f"Demo logins (password for all: {DEMO_PASSWORD})", title_justify="left")
    table.add_column("Role")
    table.add_column("Name")
    table.add_column("E-mail (sign-in)", no_wrap=True)
    table.add_column("Lands on", no_wrap=True)
    for login in logins:
        table.add_row(login.role, login.name, login.email, base_url + login.home)
    # Piped output (scripts, logs) gets a width that never truncates an address.
    width = None if sys.stdout.isatty() else 200
    Console(width=width).print(table)

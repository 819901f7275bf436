"""What `uplift demo` leaves on the terminal: the logins, a short "start here" list, and where the
server's logs and the demo's e-mails go instead of the screen (so nothing scrolls these away)."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from uplift.demo.organisation import DEMO_PASSWORD, DemoLogin

# What each role finds first, in the order worth trying them.
START_HERE = (
    ("Leader", "where the stars are, the gap to the core and what closing part of it is worth"),
    ("Manager", "the team's to-do list, each rep's plan and coaching, who to debrief"),
    ("Rep", "their own numbers against the stars, their plan, kudos and the practice library"),
    ("Enablement admin", "the CRM data and imports, the people who cannot sign in, settings"),
)


def _console() -> Console:
    # Piped output (scripts, logs) gets a width that never truncates an address.
    return Console(width=None if sys.stdout.isatty() else 200)


def print_demo_logins(logins: list[DemoLogin], *, base_url: str) -> None:
    table = Table(title=f"Demo logins (password for all: {DEMO_PASSWORD})", title_justify="left")
    table.add_column("Role")
    table.add_column("Name")
    table.add_column("E-mail (sign-in)", no_wrap=True)
    table.add_column("Lands on", no_wrap=True)
    for login in logins:
        table.add_row(login.role, login.name, login.email, base_url + login.home)
    _console().print(table)


def start_here_lines(logins: list[DemoLogin], *, base_url: str) -> list[str]:
    """One line per role worth trying, with the login to use and where it lands."""
    lines = []
    for number, (role, what) in enumerate(START_HERE, 1):
        login = next((lg for lg in logins if lg.role.split(",")[0] == role), None)
        if login is not None:
            lines.append(
                f"{number}. {role}: sign in as {login.email} at {base_url}{login.home} — {what}."
            )
    return lines


def print_start_here(
    logins: list[DemoLogin], *, base_url: str, logs: Path | None, mail: str
) -> None:
    """The "start here" list, then where the logs and the e-mails go."""
    console = _console()
    console.print("[bold]Start here[/bold]")
    for line in start_here_lines(logins, base_url=base_url):
        console.print(f"  {line}", markup=False, highlight=False)
    if logs is not None:
        console.print(
            f"Requests are logged to {logs / 'access.log'}; the server's and the task worker's "
            f"messages to {logs / 'server.log'}.",
            markup=False,
            highlight=False,
        )
    console.print(f"E-mails the demo sends: {mail}.", markup=False, highlight=False)

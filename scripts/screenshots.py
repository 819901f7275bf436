#!/usr/bin/env python3
"""Screenshots of the pages people open every day, for the record: every role's home page, a
person's page, Stars & gap and the coaching calendar, at a desktop's 1280 px and a phone's
390 px (and the top bar at a tablet's 768 px), taken from a running Uplift with the demo
organisation.

    UPLIFT_HOME=/tmp/demo uplift demo --no-serve
    UPLIFT_HOME=/tmp/demo uplift serve --port 8731 &
    .venv/bin/python scripts/screenshots.py --base http://127.0.0.1:8731 --out /tmp/shots

Each PNG is the whole page (`<role>-<page>-<width>.png`); the script also says which pages
did not open or scroll sideways, which no page should, and then exits with 1.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

# The demo logins' password, printed by `uplift demo` for everyone to use (not a secret).
DEMO_PASSWORD = "uplift-demo"  # noqa: S105
CHROMIUM = "/usr/bin/chromium"
WIDTHS = (1280, 390)
# (role, e-mail of the demo login, pages: name -> path); "{person}" is a rep of the manager's team.
ROLES: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("rep", "bjorn.olsen@example.com", {"home": "/me/"}),
    (
        "manager",
        "olga.wong@example.com",
        {"home": "/team/", "person": "{person}", "coaching-calendar": "/coaching/team/"},
    ),
    (
        "leader",
        "kofi.rahman@example.com",
        {"home": "/leader/", "stars-and-gap": "/leader/performance/"},
    ),
    ("admin", "priya.natarajan@example.com", {"home": "/enablement/"}),
)
SIDEWAYS = "[document.scrollingElement.scrollWidth, window.innerWidth]"


def sign_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def first_person(page: Page, base: str) -> str:
    """The first person page linked from the manager's home page."""
    page.goto(f"{base}/team/")
    for href in page.eval_on_selector_all("a[href^='/people/']", "els => els.map(e => e.href)"):
        if re.search(r"/people/\d+/$", href):
            return str(href).removeprefix(base)
    raise SystemExit("the manager's home page links to no person")


def shoot(base: str, out: Path) -> list[str]:
    out.mkdir(parents=True, exist_ok=True)
    wide: list[str] = []  # what is wrong: a page that did not open or scrolls sideways
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.set_default_timeout(90_000)
        for role, email, pages in ROLES:
            page.set_viewport_size({"width": 1280, "height": 860})
            sign_in(page, base, email)
            for name, path in pages.items():
                url = first_person(page, base) if path == "{person}" else path
                for width in (*WIDTHS, 768) if name == "home" else WIDTHS:
                    page.set_viewport_size({"width": width, "height": 860})
                    response = page.goto(f"{base}{url}")
                    if response is None or response.status != 200:
                        wide.append(f"{role} {url} answered {response and response.status}")
                    page.wait_for_load_state("networkidle")
                    target = out / f"{role}-{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=width != 768)
                    scroll, inner = page.evaluate(SIDEWAYS)
                    if scroll > inner:
                        wide.append(f"{role} {url} scrolls sideways at {width} px: {scroll} px")
                    sys.stdout.write(f"{target}\n")
        browser.close()
    return wide


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000", help="where Uplift runs")
    parser.add_argument(
        "--out", type=Path, default=Path(tempfile.gettempdir()) / "shots", help="a folder"
    )
    arguments = parser.parse_args()
    wide = shoot(arguments.base.rstrip("/"), arguments.out)
    for line in wide:
        sys.stderr.write(f"{line}\n")
    return 1 if wide else 0


if __name__ == "__main__":
    raise SystemExit(main())

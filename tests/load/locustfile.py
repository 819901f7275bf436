"""Reps and managers of the demo organisation using Uplift at the same time (Locust users).

Reps read their home, performance, practices and the kudos feed, and give kudos through the feed's
form as the browser does (htmx, with the form's CSRF token), each kudos with a message of its own.
Managers read their team's pages and the feed. Every answer that is not the expected one is a
failure in Locust's statistics: a 5xx, a connection error, a redirect to the sign-in page, any 4xx.
A person gives at most as many kudos as the rate limit allows, so a 429 is a failure too.

The run holds UPLIFT_LOAD_USERS users (a fifth of them managers) for UPLIFT_LOAD_SECONDS and
until every user has made MIN_REQUESTS requests after signing in, so that a slow machine still
sees the same work done; it stops after four times UPLIFT_LOAD_SECONDS whatever happened, and the
results say how many users got through.

Run in a process of its own (`tests/load/harness.py` starts it): Locust's gevent patches the
standard library, which must not happen inside pytest. Configured by the environment:

    UPLIFT_LOAD_USERS        how many users at once
    UPLIFT_LOAD_SECONDS      for how long at least
    UPLIFT_LOAD_LOGINS       JSON file: [{"email": ..., "role": "rep" | "manager"}, ...]
    UPLIFT_LOAD_PASSWORD     their password
    UPLIFT_LOAD_RUN          a token every kudos message of this run carries
    UPLIFT_LOAD_KUDOS_LIMIT  kudos one person may give in the rate limit's window
    UPLIFT_LOAD_RESULTS      JSON file written when the run stops: what was seen, with timings
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any, ClassVar

from locust import HttpUser, LoadTestShape, between, events, task
from locust.clients import ResponseContextManager
from locust.env import Environment
from locust.exception import StopUser

USERS = int(os.environ["UPLIFT_LOAD_USERS"])
SECONDS = float(os.environ["UPLIFT_LOAD_SECONDS"])
MIN_REQUESTS = 10
LOGINS: list[dict[str, str]] = json.loads(
    Path(os.environ["UPLIFT_LOAD_LOGINS"]).read_text(encoding="utf-8")
)
PASSWORD = os.environ["UPLIFT_LOAD_PASSWORD"]
RUN = os.environ["UPLIFT_LOAD_RUN"]
KUDOS_LIMIT = int(os.environ["UPLIFT_LOAD_KUDOS_LIMIT"])
RESULTS = Path(os.environ["UPLIFT_LOAD_RESULTS"])

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIVER_SELECT = re.compile(r'<select name="receiver"[^>]*>(.*?)</select>', re.DOTALL)
OPTION_VALUE = re.compile(r'<option value="(\d+)"')
TEAM_LINK = re.compile(r'href="(/teams/\d+/)"')

# Each user signs in as the next person of its role; more users than people share logins.
_next_login = {
    role: itertools.cycle([login["email"] for login in LOGINS if login["role"] == role])
    for role in ("rep", "manager")
}
_kudos_given: Counter[str] = Counter()  # per person, as the rate limit counts them
_sequence = itertools.count(1)
_requests_made: dict[int, int] = {}  # per user, once signed in
kudos_seen: dict[str, list[Any]] = {"attempted": [], "accepted": [], "refused": []}


def _answered(response: ResponseContextManager) -> bool:
    """False when no answer came (Locust then counts the connection error as the failure)."""
    return response.error is None and response.status_code != 0


class SignedInUser(HttpUser):
    abstract = True
    role: ClassVar[str]
    wait_time = between(0.5, 2.0)

    email = ""

    def on_start(self) -> None:
        # A new connection for every request, as the reverse proxy of docs/deploy.md (nginx)
        # talks to gunicorn: a kept-alive connection that gunicorn closes as idle just when a
        # request goes out on it is reset, which a browser retries but this client would not.
        self.client.headers["Connection"] = "close"
        self.email = next(_next_login[self.role])
        with self.client.get("/login/", name="/login/", catch_response=True) as page:
            token = CSRF_FIELD.search(page.text or "")
            if not _answered(page) or token is None:
                if _answered(page):
                    page.failure(f"no sign-in form ({page.status_code})")
                raise StopUser
        form = {"username": self.email, "password": PASSWORD, "csrfmiddlewaretoken": token[1]}
        with self.client.post(
            "/login/",
            data=form,
            name="/login/ (sign in)",
            allow_redirects=False,
            catch_response=True,
        ) as signed_in:
            if not _answered(signed_in):
                raise StopUser
            if signed_in.status_code != 302:
                signed_in.failure(f"sign-in answered {signed_in.status_code}, not a redirect")
                raise StopUser
            signed_in.success()
        _requests_made[id(self)] = 0

    def read(self, path: str, *, name: str | None = None) -> str:
        """GET a page that must answer 200 (a redirect would mean the session was lost)."""
        _requests_made[id(self)] += 1
        with self.client.get(
            path, name=name or path, allow_redirects=False, catch_response=True
        ) as page:
            if not _answered(page):
                return ""
            if page.status_code != 200:
                page.failure(f"{page.status_code} {page.headers.get('Location', '')}".strip())
                return ""
            page.success()
            return page.text or ""


class Rep(SignedInUser):
    role = "rep"
    weight = 4

    @task(3)
    def home(self) -> None:
        self.read("/me/")

    @task(2)
    def performance(self) -> None:
        self.read("/me/performance/")

    @task(2)
    def practices(self) -> None:
        self.read("/practices/")
        self.read("/practices/mine/")

    @task(2)
    def feed(self) -> None:
        self.read("/recognition/")

    @task(3)
    def give_kudos(self) -> None:
        feed = self.read("/recognition/")
        token = CSRF_FIELD.search(feed)
        select = RECEIVER_SELECT.search(feed)
        receivers = OPTION_VALUE.findall(select[1]) if select else []
        if token is None or not receivers:
            return  # the read above already counted what went wrong, if anything did
        if _kudos_given[self.email] >= KUDOS_LIMIT:
            return  # a person stays within the rate limit, so that every 429 is unexpected
        number = next(_sequence)
        message = f"Thanks for walking me through the renewal call. [{RUN}:{number:05d}]"
        helped = number % 3 == 0
        form = {
            "csrfmiddlewaretoken": token[1],
            "receiver": receivers[number % len(receivers)],
            "reason": "help" if helped else "general",
            "practice": "",
            "session_id": "",
            "help_description": "Shared the pricing objection notes" if helped else "",
            "message": message,
        }
        _kudos_given[self.email] += 1
        _requests_made[id(self)] += 1
        kudos_seen["attempted"].append(message)
        with self.client.post(
            "/recognition/kudos/",
            data=form,
            headers={"HX-Request": "true"},
            name="/recognition/kudos/ (give)",
            allow_redirects=False,
            catch_response=True,
        ) as sent:
            if not _answered(sent):
                return
            if sent.status_code == 200 and 'data-testid="kudos-sent"' in (sent.text or ""):
                kudos_seen["accepted"].append(message)
                sent.success()
            else:
                kudos_seen["refused"].append(
                    {"message": message, "status": sent.status_code, "body": sent.text[:300]}
                )
                sent.failure(f"kudos answered {sent.status_code}")


class Manager(SignedInUser):
    role = "manager"
    weight = 1
    team_page = ""

    def on_start(self) -> None:
        super().on_start()
        link = TEAM_LINK.search(self.read("/team/"))
        self.team_page = link[1] if link else ""

    @task(3)
    def team(self) -> None:
        self.read("/team/")

    @task(2)
    def team_performance(self) -> None:
        self.read("/team/performance/")

    @task(2)
    def team_detail(self) -> None:
        if self.team_page:
            self.read(self.team_page, name="/teams/[id]/")

    @task(2)
    def feed(self) -> None:
        self.read("/recognition/")


def _users_through() -> int:
    return sum(made >= MIN_REQUESTS for made in _requests_made.values())


class AtLeastSecondsAndRequests(LoadTestShape):
    def tick(self) -> tuple[int, float] | None:
        elapsed = self.get_run_time()
        if elapsed < SECONDS or (_users_through() < USERS and elapsed < 4 * SECONDS):
            return USERS, max(1.0, USERS / 4)
        return None


@events.quitting.add_listener
def _write_results(environment: Environment, **_: Any) -> None:
    stats = environment.stats
    pages = [
        {
            "name": f"{entry.method} {entry.name}",
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "median_ms": entry.median_response_time,
            "p95_ms": entry.get_response_time_percentile(0.95),
        }
        for entry in sorted(stats.entries.values(), key=lambda e: e.name)
    ]
    total = stats.total
    summary = {
        "requests": total.num_requests,
        "failures": total.num_failures,
        "requests_per_s": total.total_rps,
        "median_ms": total.median_response_time,
        "p95_ms": total.get_response_time_percentile(0.95),
        "seconds": (total.last_request_timestamp or total.start_time) - total.start_time,
        "errors": [
            {"request": f"{e.method} {e.name}", "error": str(e.error), "times": e.occurrences}
            for e in stats.errors.values()
        ],
        "pages": pages,
        "users": USERS,
        "users_through": _users_through(),
        "min_requests": MIN_REQUESTS,
        "kudos": kudos_seen,
    }
    RESULTS.write_text(json.dumps(summary, indent=1), encoding="utf-8")

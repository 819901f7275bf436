"""Fixtures shared by the whole suite: a small organisation with every role.

Org "Acme"                         Org "Other" (another company)
├── Region North (leader Lea)      └── Team Rival (manager Olga, rep Otto)
│   ├── Team Alpha (manager Mia): reps Ann, Art
│   └── Team Beta  (manager Max): rep Bob
└── Region South: Team Gamma (manager Gus): rep Gil
Admin Ada; leader Lou (whole org, no team); regional leader Lea (North only)
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.http import HttpRequest
from django.test import Client

from tests.factories import TEST_PASSWORD, OrganisationFactory, PersonFactory, TeamFactory
from uplift.orgs.models import Organisation, Person, Role, Team


def _postgres_reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5432), 2):
            return True
    except OSError:
        return False


_POSTGRES_UNAVAILABLE = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    # The `uplift` processes that tests start share one folder of collected static files, so
    # only the first `uplift init` of the run collects and compresses them (seconds each time).
    # Under pytest-xdist each worker has a folder of its own inside the run's (workers start
    # with the environment of the process that started them): two `uplift init`s collecting
    # into one folder at once could each read the other's half-written files.
    if not os.environ.get("UPLIFT_STATIC_ROOT"):
        shared = Path(tempfile.mkdtemp(prefix="uplift-test-static-"))
        os.environ["UPLIFT_STATIC_ROOT"] = str(shared)
        config.add_cleanup(lambda: shutil.rmtree(shared, ignore_errors=True))
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        own = Path(os.environ["UPLIFT_STATIC_ROOT"]) / worker
        own.mkdir(parents=True, exist_ok=True)
        os.environ["UPLIFT_STATIC_ROOT"] = str(own)
    if os.environ.get("UPLIFT_TEST_DB") != "postgres":
        return
    url = os.environ.get("UPLIFT_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/uplift")
    if _postgres_reachable(url):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI must run the PostgreSQL suite, but {url} is not reachable.")
    config.stash[_POSTGRES_UNAVAILABLE] = (
        f"PostgreSQL is not reachable at {url}: the PostgreSQL run is skipped "
        "(start a server or set UPLIFT_TEST_POSTGRES_URL)"
    )


# pytest-django's ways into the application database: a test whose fixtures include one of them
# (directly or through another fixture, `world` for one) or that carries `django_db` uses it.
_DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "django_db_setup",
        "live_server",
    }
)


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The `database` marker: the PostgreSQL run (`make test-postgres`) runs only these; a test
    # that touches no application database runs the same on either, once, in the SQLite run.
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if item.get_closest_marker("django_db") or _DATABASE_FIXTURES.intersection(fixtures):
            item.add_marker(pytest.mark.database)
    reason = config.stash.get(_POSTGRES_UNAVAILABLE, None)
    if reason:
        for item in items:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Rate limits count in the cache, which outlives a test: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    org: Organisation
    other_org: Organisation
    north: Team
    south: Team
    alpha: Team
    beta: Team
    gamma: Team
    rival: Team
    lou: Person  # leader, whole organisation
    lea: Person  # leader of region North
    mia: Person  # manager of Alpha
    max: Person  # manager of Beta
    gus: Person  # manager of Gamma
    ann: Person  # rep in Alpha
    art: Person  # rep in Alpha
    bob: Person  # rep in Beta
    gil: Person  # rep in Gamma
    ada: Person  # enablement admin
    olga: Person  # manager in another organisation
    otto: Person  # rep in another organisation

    def by_role(self) -> dict[str, Person]:
        return {"rep": self.ann, "manager": self.mia, "leader": self.lou, "admin": self.ada}


@pytest.fixture
def world(db: None) -> World:
    org = OrganisationFactory(name="Acme", slug="acme")
    other = OrganisationFactory(name="Other", slug="other")

    def person(name: str, role: str, **extra: object) -> Person:
        return PersonFactory(
            email=f"{name.lower()}@{extra.pop('domain', 'acme.test')}",
            full_name=f"{name} Test",
            role=role,
            organisation=extra.pop("organisation", org),
            **extra,
        )

    lou = person("Lou", Role.LEADER)
    north = TeamFactory(organisation=org, name="North", kind=Team.Kind.REGION)
    south = TeamFactory(organisation=org, name="South", kind=Team.Kind.REGION)
    lea = person("Lea", Role.LEADER, team=north, manager=lou)
    mia = person("Mia", Role.MANAGER, manager=lea)
    max_ = person("Max", Role.MANAGER, manager=lea)
    gus = person("Gus", Role.MANAGER, manager=lou)
    alpha = TeamFactory(organisation=org, name="Alpha", parent=north, manager=mia)
    beta = TeamFactory(organisation=org, name="Beta", parent=north, manager=max_)
    gamma = TeamFactory(organisation=org, name="Gamma", parent=south, manager=gus)
    for manager, team in ((mia, alpha), (max_, beta), (gus, gamma)):
        manager.team = team
        manager.save()
    ann = person("Ann", Role.REP, team=alpha, manager=mia)
    art = person("Art", Role.REP, team=alpha, manager=mia)
    bob = person("Bob", Role.REP, team=beta, manager=max_)
    gil = person("Gil", Role.REP, team=gamma, manager=gus)
    ada = person("Ada", Role.ADMIN, manager=lou)
    olga = person("Olga", Role.MANAGER, organisation=other, domain="other.test")
    rival = TeamFactory(organisation=other, name="Rival", manager=olga)
    otto = person(
        "Otto", Role.REP, organisation=other, domain="other.test", team=rival, manager=olga
    )
    return World(
        org=org,
        other_org=other,
        north=north,
        south=south,
        alpha=alpha,
        beta=beta,
        gamma=gamma,
        rival=rival,
        lou=lou,
        lea=lea,
        mia=mia,
        max=max_,
        gus=gus,
        ann=ann,
        art=art,
        bob=bob,
        gil=gil,
        ada=ada,
        olga=olga,
        otto=otto,
    )


@pytest.fixture
def login(client: Client):  # type: ignore[no-untyped-def]
    """Sign `client` in as a person; returns the client."""

    def sign_in(person: Person) -> Client:
        # The sign-in lockout needs a request to count by.
        assert client.login(request=HttpRequest(), username=person.email, password=TEST_PASSWORD)
        return client

    return sign_in

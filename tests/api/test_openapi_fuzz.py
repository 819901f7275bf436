"""Schemathesis against the whole OpenAPI document: generated requests to every operation, sent
in-process to Django's WSGI app as a rep, a manager, a leader and an admin (personal bearer
tokens), never answer with a server error nor with a body that breaks the documented schema.

Bounded and repeatable: a fixed number of derandomised examples per operation, no shrinking.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.conftest import World
from uplift.orgs.services import api_token_create

EXAMPLES_PER_OPERATION = 5
ROLES = ("rep", "manager", "leader", "admin")
_turn = itertools.count()
CHECKS = [not_a_server_error, response_schema_conformance]


# The document is public and read without the database, so it is loaded once, at collection.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _test_connection_kept() -> Iterator[None]:
    """Requests go straight to the WSGI app, whose request signals close the database connection
    after each one (Django's test client unhooks them, as this does): on PostgreSQL that closed
    the test's own connection, inside its transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bearers(world: World) -> dict[str, dict[str, str]]:
    """An Authorization header per role, for the people of the test organisation."""
    return {
        role: {"Authorization": f"Bearer {api_token_create(person=person, name='fuzz')[1]}"}
        for role, person in world.by_role().items()
    }


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_within_its_schema(
    case: Any, bearers: dict[str, dict[str, str]]
) -> None:
    role = ROLES[next(_turn) % len(ROLES)]  # the roles take turns, example by example
    case.call_and_validate(headers=bearers[role], checks=CHECKS)

"""What the pages share about HTTP: the signed-in request, and reading the query string.

Every query parameter a page reads goes through the `query_*` readers below, which accept only
what they promise (ASCII digits for an id, one of the choices for a choice, …) and raise
`QueryParamError` for anything else. Django answers that with 400 and the message
(`uplift.web.views.errors.bad_request`), so a hostile query string (`?team=²`,
`?page=99999999999999999999999`, a NUL) is refused in words rather than crashing a page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import BadRequest
from django.http import HttpRequest, QueryDict
from django.utils.dateparse import parse_datetime
from django_htmx.middleware import HtmxDetails

from uplift.core.text import free_text_problem
from uplift.orgs.models import Person

MAX_ID = 2**63 - 1  # the largest primary key the databases store
MAX_QUERY_TEXT = 1000
_ID = re.compile(r"[0-9]{1,19}")
_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


class AuthedRequest(HttpRequest):
    """A request that passed a signed-in access rule: `user` is a Person of an organisation."""

    user: Person
    htmx: HtmxDetails


class UnreadableInput(BadRequest):
    """A value of the request the page cannot take; answered 400 with the message
    (uplift.web.views.errors.bad_request)."""


class QueryParamError(UnreadableInput):
    """A query parameter that does not read as what the page expects."""


class PostedTextError(UnreadableInput):
    """Free text posted without a form that breaks the free-text rule (uplift.core.text)."""


def posted_id(data: QueryDict, name: str) -> int | None:
    """A record's id posted without a form (ASCII digits, 1 to MAX_ID); None for anything else."""
    raw = data.get(name, "").strip()
    return int(raw) if _ID.fullmatch(raw) and 1 <= int(raw) <= MAX_ID else None


def posted_text(data: QueryDict, name: str) -> str:
    """A free-text field posted without a form (a comment, a reason, a rubric row), under the
    same rule as the forms' text fields: no NUL, not only invisible characters."""
    value = data.get(name, "")
    problem = free_text_problem(value.strip())
    if problem is not None:
        raise PostedTextError(f"{name}: this text {problem}.")
    return value


def _refusal(problems: list[str] | None, message: str) -> None:
    """Refuse the request, or, on a page that ignores a bad filter and says so, note it."""
    if problems is None:
        raise QueryParamError(message)
    problems.append(message)


def _raw(request: HttpRequest, name: str, problems: list[str] | None = None) -> str:
    """The parameter's text, trimmed ('' when absent); refused when no page could mean it."""
    value = request.GET.get(name, "")
    if "\x00" in value or len(value) > MAX_QUERY_TEXT:
        _refusal(problems, f"{name} is not a value this page understands.")
        return ""
    return value.strip()


MAX_PROTOCOL_TEXT = 16_384  # a SAML message or an OpenID Connect code is never longer


def query_protocol(request: HttpRequest, names: Iterable[str]) -> dict[str, str]:
    """A sign-in protocol's own parameters as the identity provider sent them (OpenID Connect's
    code and state, SAML's SAMLRequest and Signature...), for its library to check: only those
    present, untrimmed; refused when one holds a NUL or is longer than any such message."""
    found: dict[str, str] = {}
    for name in names:
        if name not in request.GET:
            continue
        value = request.GET[name]
        if "\x00" in value or len(value) > MAX_PROTOCOL_TEXT:
            raise QueryParamError(f"{name} is not a value this page understands.")
        found[name] = value
    return found


def query_text(
    request: HttpRequest,
    name: str,
    *,
    default: str = "",
    max_length: int = 200,
    problems: list[str] | None = None,
) -> str:
    """Free text (a search), at most `max_length` characters; `default` when absent or blank."""
    return _raw(request, name, problems)[:max_length] or default


def query_id(
    request: HttpRequest,
    name: str,
    *,
    ignore_invalid: bool = False,
    problems: list[str] | None = None,
) -> int | None:
    """A record's id: ASCII digits, 1 to MAX_ID; None when absent or blank. Anything else is
    refused, noted in `problems`, or (`ignore_invalid`, for a link that pre-fills a form) left
    out."""
    raw = _raw(request, name, None if ignore_invalid else problems)
    if raw and _ID.fullmatch(raw) and 1 <= int(raw) <= MAX_ID:
        return int(raw)
    if raw and not ignore_invalid:
        _refusal(problems, f"{name} must be an id (a whole number from 1).")
    return None


def query_choice(
    request: HttpRequest,
    name: str,
    choices: Iterable[str],
    *,
    default: str,
    problems: list[str] | None = None,
) -> str:
    """One of `choices`; `default` when absent or blank. Anything else is refused, or noted in
    `problems` and `default` taken."""
    raw = _raw(request, name, problems)
    allowed = list(choices)
    if raw and raw not in allowed:
        _refusal(problems, f"{name} must be one of: {', '.join(allowed)}.")
        return default
    return raw or default


def query_date(request: HttpRequest, name: str) -> date | None:
    """A date written YYYY-MM-DD; None when absent or blank."""
    raw = _raw(request, name)
    if not raw:
        return None
    try:
        if raw.isascii() and len(raw) == 10:
            return date.fromisoformat(raw)
    except ValueError:
        pass
    raise QueryParamError(f"{name} must be a date written YYYY-MM-DD.")


def query_datetime(request: HttpRequest, name: str) -> datetime | None:
    """A date and time in ISO 8601; None when absent or blank."""
    raw = _raw(request, name)
    if not raw:
        return None
    try:
        parsed = parse_datetime(raw) if raw.isascii() else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise QueryParamError(f"{name} must be a date and time (ISO 8601).")
    return parsed


def query_number(
    request: HttpRequest, name: str, *, low: float = -math.inf, high: float = math.inf
) -> float | None:
    """A decimal number (no exponent, no NaN), from `low` to `high`; None when absent or blank."""
    raw = _raw(request, name)
    if not raw:
        return None
    value = float(raw) if _NUMBER.fullmatch(raw) else math.nan
    if not (math.isfinite(value) and low <= value <= high):
        bounds = f" between {low:g} and {high:g}" if math.isfinite(low + high) else ""
        raise QueryParamError(f"{name} must be a number{bounds}.")
    return value

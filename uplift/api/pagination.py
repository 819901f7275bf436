"""Cursor pagination, one implementation for every list the API answers.

A list is read in pages of `limit` rows (50 by default, 200 at most: a larger limit reads as
200). Each page ends with `next`, the address of the page after it (null on the last page),
which carries an opaque `cursor`: the sort key of the page's last row, signed so that a client
cannot forge one. The next page starts after that key, not at a count of rows, so rows added or
removed while a client walks the list neither repeat nor skip the rows that were there.

Every list declares its order as field names, the way Django orders a query (`"-scheduled_at",
"id"`): a descending field has a minus, and the last field is unique, so no two rows share a
key. A query is filtered and cut in the database; a list computed in Python (a feed merged from
two kinds of record, a presenter's rows) is sorted and cut here by the same rules. Empty values
come first in ascending order (last in descending order) on every database.

Operations that answer a bare list use `@paginated(order=(...))` (ninja's `@paginate` with the
`CursorPagination` below), which turns the answer into `{"items": [...], "next", "limit"}`;
`shape=` turns each row of the page (not of the whole list) into what the answer shows. An
operation whose answer is a document with its rows under a key of its own (`/api/leaders`) takes
a `PageQuery`, calls `page_of`, and adds `next` and `limit` beside its keys.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, get_type_hints
from urllib.parse import urlencode

from django.core import signing
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase, paginate

from uplift.api.schemas import InputSchema
from uplift.core.refusals import Invalid

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
_SALT = "uplift.api.cursor"

Key = tuple[Any, ...]


class PageQuery(InputSchema):
    """Which page of a list: `limit` rows after `cursor` (from the previous page's `next`)."""

    cursor: str | None = Field(
        None,
        max_length=2000,
        description="Where the page starts: copied from the previous page's `next`; leave it out "
        "for the first page.",
    )
    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        le=2**31,
        description=f"How many rows a page holds: {DEFAULT_LIMIT} by default, at most "
        f"{MAX_LIMIT} (a larger number reads as {MAX_LIMIT}).",
    )


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next: str | None  # the address of the next page, or None on the last one
    limit: int


class PageOut(Schema):
    next: str | None = Field(
        description="The address of the next page (the same query with a `cursor`), or null "
        "on the last page."
    )
    limit: int = Field(description="The most rows a page holds, as read from `limit`.")


# --- Keys ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Order:
    """A list's order: field names, each with a leading minus when descending, the last unique."""

    fields: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.fields:
            raise ValueError("an order needs at least one field, the last one unique")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.removeprefix("-") for f in self.fields)

    @property
    def descending(self) -> tuple[bool, ...]:
        return tuple(f.startswith("-") for f in self.fields)

    def key_of(self, row: Any) -> Key:
        """The row's key as the cursor keeps it (JSON values: dates and times as ISO text)."""
        return tuple(_json_value(_field(row, name)) for name in self.names)


def _field(row: Any, name: str) -> Any:
    """A field of a row computed in Python: a key of a dictionary or an attribute, followed
    through dots (`record.pk`)."""
    for part in name.split("."):
        row = row[part] if isinstance(row, Mapping) else getattr(row, part)
    return row


def _json_value(value: Any) -> Any:
    """A value as the cursor keeps it; text of the same kind sorts as the values do."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _compare(left: Any, right: Any) -> int:
    """Ascending order with empty values first."""
    if left is None or right is None:
        return (left is not None) - (right is not None)
    return int(left > right) - int(left < right)


def _compare_keys(order: Order, left: Key, right: Key) -> int:
    for a, b, descending in zip(left, right, order.descending, strict=True):
        found = _compare(a, b)
        if found:
            return -found if descending else found
    return 0


# --- Cursors ------------------------------------------------------------------------------------


def cursor_of(order: Order, key: Key) -> str:
    return signing.dumps({"o": list(order.fields), "k": list(key)}, salt=_SALT, compress=True)


def key_from_cursor(order: Order, cursor: str) -> Key:
    """The key a cursor carries, or a 400 naming `cursor` when it is not one of ours for this
    list (edited, cut short, or from another list)."""
    try:
        found = signing.loads(cursor, salt=_SALT)
    except signing.BadSignature:
        found = None
    if (
        not isinstance(found, dict)
        or found.get("o") != list(order.fields)
        or not isinstance(found.get("k"), list)
        or len(found["k"]) != len(order.fields)
    ):
        raise Invalid(
            "This cursor is not one this list gave: start again without `cursor` and follow "
            "each page's `next` as it is.",
            field="cursor",
            code="bad_cursor",
        )
    return tuple(found["k"])


# --- Pages --------------------------------------------------------------------------------------


def _after_in_database(order: Order, key: Key) -> Q:
    """Rows after `key` in `order`: (f1 after v1) or (f1 = v1 and f2 after v2) or …"""
    after = Q(pk__in=[])
    equal_so_far = Q()
    for name, descending, value in zip(order.names, order.descending, key, strict=True):
        if value is None:
            strictly = Q(pk__in=[]) if descending else Q(**{f"{name}__isnull": False})
            same = Q(**{f"{name}__isnull": True})
        else:
            operator = "lt" if descending else "gt"
            strictly = Q(**{f"{name}__{operator}": value})
            if descending:
                strictly |= Q(**{f"{name}__isnull": True})
            same = Q(**{name: value})
        after |= equal_so_far & strictly
        equal_so_far &= same
    return after


def _database_page(rows: QuerySet[Any], order: Order, key: Key | None, limit: int) -> list[Any]:
    ordering = [
        F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_first=True)
        for name, descending in zip(order.names, order.descending, strict=True)
    ]
    rows = rows.order_by(*ordering)
    if key is not None:
        rows = rows.filter(_after_in_database(order, key))
    return list(rows[: limit + 1])


def _python_page(rows: Sequence[Any], order: Order, key: Key | None, limit: int) -> list[Any]:
    keyed = [(order.key_of(row), row) for row in rows]
    if key is not None:
        keyed = [(k, row) for k, row in keyed if _compare_keys(order, k, key) > 0]

    def compare(left: tuple[Key, Any], right: tuple[Key, Any]) -> int:
        return _compare_keys(order, left[0], right[0])

    by_key = functools.cmp_to_key(compare)

    return [row for _, row in sorted(keyed, key=by_key)[: limit + 1]]


def _next_address(request: HttpRequest, cursor: str) -> str:
    query = request.GET.copy()
    query["cursor"] = cursor
    encoded = urlencode(sorted(query.lists()), doseq=True)
    return request.build_absolute_uri(f"{request.path}?{encoded}")


def page_of(
    request: HttpRequest,
    rows: QuerySet[Any] | Sequence[Any],
    *,
    order: Order,
    query: PageQuery,
) -> Page:
    """The page of `rows` (a query, or a list computed in Python) that `query` asks for."""
    limit = min(query.limit, MAX_LIMIT)
    key = key_from_cursor(order, query.cursor) if query.cursor else None
    if isinstance(rows, QuerySet):
        found = _database_page(rows, order, key, limit)
    else:
        found = _python_page(rows, order, key, limit)
    items = found[:limit]
    more = len(found) > limit
    address = _next_address(request, cursor_of(order, order.key_of(items[-1]))) if more else None
    return Page(items=items, next=address, limit=limit)


class CursorPagination(PaginationBase):
    """ninja's pagination for an operation that answers a list: `@paginate(CursorPagination,
    order=("name", "id"))`. The answer becomes `{"items": [...], "next", "limit"}`."""

    # ninja declares the attribute as its own empty Input schema.
    Input = PageQuery  # type: ignore[assignment]

    class Output(Schema):
        items: list[Any]
        next: str | None = Field(
            description="The address of the next page (the same query with a `cursor`), or "
            "null on the last page."
        )
        limit: int = Field(description="The most rows a page holds, as read from `limit`.")

    items_attribute = "items"

    def __init__(
        self,
        *,
        order: tuple[str, ...],
        shape: Callable[[Any], Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.order = Order(order)
        self.shape = shape  # what each row of the page becomes in the answer, if not itself

    def paginate_queryset(
        self,
        queryset: QuerySet[Any] | Sequence[Any],
        pagination: PageQuery,
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        page = page_of(request, queryset, order=self.order, query=pagination)
        items = page.items if self.shape is None else [self.shape(row) for row in page.items]
        return {"items": items, "next": page.next, "limit": page.limit}


def paginated(
    *, order: tuple[str, ...], shape: Callable[[Any], Any] | None = None, **params: Any
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`@paginate(CursorPagination, order=…, shape=…)` for an operation that answers a list.

    ninja reads the operation's parameters from the function it wraps but resolves their types
    in its own module, where a module's names under `from __future__ import annotations` (`Id`)
    are unknown: the wrapper carries the operation's signature with its types resolved."""

    def wrap(operation: Callable[..., Any]) -> Callable[..., Any]:
        view: Callable[..., Any] = paginate(CursorPagination, order=order, shape=shape, **params)(
            operation
        )
        hints = get_type_hints(operation, include_extras=True)
        signature = inspect.signature(operation)
        view.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[
                p.replace(annotation=hints.get(p.name, p.annotation))
                for p in signature.parameters.values()
            ]
        )
        return view

    return wrap

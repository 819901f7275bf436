"""Each organisation's analytics store: which version pages read, and connecting to it.

The versions themselves are kept by ``uplift.analytics.versions``; the application database
holds the pointer (``Organisation.analytics_store``), so that switching to a new import is one
short write in the same transaction as the people it brings.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.conf import settings

from uplift.analytics import engine
from uplift.analytics.canonical import canonical_tables_create
from uplift.analytics.versions import TenantStores, tenant_stores
from uplift.orgs.models import Organisation

if TYPE_CHECKING:  # Ibis loads on connecting, not with the app (a command reading a report)
    from ibis.backends import BaseBackend


class StoreMissing(Exception):  # noqa: N818  (shown to people as it is)
    """The version an organisation points at is not in the analytics store."""


def organisation_stores(organisation: Organisation) -> TenantStores:
    """Every version of this organisation's store under the configured analytics URL."""
    return tenant_stores(settings.UPLIFT_ANALYTICS_URL, f"org{organisation.pk}")


def organisation_store_url(organisation: Organisation) -> str | None:
    """The URL of the version pages read now; None before the first import."""
    version = (
        Organisation.objects.filter(pk=organisation.pk)
        .values_list("analytics_store", flat=True)
        .first()
    )
    if not version:
        return None
    return organisation_stores(organisation).url(version)


@contextmanager
def organisation_store(organisation: Organisation) -> Iterator[BaseBackend]:
    """A read connection to the organisation's current data (empty tables before any import).

    DuckDB versions are opened read-only: a version is never written once pages read it, and
    any number of processes may read it at once. A Spark version is its Parquet files, which
    are never written again either."""
    url = organisation_store_url(organisation)
    if url is None:
        import ibis

        backend = ibis.duckdb.connect()
        canonical_tables_create(backend)
    else:
        parsed = engine.parse_engine_url(url)
        if parsed.kind in {"duckdb", "spark"}:
            if parsed.path is None or not parsed.path.exists():
                raise StoreMissing(
                    f"The analytics data of {organisation.name} is missing ({parsed.display}): "
                    "import the CRM export again, or restore a backup."
                )
            backend = (
                engine.connect(url, read_only=True)
                if parsed.kind == "duckdb"
                else engine.connect(url)
            )
        else:
            backend = engine.connect(url)
    try:
        yield backend
    finally:
        backend.disconnect()


def organisation_store_switch(*, organisation: Organisation, version: str) -> None:
    """Point the organisation at `version`. Call inside the transaction that links its people."""
    Organisation.objects.filter(pk=organisation.pk).update(analytics_store=version)
    organisation.analytics_store = version


def organisation_stores_discard(stores: TenantStores, organisation: Organisation) -> list[str]:
    """Drop versions that no page reads any more (and any an interrupted import left).

    Call while holding ``stores.writing()``."""
    current = (
        Organisation.objects.filter(pk=organisation.pk)
        .values_list("analytics_store", flat=True)
        .first()
    )
    return stores.discard(current=current or None)


def organisation_stores_tidy(organisation: Organisation) -> list[str]:
    """`organisation_stores_discard` under the organisation's write lock (start-up recovery)."""
    stores = organisation_stores(organisation)
    with stores.writing():
        return organisation_stores_discard(stores, organisation)

"""Each rep's deal mix: closed deals, wins and bookings per mix cell, aggregated in the engine.

A *cell* is a combination of deal attributes that sets how hard a deal is to win and how much it
is worth regardless of who sells it: by default the account's segment (SMB, Mid-Market,
Enterprise), optionally with the product or the deal type. The per-rep, per-cell table that
:func:`deal_mix_expr` returns is small (reps by cells) and carries the sufficient statistics for
the mix adjustment: the organisation's rate and value per cell, and each rep's exposure to each
cell. Deals whose account is missing or has no segment fall in the cell ``"Unknown"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa

    from uplift.analytics.metrics.periods import Window
    from uplift.analytics.metrics.tables import CrmTables

ACCOUNT_MIX_KEYS = ("segment", "industry", "region")
OPPORTUNITY_MIX_KEYS = ("product", "type", "lead_source")
MIX_KEYS = ACCOUNT_MIX_KEYS + OPPORTUNITY_MIX_KEYS
UNKNOWN = "Unknown"
CELL_SEPARATOR = " · "

MIX_COLUMNS: dict[str, str] = {
    "source": "the CRM the rep comes from",
    "rep_id": "the rep's id in that CRM",
    "cell": "the mix cell, e.g. 'Enterprise' (values of the mix keys joined by ' · ')",
    "deals_closed": "the rep's deals in the cell closed in the window",
    "deals_won": "of which won",
    "bookings_cents": "sum of the won amounts, integer cents",
    "bookings_squares": "sum of the squared won amounts (cents², float): for the variance",
    "won_with_amount": "won deals with a positive amount (the deals that tell a deal size)",
    "log_amount_sum": "sum of ln(amount in cents) over those deals: for the typical deal size",
    "log_amount_squares": "sum of ln(amount in cents)² over those deals: for its spread",
}


def check_mix_keys(keys: tuple[str, ...]) -> None:
    if not keys:
        raise ValueError("the mix needs at least one key, e.g. ('segment',)")
    unknown = [key for key in keys if key not in MIX_KEYS]
    if unknown:
        raise ValueError(f"unknown mix keys {unknown}; choose from {MIX_KEYS}")


def deal_mix_expr(
    tables: CrmTables, window: Window, keys: tuple[str, ...] = ("segment",)
) -> ir.Table:
    """Per rep and mix cell: deals closed in ``window``, won, bookings, Σ amount² of won deals,
    and the count, Σ ln(amount) and Σ ln(amount)² of won deals with a positive amount.

    Lost deals count as closed deals worth nothing; a won deal with a blank amount counts as a
    win worth nothing.
    """
    import ibis  # here: a performance definition checks its mix keys without the engine

    check_mix_keys(keys)
    opp = tables.opportunities
    closed = opp.filter(opp.is_closed, opp.close_date.between(window.start, window.end))
    account_keys = [key for key in keys if key in ACCOUNT_MIX_KEYS]
    if account_keys:
        accounts = tables.accounts.select("source", "account_id", *account_keys)
        closed = closed.drop(*(k for k in account_keys if k in closed.columns))
        closed = closed.left_join(accounts, ["source", "account_id"])
    labels = [closed[key].cast("string").fill_null(UNKNOWN) for key in keys]
    cell = labels[0]
    for label in labels[1:]:
        cell = cell.concat(CELL_SEPARATOR, label)
    won_amount = ibis.ifelse(closed.is_won, closed.amount_cents.fill_null(0), 0)
    closed = closed.mutate(rep_id=closed.owner_id, cell=cell, won_amount=won_amount.cast("int64"))
    sized = closed.won_amount > 0
    # ln of a guarded value: engines evaluate both branches of a CASE, and ln(0) is an error.
    log_amount = ibis.ifelse(sized, closed.won_amount, 1).cast("float64").ln()
    return closed.group_by(["source", "rep_id", "cell"]).aggregate(
        deals_closed=closed.count(),
        deals_won=closed.count(where=closed.is_won),
        bookings_cents=closed.won_amount.sum(),
        bookings_squares=(closed.won_amount.cast("float64") ** 2).sum(),
        won_with_amount=closed.count(where=sized),
        log_amount_sum=ibis.ifelse(sized, log_amount, 0.0).sum(),
        log_amount_squares=ibis.ifelse(sized, log_amount**2, 0.0).sum(),
    )


def deal_mix(tables: CrmTables, window: Window, keys: tuple[str, ...] = ("segment",)) -> pa.Table:
    """:func:`deal_mix_expr`, executed and sorted by source, rep and cell."""
    return deal_mix_expr(tables, window, keys).order_by(["source", "rep_id", "cell"]).to_pyarrow()

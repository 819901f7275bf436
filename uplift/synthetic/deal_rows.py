"""Opportunity.csv and OpportunityHistory.csv rows for a batch of deals."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from uplift.synthetic.accounts import Accounts
from uplift.synthetic.deals import LOST, STAGE_NAMES, WON, Deals
from uplift.synthetic.ids import id_pieces, ids_18, sequence_start
from uplift.synthetic.model import STAGE_PROBABILITY
from uplift.synthetic.reps import RepBatch
from uplift.synthetic.vocabulary import LEAD_SOURCES, OPPORTUNITY_SUFFIXES, PRODUCTS
from uplift.synthetic.writer import (
    CsvBytes,
    Field,
    Piece,
    blank_where,
    escape_inner,
    integer_text,
    needs_quotes,
    quote_mark,
    render_rows,
    text_array,
)

OPPORTUNITY_COLUMNS = (
    "Id",
    "Name",
    "AccountId",
    "OwnerId",
    "Amount",
    "CurrencyIsoCode",
    "CreatedDate",
    "CloseDate",
    "StageName",
    "IsClosed",
    "IsWon",
    "Type",
    "LeadSource",
    "Product__c",
    "Probability",
)
HISTORY_COLUMNS = (
    "Id",
    "OpportunityId",
    "StageName",
    "CreatedDate",
    "Amount",
    "CloseDate",
    "Probability",
)
CURRENCY = "USD"

STAGE_TEXT = text_array(STAGE_NAMES)
PROBABILITY_TEXT = text_array(str(STAGE_PROBABILITY[stage]) for stage in STAGE_NAMES)
PRODUCT_TEXT = text_array(PRODUCTS)
# The last entry is the blank lead source (index -1).
LEAD_SOURCE_TEXT = text_array([*LEAD_SOURCES, ""])
TYPE_TEXT = text_array(["New Business", "Existing Business"])
BOOLEAN_TEXT = np.array([b"false", b"true"])
NAME_SUFFIX_INNER = np.array(
    [escape_inner(suffix).encode() for suffix, _ in OPPORTUNITY_SUFFIXES], dtype=np.bytes_
)
NAME_SUFFIX_NEEDS_QUOTES = np.array([needs_quotes(suffix) for suffix, _ in OPPORTUNITY_SUFFIXES])
CENTS_TEXT = np.array([f".{cents:02d}".encode() for cents in range(100)], dtype="S3")


def amount_pieces(cents: npt.NDArray[np.int64], blank: npt.NDArray[np.bool_]) -> tuple[Piece, ...]:
    """`12500.00`, or nothing where the amount was never entered."""
    whole, fraction = np.divmod(cents, 100)
    return blank_where(blank, (*integer_text(whole), CENTS_TEXT[fraction]))


def opportunities_render(
    deals: Deals, accounts: Accounts, batch: RepBatch, rng: np.random.Generator
) -> CsvBytes:
    count = len(deals)
    params = batch.params
    timeline = batch.timeline
    quote = quote_mark(
        accounts.name_needs_quotes(deals.account) | NAME_SUFFIX_NEEDS_QUOTES[deals.name_suffix]
    )
    name: Field = (
        quote,
        *accounts.name_pieces(deals.account),
        b" - ",
        PRODUCT_TEXT[deals.product],
        NAME_SUFFIX_INNER[deals.name_suffix],
        quote,
    )
    closed = ~deals.is_open
    fields: list[Field] = [
        id_pieces(deals.id, rng.random(count) < params.short_id_fraction_own),
        name,
        id_pieces(
            accounts.id[deals.account], rng.random(count) < params.short_id_fraction_reference
        ),
        id_pieces(batch.user_id[deals.rep], rng.random(count) < params.short_id_fraction_reference),
        amount_pieces(deals.amount_cents, deals.amount_blank),
        CURRENCY.encode(),
        timeline.datetime_pieces(deals.created_sec),
        timeline.date_text(deals.close_day),
        STAGE_TEXT[deals.stage],
        BOOLEAN_TEXT[closed.astype(np.int64)],
        BOOLEAN_TEXT[(closed & deals.won).astype(np.int64)],
        TYPE_TEXT[deals.existing_business.astype(np.int64)],
        LEAD_SOURCE_TEXT[deals.lead_source],
        PRODUCT_TEXT[deals.product],
        PROBABILITY_TEXT[deals.stage],
    ]
    return render_rows(fields, count)


def history_render(deals: Deals, batch: RepBatch, rng: np.random.Generator) -> tuple[CsvBytes, int]:
    """One row per stage each deal entered by the end of the window, plus its closing row."""
    timeline = batch.timeline
    is_closed = ~deals.is_open
    open_rows = np.where(is_closed, deals.final_stage, deals.stage) + 1
    rows_per_deal = open_rows + is_closed
    total = int(rows_per_deal.sum())
    deal = np.repeat(np.arange(len(deals)), rows_per_deal)
    first_row = np.cumsum(rows_per_deal) - rows_per_deal
    position = np.arange(total) - first_row[deal]
    closing = position >= open_rows[deal]
    stage = np.where(closing, np.where(deals.won[deal], WON, LOST), position)
    entered = deals.stage_entry_sec[deal, np.minimum(position, deals.stage_entry_sec.shape[1] - 1)]
    entered = np.where(closing, deals.decision_sec[deal], entered)
    # The close date as it stood when the stage was entered: first the rep's guess, at the end
    # the real one (or, for a deal still open, whatever the opportunity shows now).
    latest_open_row = ~is_closed[deal] & (position == open_rows[deal] - 1)
    close_day = np.where(closing, deals.decision_day[deal], deals.expected_close_day[deal])
    close_day = np.where(latest_open_row, deals.close_day[deal], close_day)

    order = np.argsort(entered, kind="stable")
    deal, stage, entered, close_day = deal[order], stage[order], entered[order], close_day[order]
    numbers = sequence_start("OpportunityHistory") + batch.sequence_offset + np.arange(total)
    history_ids = ids_18("OpportunityHistory", numbers.astype(np.int64))
    params = batch.params
    fields: list[Field] = [
        id_pieces(history_ids, rng.random(total) < params.short_id_fraction_own),
        id_pieces(deals.id[deal], rng.random(total) < params.short_id_fraction_reference),
        STAGE_TEXT[stage],
        timeline.datetime_pieces(entered),
        amount_pieces(deals.amount_cents[deal], deals.amount_blank[deal]),
        timeline.date_text(close_day),
        PROBABILITY_TEXT[stage],
    ]
    return render_rows(fields, total), total

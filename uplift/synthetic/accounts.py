"""Accounts: every rep's book, with a segment mix drawn around the team's focus."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from uplift.synthetic.ids import id_pieces, ids_18, sequence_start
from uplift.synthetic.reps import RepBatch
from uplift.synthetic.vocabulary import (
    COMPANY_KINDS,
    COMPANY_SUFFIXES,
    COMPANY_WORDS,
    INDUSTRIES,
    REGIONS,
)
from uplift.synthetic.writer import (
    CsvBytes,
    Field,
    blank_where,
    escape_inner,
    integer_text,
    needs_quotes,
    quote_mark,
    render_rows,
    text_array,
)

ACCOUNT_COLUMNS = (
    "Id",
    "Name",
    "Industry",
    "BillingCountry",
    "NumberOfEmployees",
    "OwnerId",
    "Segment__c",
    "Region__c",
)

WORD_TEXT = np.array([word.encode() for word in COMPANY_WORDS], dtype=np.bytes_)
KIND_TEXT = np.array([b" " + kind.encode() for kind in COMPANY_KINDS], dtype=np.bytes_)
SUFFIX_INNER = np.array(
    [escape_inner(suffix).encode() for suffix, _ in COMPANY_SUFFIXES], dtype=np.bytes_
)
SUFFIX_NEEDS_QUOTES = np.array([needs_quotes(suffix) for suffix, _ in COMPANY_SUFFIXES])
SUFFIX_WEIGHTS = np.array([weight for _, weight in COMPANY_SUFFIXES])
INDUSTRY_TEXT = text_array(INDUSTRIES)


@dataclass(frozen=True, eq=False)
class Accounts:
    id: npt.NDArray[np.bytes_]
    rep: npt.NDArray[np.int64]  # index into the batch's reps
    segment: npt.NDArray[np.int64]
    word: npt.NDArray[np.int64]
    kind: npt.NDArray[np.int64]
    suffix: npt.NDArray[np.int64]
    industry: npt.NDArray[np.int64]
    country: npt.NDArray[np.bytes_]
    employees: npt.NDArray[np.int64]  # 0: not filled in
    first_of_book: npt.NDArray[np.int64]  # (reps, segments): index of the first account
    book_size: npt.NDArray[np.int64]  # (reps, segments)

    def __len__(self) -> int:
        return len(self.id)

    def name_pieces(self, rows: npt.NDArray[np.int64]) -> list[npt.NDArray[np.bytes_] | bytes]:
        """The account name, unquoted, for the given accounts (for composite fields)."""
        return [
            WORD_TEXT[self.word[rows]],
            KIND_TEXT[self.kind[rows]],
            SUFFIX_INNER[self.suffix[rows]],
        ]

    def name_needs_quotes(self, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        return SUFFIX_NEEDS_QUOTES[self.suffix[rows]]


def accounts_draw(batch: RepBatch, rng: np.random.Generator) -> Accounts:
    params = batch.params
    segments = params.segments
    per_book = np.array([segment.accounts_per_rep for segment in segments])
    # Every rep has at least one account in every segment their book has deals in.
    book_size = 1 + rng.poisson(per_book * batch.book_mix)
    flat_size = book_size.reshape(-1)
    first_of_book = (np.cumsum(flat_size) - flat_size).reshape(book_size.shape)
    count = int(flat_size.sum())
    cell = np.repeat(np.arange(flat_size.size), flat_size)
    rep, segment = np.divmod(cell, len(segments))

    employees_median = np.array([s.employees_median for s in segments], dtype=float)
    employees = np.maximum(
        1, np.round(rng.lognormal(np.log(employees_median[segment]), 0.6)).astype(np.int64)
    )
    employees[rng.random(count) < params.blank_employees] = 0
    country = np.empty(count, dtype="S20")
    region = batch.region[rep]
    pick = rng.random(count)
    for index, known in enumerate(REGIONS):
        here = region == index
        options = np.array([c.encode() for c in known.countries], dtype="S20")
        country[here] = options[(pick[here] * len(options)).astype(np.int64)]

    numbers = sequence_start("Account") + batch.sequence_offset + np.arange(count, dtype=np.int64)
    return Accounts(
        id=ids_18("Account", numbers),
        rep=rep.astype(np.int64),
        segment=segment.astype(np.int64),
        word=rng.integers(len(COMPANY_WORDS), size=count),
        kind=rng.integers(len(COMPANY_KINDS), size=count),
        suffix=rng.choice(len(SUFFIX_WEIGHTS), size=count, p=SUFFIX_WEIGHTS / SUFFIX_WEIGHTS.sum()),
        industry=rng.integers(len(INDUSTRIES), size=count),
        country=country,
        employees=employees,
        first_of_book=first_of_book,
        book_size=book_size,
    )


def accounts_render(accounts: Accounts, batch: RepBatch, rng: np.random.Generator) -> CsvBytes:
    count = len(accounts)
    rows = np.arange(count)
    quote = quote_mark(accounts.name_needs_quotes(rows))
    owner = batch.account_owner_id[accounts.rep]
    segment_text = text_array([segment.name for segment in batch.params.segments])
    region_text = text_array([region.name for region in REGIONS])
    employees = blank_where(accounts.employees == 0, integer_text(accounts.employees))
    fields: list[Field] = [
        id_pieces(accounts.id, rng.random(count) < batch.params.short_id_fraction_own),
        (quote, *accounts.name_pieces(rows), quote),
        INDUSTRY_TEXT[accounts.industry],
        accounts.country,
        employees,
        id_pieces(owner, rng.random(count) < batch.params.short_id_fraction_reference),
        segment_text[accounts.segment],
        region_text[batch.region[accounts.rep]],
    ]
    return render_rows(fields, count)

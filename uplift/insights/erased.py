"""Erased people stay erased in every later analysis.

The analytics store keeps the CRM export's own copy of its users (name, e-mail), so an analysis
run after an erasure would otherwise print the erased name again. Before anything computed from
the store is kept or shown, the CRM name and e-mail of each erased person (matched by their CRM
user id) are replaced by their pseudonym, wherever they appear in the results: a rep's row, a
sentence about them, a network's labels (docs/privacy.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from uplift.analytics.metrics import crm_tables
from uplift.orgs.models import Organisation, Person

if TYPE_CHECKING:  # the engine loads when words are read from a store, not with the app
    from ibis.backends import BaseBackend


@dataclass(frozen=True)
class ErasedWords:
    """What the store still says of erased people, and the pseudonym that replaces each."""

    replacements: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.replacements)

    @cached_property
    def _words(self) -> dict[str, str]:
        """Each word, case-folded, with what replaces it. An empty word (a CRM user without a
        name) replaces nothing."""
        return {old.casefold(): new for old, new in self.replacements if old}

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        # Longest word first, so an address is replaced whole before a name inside it; case
        # does not matter, as in the erasure itself. Built once: a document has many strings.
        alternatives = sorted(self._words, key=len, reverse=True)
        return re.compile("|".join(re.escape(old) for old in alternatives), re.IGNORECASE)

    def text(self, value: str) -> str:
        """`value` with every erased word replaced, in one pass."""
        words = self._words
        if not words:
            return value
        return self._pattern.sub(
            lambda found: words.get(found.group(0).casefold(), found.group(0)), value
        )

    def applied(self, value: Any) -> Any:
        """`value` (JSON-like: mappings, sequences, strings, numbers) with every erased word
        replaced, in keys and values alike."""
        if not self:
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {self.applied(k): self.applied(v) for k, v in value.items()}
        if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
            return [self.applied(v) for v in value]
        return value


def erased_words_of(*, organisation: Organisation, backend: BaseBackend) -> ErasedWords:
    """The CRM names and e-mails, in the organisation's analytics store, of its erased people."""
    erased = {
        crm_id: (name, email)
        for crm_id, name, email in Person.objects.filter(
            organisation=organisation, erased_at__isnull=False
        )
        .exclude(crm_user_id="")
        .values_list("crm_user_id", "full_name", "email")
    }
    return store_words_of(backend=backend, pseudonyms=erased)


def store_words_of(
    *, backend: BaseBackend, pseudonyms: Mapping[str, tuple[str, str]]
) -> ErasedWords:
    """What the store's CRM users of these CRM ids are called (name, e-mail), each with the
    pseudonym (name, e-mail) that replaces it."""
    if not pseudonyms:
        return ErasedWords()
    reps = crm_tables(backend).reps
    rows = (
        reps.filter(reps.rep_id.isin(list(pseudonyms)))
        .select("rep_id", "name", "email")
        .to_pyarrow()
        .to_pylist()
    )
    pairs: dict[str, str] = {}
    for row in rows:
        pseudonym, address = pseudonyms[row["rep_id"]]
        for word, new in ((row["email"], address), (row["name"], pseudonym)):
            if word and word.strip() and word != new:
                pairs.setdefault(word.strip(), new)
    ordered = sorted(pairs.items(), key=lambda pair: len(pair[0]), reverse=True)
    return ErasedWords(replacements=tuple(ordered))

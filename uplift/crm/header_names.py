"""The names CRMs and people give their columns, in several languages, for each canonical column;
and the words exports use for won and lost deals and for activity types.

The names are data, in header_names.toml beside this module; these functions read them for
uplift.crm.mapping_proposals. Names are compared folded:
lower case, accents and punctuation left out, so "Abschlussdatum", "Deal - Won time",
"CloseDate" and "close_date" each meet their entry. The ready-made mappings' headers
(uplift/crm/presets) are added to these names where they are read (presets_headers).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from uplift.crm.presets import presets_all

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
# Words of an object's name that exports put before a field's ("Deal - Value", "Opportunity Name").
OBJECT_WORDS = frozenset(
    {"deal", "deals", "opportunity", "opportunities", "activity", "activities", "user", "users"}
)


def fold(text: str) -> str:
    """ "Deal - Won time" → "deal won time"; "CloseDate" → "close date"; "Größe" → "grosse"."""
    text = _CAMEL.sub(" ", text.replace("ß", "ss"))
    bare = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in bare if not unicodedata.combining(c)).lower()
    return " ".join(_NOT_WORD.sub(" ", bare).split())


def without_object(folded: str) -> str:
    """The field's words without the object's name before them: "deal won time" → "won time"."""
    words = folded.split()
    if len(words) > 1 and words[0] in OBJECT_WORDS:
        return " ".join(words[1:])
    return folded


NAMES_FILE = Path(__file__).resolve().with_name("header_names.toml")


@cache
def _names() -> dict[str, Any]:
    return tomllib.loads(NAMES_FILE.read_text(encoding="utf-8"))


def _words(table: str, key: str) -> frozenset[str]:
    return frozenset(_names()[table][key])


# Single words that say won or lost within a longer stage name ("Closed - Won (Q3)").
_WON_WORDS = frozenset({"won", "gewonnen", "gagne", "gagnee", "ganado", "ganada", "vinto", "ganho"})
_LOST_WORDS = frozenset({"lost", "verloren", "perdu", "perdue", "perdido", "perdida", "perso"})
ACTIVITY_TYPES_NAMED = ("call", "email", "meeting")  # any other word is a task


def outcome_of(word: str) -> str:
    """What a stage or status word says about a deal: "won", "lost" or "open"."""
    folded = fold(word)
    if folded in _words("outcome_words", "won"):
        return "won"
    if folded in _words("outcome_words", "lost"):
        return "lost"
    words = set(folded.split())
    if words & _LOST_WORDS:
        return "lost"
    if words & _WON_WORDS:
        return "won"
    return "open"


def activity_type_of(word: str) -> str:
    """The activity type a word of an export names: call, email, meeting, else task."""
    folded = fold(word)
    for kind in ACTIVITY_TYPES_NAMED:
        words = _words("activity_words", kind)
        if folded in words or any(w in words for w in folded.split()):
            return kind
    return "task"


@cache
def presets_headers() -> dict[str, dict[str, tuple[str, ...]]]:
    """entity -> canonical column -> the headers the ready-made mappings read it from (folded)."""
    found: dict[str, dict[str, list[str]]] = {}
    for preset in presets_all():
        data = tomllib.loads(preset.path.read_text(encoding="utf-8"))
        for entity, sections in data.items():
            for section in sections if isinstance(sections, list) else [sections]:
                if not isinstance(section, dict) or not isinstance(section.get("columns"), dict):
                    continue
                for target, spec in section["columns"].items():
                    headers = spec.get("column", ()) if isinstance(spec, dict) else spec
                    listed = [headers] if isinstance(headers, str) else list(headers)
                    names = found.setdefault(entity, {}).setdefault(target, [])
                    names.extend(fold(h) for h in listed if fold(h) not in names)
    return {e: {t: tuple(h) for t, h in targets.items()} for e, targets in found.items()}


@cache
def header_names(entity: str) -> dict[str, tuple[str, ...]]:
    """canonical column -> its usual names, folded: the list above and the presets' headers."""
    listed_names = _names()["columns"].get(entity, {})
    names = {t: [fold(n) for n in listed] for t, listed in listed_names.items()}
    for target, headers in presets_headers().get(entity, {}).items():
        if target in names:
            names[target].extend(h for h in headers if h not in names[target])
    return {t: tuple(dict.fromkeys(n)) for t, n in names.items()}


def name_score(entity: str, target: str, header: str) -> float:
    """How surely a header's name says it is that column: 1 its usual name as written, 0.9 once
    the object's name before it is left out ("Deal - Value"), 0.6 when it holds every word of
    one of the usual names ("Expected deal value (EUR)"), else 0."""
    names = header_names(entity).get(target, ())
    folded = fold(header)
    if not folded:
        return 0.0
    if folded in names:
        return 1.0
    if without_object(folded) in names:
        return 0.9
    words = set(folded.split())
    if any(len(n.split()) > 1 and set(n.split()) <= words for n in names):
        return 0.6
    return 0.0


def file_name_score(entity: str, name: str) -> float:
    folded = fold(name.rsplit(".", 1)[0])
    words = _names()["file_words"].get(entity, ())
    return 1.0 if any(word in folded for word in words) else 0.0

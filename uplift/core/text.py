"""The one rule for free text people write (kudos, comments, practice cards, names, notes…):
no NUL characters, and not made only of characters nobody can see.

A NUL cannot be stored by PostgreSQL and means nothing in a message; text of zero-width spaces,
joiners, byte-order marks or blank-looking fillers passes a "not empty" check yet shows nothing.
Forms (uplift.web.text_forms) and API schemas (uplift.api.schemas.InputSchema) apply this rule
to every text they accept; empty text stays a matter for each field (required or not).
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# Letters and symbols that render as nothing (the Unicode "default ignorable" and blank ones
# that are not in the format, control or separator categories).
_BLANK_LOOKING = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0"
    "\u180b\u180c\u180d\u180e\u180f"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
    + "".join(chr(c) for c in range(0xE0100, 0xE01F0))
)
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})

NUL_MESSAGE = "must not contain NUL characters"
INVISIBLE_MESSAGE = "holds only invisible characters (spaces, zero-width characters and the like)"


def is_invisible(character: str) -> bool:
    return (
        character.isspace()
        or unicodedata.category(character) in _INVISIBLE_CATEGORIES
        or character in _BLANK_LOOKING
    )


def free_text_problem(value: str) -> str | None:
    """What is wrong with a text someone wrote, or None. The empty text is not wrong here."""
    if "\x00" in value:
        return NUL_MESSAGE
    if value and all(is_invisible(c) for c in value):
        return INVISIBLE_MESSAGE
    return None


@deconstructible
class FreeTextValidator:
    """The rule as a Django validator, for form fields."""

    def __call__(self, value: object) -> None:
        problem = free_text_problem(value) if isinstance(value, str) else None
        if problem is not None:
            code = "null_characters_not_allowed" if problem == NUL_MESSAGE else "invisible"
            raise ValidationError(f"This text {problem}.", code=code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FreeTextValidator)

    def __hash__(self) -> int:
        return hash(FreeTextValidator)


free_text_validator = FreeTextValidator()

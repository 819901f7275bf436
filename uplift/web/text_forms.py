"""Forms whose every text field follows the free-text rule (uplift.core.text): no NUL, not only
invisible characters. Every form of the pages that takes text derives from `FreeTextForm`;
tests/web/test_free_text.py checks that none is left out."""

from __future__ import annotations

from django import forms

from uplift.core.text import free_text_validator


class FreeTextForm(forms.Form):
    """A form that applies the free-text rule to each of its text fields, including the fields
    a form adds for itself in __init__ (one per competency, per category, …)."""

    def full_clean(self) -> None:
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and free_text_validator not in field.validators:
                field.validators.append(free_text_validator)
        super().full_clean()

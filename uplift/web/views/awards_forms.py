"""Forms of the recognition-event pages: they parse and check input; the services decide."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from django import forms

from uplift.awards.services import CategorySpec
from uplift.web.date_checks import UPCOMING, CheckedDateInput, DateChecks, DateWindow
from uplift.web.pickers import PersonPicker
from uplift.web.text_forms import FreeTextForm


def _styled(form: forms.Form) -> None:
    """Bootstrap classes on every control."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class EventForm(DateChecks, FreeTextForm):
    date_windows: ClassVar[Mapping[str, DateWindow]] = {"held_on": UPCOMING}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)

    name = forms.CharField(max_length=200, label="Event name")
    held_on = forms.DateField(label="Date", widget=CheckedDateInput())
    venue = forms.CharField(max_length=200, required=False)
    introduction = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Printed on the programme's cover.",
    )
    categories = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One award per line; add a description after a colon, e.g. "
        "“Best shared practice: the practice that moved the most colleagues”.",
    )

    def clean_held_on(self) -> date:
        value: date = self.cleaned_data["held_on"]
        if value.year < 2000:
            raise forms.ValidationError("Pick a real date.")
        return value

    def category_specs(self) -> list[CategorySpec]:
        specs = []
        for line in self.cleaned_data["categories"].splitlines():
            name, _, description = line.partition(":")
            if name.strip():
                specs.append(CategorySpec(name.strip()[:120], description.strip()))
        return specs


class NominationForm(FreeTextForm):
    category = forms.TypedChoiceField(coerce=int, label="Award")
    nominee = forms.TypedChoiceField(coerce=int, label="Colleague", widget=PersonPicker())
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why they deserve it",
        min_length=20,
        max_length=2000,
    )
    evidence = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(
        self,
        *args: Any,
        categories: list[tuple[int, str]],
        nominees: list[tuple[int, str]],
        evidence: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choose("category", [("", "Choose an award"), *categories])
        self._choose("nominee", [("", "Choose a colleague"), *nominees])
        self._choose("evidence", evidence)
        _styled(self)

    def _choose(self, name: str, choices: list[tuple[Any, str]]) -> None:
        field = self.fields[name]
        if isinstance(field, forms.ChoiceField):
            field.choices = choices


class WinnersForm(FreeTextForm):
    """One winner and citation field pair per category, named by the category's id."""

    def __init__(
        self, *args: Any, categories: list[tuple[int, str, list[tuple[int, str]]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.category_ids = [category_id for category_id, _, _ in categories]
        for category_id, name, finalists in categories:
            self.fields[f"winner_{category_id}"] = forms.TypedChoiceField(
                coerce=int,
                required=False,
                label=f"Winner of {name}",
                choices=[("", "No winner in this category"), *finalists],
            )
            self.fields[f"citation_{category_id}"] = forms.CharField(
                required=False,
                max_length=1200,
                label="Citation",
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        _styled(self)

"""Forms for practice cards: they parse and validate input; the services decide. A card's content
fields are built from its declaration (`uplift.practices.card_fields`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django import forms

from uplift.practices.card_fields import CARD_FIELDS, CardField, FieldKind
from uplift.presenters.practice_evidence import EvidenceChoice
from uplift.web.markdown_editor import MarkdownEditor
from uplift.web.pickers import PeopleChoiceField, PeoplePicker
from uplift.web.text_forms import FreeTextForm

F = TypeVar("F", bound=forms.Form)

EVIDENCE_HELP = (
    "Tick what the stars do that this practice teaches. The card keeps the analysis' numbers "
    "and shows them in words."
)


def card_form_field(field: CardField, *, compact: bool = False) -> forms.Field:
    """The form field of a declared card field; `compact` gives a text area a line less."""
    common: dict[str, Any] = {
        "label": field.label,
        "required": field.required,
        "help_text": field.help,
    }
    if field.is_tags:
        return forms.MultipleChoiceField(
            choices=list(field.vocabulary.items()),
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if field.kind == FieldKind.TEXT:
        return forms.CharField(max_length=field.max_length, **common)
    rows = max(2, field.rows - 1) if compact else field.rows
    return forms.CharField(widget=MarkdownEditor(attrs={"rows": rows}), **common)


def with_card_fields(*, compact: bool = False) -> Callable[[type[F]], type[F]]:
    """A form class with every field of the card's content first, in the declared order."""

    def add(form: type[F]) -> type[F]:
        content = {field.name: card_form_field(field, compact=compact) for field in CARD_FIELDS}
        form.base_fields = {**content, **form.base_fields}
        return form

    return add


@with_card_fields()
class PracticeForm(FreeTextForm):
    """A card: its content (the declared fields), who is credited, its evidence, and what an
    edit changed."""

    contributors = PeopleChoiceField(
        required=False,
        help_text="Who gets the credit (the author always does).",
        widget=PeoplePicker(attrs={"size": 6}),
    )
    evidence = forms.MultipleChoiceField(
        label="Evidence: what the stars do differently",
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=EVIDENCE_HELP,
    )
    summary = forms.CharField(
        label="What changed",
        max_length=300,
        required=False,
        help_text="Shown in the version history of an approved card.",
    )

    def __init__(
        self,
        *args: Any,
        colleagues: Any,
        evidence_choices: Sequence[EvidenceChoice] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.evidence_choices = list(evidence_choices)
        self.fields["contributors"].queryset = colleagues  # type: ignore[attr-defined]
        self.fields["evidence"].choices = [  # type: ignore[attr-defined]
            (choice.key, choice.sentence) for choice in self.evidence_choices
        ]
        for name, field in self.fields.items():
            if not isinstance(field.widget, forms.CheckboxSelectMultiple):
                css = "form-select" if name == "contributors" else "form-control"
                field.widget.attrs["class"] = f"{css} {field.widget.attrs.get('class', '')}".strip()

    def clean_evidence(self) -> list[dict[str, Any]]:
        """The picked behaviours as evidence rows, with the numbers the analysis gave them."""
        chosen = set(self.cleaned_data.get("evidence") or ())
        return [dict(choice.row) for choice in self.evidence_choices if choice.key in chosen]

    def evidence_options(self) -> list[tuple[EvidenceChoice, Any]]:
        """Each behaviour on offer beside its checkbox, for the picker's template."""
        boxes = {str(box.data["value"]): box for box in self["evidence"]}
        return [(choice, boxes[choice.key]) for choice in self.evidence_choices]


def initial_from(practice: Any, evidence: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        **{field.name: getattr(practice, field.name) for field in CARD_FIELDS},
        "contributors": list(practice.contributors.all()),
        "evidence": [row["behavior"] for row in evidence],
    }

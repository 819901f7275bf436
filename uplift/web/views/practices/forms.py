"""Forms for practice cards: they parse and validate input; the services decide. A card's content
fields are built from its declaration (`uplift.practices.card_fields`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms

from uplift.practices.card_fields import CARD_FIELDS, CardField, FieldKind
from uplift.web.pickers import PeopleChoiceField, PeoplePicker
from uplift.web.text_forms import FreeTextForm

F = TypeVar("F", bound=forms.Form)

EVIDENCE_HELP = (
    "One behaviour per line: key, label, star value, core value, effect size g, q-value, "
    "difference on the same mix (the last three optional), as in `uplift report drivers`. "
    "E.g. meetings_per_opportunity, Meetings per opportunity, 3.4, 2.1, 0.82, 0.004"
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
    return forms.CharField(widget=forms.Textarea(attrs={"rows": rows}), **common)


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
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "class": "font-monospace"}),
        required=False,
        help_text=EVIDENCE_HELP,
    )
    summary = forms.CharField(
        label="What changed",
        max_length=300,
        required=False,
        help_text="Shown in the version history of an approved card.",
    )

    def __init__(self, *args: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contributors"].queryset = colleagues  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            if not isinstance(field.widget, forms.CheckboxSelectMultiple):
                css = "form-select" if name == "contributors" else "form-control"
                field.widget.attrs["class"] = f"{css} {field.widget.attrs.get('class', '')}".strip()

    def clean_evidence(self) -> list[dict[str, Any]]:
        rows = []
        text = self.cleaned_data.get("evidence") or ""
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(",")]
            if len(parts) < 4:
                raise forms.ValidationError(
                    f"Line {number}: give at least a key, a label, the star and the core values."
                )
            keys = (
                "behavior",
                "label",
                "star",
                "core",
                "effect_size",
                "q_value",
                "adjusted_difference",
            )
            rows.append(dict(zip(keys, parts, strict=False)))
        return rows


def evidence_text(rows: list[dict[str, Any]]) -> str:
    lines = []
    for row in rows:
        values = [row["behavior"], row["label"], row["star"], row["core"]]
        extra = [row.get(k) for k in ("effect_size", "q_value", "adjusted_difference")]
        if any(v is not None for v in extra):
            values += ["" if v is None else v for v in extra]
        lines.append(", ".join(str(v) for v in values).rstrip(", "))
    return "\n".join(lines)


def initial_from(practice: Any, evidence: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        **{field.name: getattr(practice, field.name) for field in CARD_FIELDS},
        "contributors": list(practice.contributors.all()),
        "evidence": evidence_text(evidence),
    }

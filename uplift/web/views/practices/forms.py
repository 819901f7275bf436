"""Forms for practice cards: they parse and validate input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from uplift.orgs.models import Person
from uplift.practices.tags import COMPETENCY_TAGS, STAGE_TAGS
from uplift.web.text_forms import FreeTextForm

EVIDENCE_HELP = (
    "One behaviour per line: key, label, star value, core value, effect size g, q-value, "
    "difference on the same mix (the last three optional), as in `uplift report drivers`. "
    "E.g. meetings_per_opportunity, Meetings per opportunity, 3.4, 2.1, 0.82, 0.004"
)


class PracticeForm(FreeTextForm):
    title = forms.CharField(max_length=200)
    problem = forms.CharField(
        label="Problem it solves", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    when_to_use = forms.CharField(
        label="When to use it", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    steps = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, help_text="One step per line."
    )
    talk_tracks = forms.CharField(
        label="Talk tracks and examples", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    stage_tags = forms.MultipleChoiceField(
        label="Sales stages",
        choices=list(STAGE_TAGS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    competency_tags = forms.MultipleChoiceField(
        label="Competencies",
        choices=list(COMPETENCY_TAGS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contributors: forms.ModelMultipleChoiceField[Person] = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        help_text="Who gets the credit (the author always does).",
        widget=forms.SelectMultiple(attrs={"size": 6}),
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
        "title": practice.title,
        "problem": practice.problem,
        "when_to_use": practice.when_to_use,
        "steps": practice.steps,
        "talk_tracks": practice.talk_tracks,
        "stage_tags": practice.stage_tags,
        "competency_tags": practice.competency_tags,
        "contributors": list(practice.contributors.all()),
        "evidence": evidence_text(evidence),
    }

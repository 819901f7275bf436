"""Forms for the coaching pages: they parse input; the services decide what is acceptable."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from django import forms
from django.http import QueryDict

from uplift.coaching.models import RUBRIC_LEVELS, CoachingSession, RolePlayScenario
from uplift.coaching.services import RubricItemInput, ScenarioInput
from uplift.orgs.models import Person
from uplift.web.date_checks import (
    DEADLINE,
    HELD,
    UPCOMING,
    CheckedDateInput,
    CheckedDateTimeInput,
    DateChecks,
    DateWindow,
)
from uplift.web.http import posted_text
from uplift.web.pickers import PeopleChoiceField, PersonChoiceField
from uplift.web.text_forms import FreeTextForm

MAX_RUBRIC_ITEMS = 6


class Styled(FreeTextForm):
    """Bootstrap classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.SelectMultiple):
                css = "form-select"
                widget.attrs.setdefault("size", "6")
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css


class SessionForm(DateChecks, Styled):
    date_windows: ClassVar[Mapping[str, DateWindow]] = {"scheduled_at": UPCOMING}

    rep = PersonChoiceField(scope="coachees", label="Rep")
    coach = PersonChoiceField(
        scope="coaching",
        label="Coach",
        required=False,
        help_text="You, unless you name someone else to hold the session.",
    )
    kind = forms.ChoiceField(choices=CoachingSession.Kind.choices, label="Kind")
    scheduled_at = forms.DateTimeField(label="When", widget=CheckedDateTimeInput())
    duration_minutes = forms.IntegerField(label="Minutes", min_value=5, max_value=480, initial=30)
    agenda = forms.CharField(
        label="Agenda", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    call_reference = forms.CharField(label="Call or deal reviewed", required=False, max_length=300)

    def __init__(
        self, *args: Any, reps: Iterable[Person] = (), coaches: Iterable[Person] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rep"].queryset = reps  # type: ignore[attr-defined]
        self.fields["coach"].queryset = coaches  # type: ignore[attr-defined]


class SessionEditForm(DateChecks, Styled):
    date_windows: ClassVar[Mapping[str, DateWindow]] = {"scheduled_at": UPCOMING}

    agenda = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 5}))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 8}))
    status = forms.ChoiceField(choices=CoachingSession.Status.choices)
    scheduled_at = forms.DateTimeField(label="When", widget=CheckedDateTimeInput())
    duration_minutes = forms.IntegerField(min_value=5, max_value=480)


class ActionItemForm(DateChecks, Styled):
    date_windows: ClassVar[Mapping[str, DateWindow]] = {"due_on": DEADLINE}

    title = forms.CharField(max_length=200, label="Action item")
    due_on = forms.DateField(required=False, label="Due", widget=CheckedDateInput())


class RolePlayForm(DateChecks, Styled):
    date_windows: ClassVar[Mapping[str, DateWindow]] = {"held_at": HELD}

    scenario: forms.ModelChoiceField[RolePlayScenario] = forms.ModelChoiceField(
        queryset=None, label="Scenario"
    )
    rep = PersonChoiceField(scope="coachees", label="Rep (plays the seller)")
    partner = PersonChoiceField(
        scope="coaching",
        required=False,
        label="Partner (plays the buyer)",
        help_text="You, unless a peer plays the buyer; a peer partner also scores.",
    )
    peer_raters = PeopleChoiceField(
        scope="coaching",
        required=False,
        label="Peer raters",
        help_text="Peers who watch and score every rubric item.",
    )
    held_at = forms.DateTimeField(label="When", widget=CheckedDateTimeInput())

    def __init__(
        self,
        *args: Any,
        scenarios: Any = None,
        reps: Any = None,
        colleagues: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scenario"].queryset = scenarios  # type: ignore[attr-defined]
        self.fields["rep"].queryset = reps  # type: ignore[attr-defined]
        self.fields["partner"].queryset = colleagues  # type: ignore[attr-defined]
        self.fields["peer_raters"].queryset = colleagues  # type: ignore[attr-defined]


class RaterForm(FreeTextForm):
    rater = forms.IntegerField()


class ScenarioForm(Styled):
    title = forms.CharField(max_length=200)
    competency = forms.ChoiceField(choices=())
    practice = forms.TypedChoiceField(choices=(), coerce=int, required=False, empty_value=None)
    buyer_persona = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    situation = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    objections = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="One a line."
    )
    success_criteria = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="One a line."
    )

    def __init__(
        self,
        *args: Any,
        competencies: dict[str, str],
        practices: Iterable[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = list(competencies.items())  # type: ignore[attr-defined]
        self.fields["practice"].choices = [("", "— none —"), *practices]  # type: ignore[attr-defined]


def rubric_from_post(data: QueryDict) -> list[RubricItemInput]:
    """Rubric rows `rubric-N-competency`, `rubric-N-label`, `rubric-N-level-1..5`; empty rows are
    skipped."""
    items = []
    for n in range(MAX_RUBRIC_ITEMS):
        label = posted_text(data, f"rubric-{n}-label").strip()
        levels = [
            posted_text(data, f"rubric-{n}-level-{level}") for level in range(1, RUBRIC_LEVELS + 1)
        ]
        if not label and not any(text.strip() for text in levels):
            continue
        items.append(
            RubricItemInput(
                competency=data.get(f"rubric-{n}-competency", ""), label=label, levels=levels
            )
        )
    return items


def scenario_input(form: ScenarioForm, rubric: list[RubricItemInput]) -> ScenarioInput:
    data = form.cleaned_data
    return ScenarioInput(
        title=data["title"],
        competency=data["competency"],
        buyer_persona=data["buyer_persona"],
        situation=data["situation"],
        objections=data["objections"],
        success_criteria=data["success_criteria"],
        rubric=rubric,
        practice_id=data["practice"],
    )


def rubric_rows(rubric: list[RubricItemInput]) -> list[dict[str, Any]]:
    """The rubric as form rows, padded with empty rows up to MAX_RUBRIC_ITEMS."""
    rows: list[dict[str, Any]] = [
        {"competency": item.competency, "label": item.label, "levels": list(item.levels)}
        for item in rubric[:MAX_RUBRIC_ITEMS]
    ]
    while len(rows) < MAX_RUBRIC_ITEMS:
        rows.append({"competency": "", "label": "", "levels": [""] * RUBRIC_LEVELS})
    for index, row in enumerate(rows):
        row["index"] = index
        row["numbered_levels"] = list(enumerate(row["levels"], start=1))
    return rows


def scores_from_post(data: QueryDict, item_ids: Iterable[int]) -> dict[int, int]:
    """`score-<item id>` fields; a missing or non-numeric score is left out (the service names
    it)."""
    scores = {}
    for item_id in item_ids:
        raw = data.get(f"score-{item_id}", "").strip()
        if raw.isascii() and raw.isdigit() and len(raw) <= 3:  # "²" is a digit to isdigit()
            scores[item_id] = int(raw)
    return scores

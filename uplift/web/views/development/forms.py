"""Forms of the development pages: they parse and validate input; the services decide."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from django import forms
from django.utils import timezone

from uplift.development.metrics import BEHAVIOUR_METRICS, OUTCOME_METRICS
from uplift.development.models import LEVEL_NAMES, Competency
from uplift.development.services import PlanInput
from uplift.practices.models import Practice
from uplift.web.date_checks import (
    DEADLINE,
    HAPPENED,
    STARTING,
    CheckedDateInput,
    DateChecks,
    DateWindow,
)
from uplift.web.text_forms import FreeTextForm

LEVEL_CHOICES = [(level, f"{level} · {name}") for level, name in LEVEL_NAMES.items()]


class CompetencyForm(FreeTextForm):
    name = forms.CharField(max_length=120)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    level_1 = forms.CharField(label="Level 1 · Beginning", widget=forms.Textarea(attrs={"rows": 2}))
    level_2 = forms.CharField(
        label="Level 2 · Developing", widget=forms.Textarea(attrs={"rows": 2})
    )
    level_3 = forms.CharField(
        label="Level 3 · Proficient", widget=forms.Textarea(attrs={"rows": 2})
    )
    level_4 = forms.CharField(label="Level 4 · Advanced", widget=forms.Textarea(attrs={"rows": 2}))
    level_5 = forms.CharField(
        label="Level 5 · Role model", widget=forms.Textarea(attrs={"rows": 2})
    )

    @classmethod
    def initial_for(cls, competency: Competency) -> dict[str, Any]:
        data: dict[str, Any] = {"name": competency.name, "description": competency.description}
        for level, _, text in competency.rubric:
            data[f"level_{level}"] = text
        return data

    def levels(self) -> list[str]:
        return [self.cleaned_data[f"level_{level}"] for level in LEVEL_NAMES]


class NewCompetencyForm(CompetencyForm):
    slug = forms.CharField(
        label="Key",
        max_length=60,
        help_text="Lower-case letters, digits and underscores, e.g. product_knowledge; fixed "
        "once saved.",
    )
    field_order = ("slug", "name", "description")


class AssessmentForm(FreeTextForm):
    """One level (1-5) and a comment per competency of the framework."""

    assessed_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, competencies: Iterable[Competency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.competencies = list(competencies)
        self.fields["assessed_on"].initial = timezone.localdate()
        for competency in self.competencies:
            self.fields[f"level_{competency.pk}"] = forms.TypedChoiceField(
                label=competency.name,
                choices=LEVEL_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose a level for {competency.name}."},
            )
            self.fields[f"comment_{competency.pk}"] = forms.CharField(
                required=False, widget=forms.Textarea(attrs={"rows": 1})
            )

    def rows(self) -> list[tuple[Competency, Any, Any]]:
        return [(c, self[f"level_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.competencies]

    def ratings(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (self.cleaned_data[f"level_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
            for c in self.competencies
        }


def _metric_choices(metrics: Iterable[Any]) -> list[tuple[str, str]]:
    return [("", "— none —"), *((m.key, m.label) for m in metrics)]


class PlanForm(DateChecks, FreeTextForm):
    date_windows: ClassVar[Mapping[str, DateWindow]] = {
        "started_on": STARTING,
        "target_on": DEADLINE,
    }

    goal = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    started_on = forms.DateField(
        label="Starts", widget=CheckedDateInput(attrs={"class": "form-control", "required": True})
    )
    target_on = forms.DateField(
        label="Review by", widget=CheckedDateInput(attrs={"class": "form-control"}), required=False
    )
    competencies: forms.ModelMultipleChoiceField[Competency] = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    practices: forms.ModelMultipleChoiceField[Practice] = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    behaviour_metric = forms.ChoiceField(choices=_metric_choices(BEHAVIOUR_METRICS), required=False)
    behaviour_target = forms.FloatField(required=False)
    outcome_metric = forms.ChoiceField(choices=_metric_choices(OUTCOME_METRICS), required=False)
    outcome_target = forms.FloatField(required=False)

    def __init__(self, *args: Any, competencies: Any, practices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = competencies  # type: ignore[attr-defined]
        self.fields["practices"].queryset = practices  # type: ignore[attr-defined]
        self.fields["started_on"].initial = timezone.localdate()

    def plan_input(self) -> PlanInput:
        data = self.cleaned_data
        outcome_target = data.get("outcome_target")
        if data.get("outcome_metric") == "win_rate" and outcome_target is not None:
            outcome_target = outcome_target / 100  # entered in percent
        return PlanInput(
            goal=data["goal"],
            started_on=data["started_on"],
            target_on=data.get("target_on"),
            competency_ids=[c.pk for c in data["competencies"]],
            practice_ids=[p.pk for p in data["practices"]],
            behaviour_metric=data.get("behaviour_metric") or "",
            behaviour_target=data.get("behaviour_target"),
            outcome_metric=data.get("outcome_metric") or "",
            outcome_target=outcome_target,
        )


class MilestoneForm(DateChecks, FreeTextForm):
    date_windows: ClassVar[Mapping[str, DateWindow]] = {"due_on": DEADLINE}

    title = forms.CharField(max_length=200)
    due_on = forms.DateField(
        label="Due",
        widget=CheckedDateInput(
            attrs={"class": "form-control form-control-sm", "id": "milestone-due", "required": True}
        ),
    )


class CheckInForm(DateChecks, FreeTextForm):
    date_windows: ClassVar[Mapping[str, DateWindow]] = {"held_on": HAPPENED}

    held_on = forms.DateField(
        label="Held on",
        widget=CheckedDateInput(
            attrs={"class": "form-control form-control-sm", "id": "checkin-date", "required": True}
        ),
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=8000)


class CommentForm(FreeTextForm):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class CloseForm(FreeTextForm):
    status = forms.ChoiceField(choices=[("completed", "Completed"), ("cancelled", "Cancelled")])

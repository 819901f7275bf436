"""Forms of the debrief pages: they parse and check input; the services decide."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from uplift.debriefs.models import Debrief
from uplift.debriefs.stages import STAGES
from uplift.orgs.models import Person
from uplift.practices.card_fields import CARD_FIELDS
from uplift.web.date_checks import UPCOMING, CheckedDateTimeInput, DateChecks, DateWindow
from uplift.web.pickers import PeopleChoiceField, PersonChoiceField
from uplift.web.text_forms import FreeTextForm
from uplift.web.views.practices.forms import with_card_fields

STAGE_CHOICES = list(STAGES.items())


def style(form: forms.Form) -> None:
    """Bootstrap classes on every widget."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


# People are picked by type-ahead, each name with its team and role (uplift/web/pickers.py).
PersonChoice = PersonChoiceField
PeopleChoice = PeopleChoiceField


SCHEDULED_AT = "Date and time"


class ScheduleForm(DateChecks, FreeTextForm):
    date_windows: ClassVar[Mapping[str, DateWindow]] = {"scheduled_at": UPCOMING}

    star = PersonChoice(queryset=None, label="Star")
    interviewer = PersonChoice(queryset=None, label="Interviewer")
    co_contributors = PeopleChoice(
        queryset=None,
        required=False,
        label="Co-contributors (optional)",
        help_text="Others who share the know-how in the session; they are credited with the star.",
    )
    scheduled_at = forms.DateTimeField(
        label=SCHEDULED_AT,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=CheckedDateTimeInput(),
    )
    duration_minutes = forms.IntegerField(label="Minutes", min_value=15, max_value=480, initial=60)
    stages = forms.MultipleChoiceField(
        choices=STAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Sales stages the guide covers",
        help_text="Leave all unticked to follow the star's distinctive behaviours.",
    )

    def __init__(
        self, *args: Any, stars: QuerySet[Person], people: QuerySet[Person], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["star"].queryset = stars  # type: ignore[attr-defined]
        self.fields["interviewer"].queryset = people  # type: ignore[attr-defined]
        self.fields["co_contributors"].queryset = people  # type: ignore[attr-defined]
        self.fields["co_contributors"].widget.attrs["size"] = 5
        # The time is typed in the viewer's time zone, which the label names.
        self.fields[
            "scheduled_at"
        ].label = f"{SCHEDULED_AT} ({timezone.get_current_timezone_name()})"
        style(self)

    def date_label(self, name: str) -> str:
        return SCHEDULED_AT if name == "scheduled_at" else super().date_label(name)


class TextSaveForm(FreeTextForm):
    """One of the two texts of a debrief, saved as it is typed."""

    field = forms.ChoiceField(choices=[("guide", "guide"), ("notes", "notes")])
    text = forms.CharField(required=False, strip=False, max_length=50_000)


class StatusForm(FreeTextForm):
    status = forms.ChoiceField(choices=Debrief.Status.choices)


@with_card_fields(compact=True)
class PracticeDraftForm(FreeTextForm):
    """A practice card drafted from the debrief: its content (the card's declared fields) and the
    star's behaviours to cite as its evidence."""

    evidence = forms.MultipleChoiceField(
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Evidence from the star's profile",
    )

    def __init__(self, *args: Any, debrief: Debrief, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        strong = [(str(item["behavior"]), str(item["label"])) for item in debrief.distinctive]
        weaker = [
            (str(item["behavior"]), f"{item['label']} (weaker evidence)")
            for item in debrief.unusual
        ]
        self.fields["evidence"].choices = strong + weaker  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("evidence", [key for key, _ in strong])
            self.initial.setdefault("stage_tags", list(debrief.stages))
        style(self)

    def text_columns(self) -> list[list[forms.BoundField]]:
        """The card's text fields in two columns, the first taking the odd one."""
        texts = [self[field.name] for field in CARD_FIELDS if not field.is_tags]
        half = (len(texts) + 1) // 2
        return [texts[:half], texts[half:]]

    def tag_fields(self) -> list[forms.BoundField]:
        return [self[field.name] for field in CARD_FIELDS if field.is_tags]


class QuestionForm(FreeTextForm):
    stage = forms.ChoiceField(choices=STAGE_CHOICES)
    text = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class QuestionEditForm(QuestionForm):
    action = forms.ChoiceField(choices=[("save", "Save"), ("delete", "Remove")])

"""Forms that parse the recognition pages' input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from uplift.orgs.access import colleagues_visible
from uplift.orgs.models import Person
from uplift.practices.access import practices_visible
from uplift.practices.models import Practice
from uplift.recognition import selectors
from uplift.recognition.access import badge_levels_visible
from uplift.recognition.models import (
    KUDOS_MESSAGE_MAX,
    SPOTLIGHT_MESSAGE_MAX,
    BadgeLevel,
    Kudos,
    PointsRule,
    RecognitionSettings,
)
from uplift.recognition.selectors import practices_for_kudos
from uplift.web.pickers import PersonChoiceField
from uplift.web.text_forms import FreeTextForm


def _choice(form: forms.Form, name: str) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return cast("forms.ModelChoiceField", form.fields[name])  # type: ignore[type-arg]


class KudosForm(FreeTextForm):
    receiver = PersonChoiceField(label="Who")
    reason = forms.ChoiceField(
        choices=Kudos.Reason.choices, initial=Kudos.Reason.GENERAL, label="For"
    )
    practice: forms.ModelChoiceField[Practice] = forms.ModelChoiceField(
        queryset=None, required=False, label="Practice (when it is for a practice)"
    )
    session_id = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="Session (when it is for coaching or a role play)",
    )
    help_description = forms.CharField(
        max_length=200, required=False, label="What help (when it is for help given)"
    )
    message = forms.CharField(
        max_length=KUDOS_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": KUDOS_MESSAGE_MAX}),
    )

    def __init__(self, *args: Any, viewer: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        receiver = _choice(self, "receiver")
        practice = _choice(self, "practice")
        receiver.queryset = colleagues_visible(viewer).exclude(pk=viewer.pk)
        receiver.empty_label = "Choose a colleague…"
        practice.queryset = practices_for_kudos(viewer=viewer)
        practice.empty_label = "—"
        session = self.fields["session_id"]
        session.choices = [("", "—"), *selectors.sessions_for_kudos(viewer=viewer)]  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
            field.widget.attrs.setdefault("id", f"kudos-{name}")


class SpotlightForm(FreeTextForm):
    contributor = PersonChoiceField(label="Contributor")
    practice: forms.ModelChoiceField[Practice] = forms.ModelChoiceField(
        queryset=None, required=False, label="Their practice (optional)"
    )
    message = forms.CharField(
        max_length=SPOTLIGHT_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": SPOTLIGHT_MESSAGE_MAX}),
        label="What you want the team to know",
    )

    def __init__(self, *args: Any, viewer: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contributor = _choice(self, "contributor")
        practice = _choice(self, "practice")
        contributor.queryset = colleagues_visible(viewer).exclude(pk=viewer.pk)
        contributor.empty_label = "Choose who to recognise…"
        # Spotlights are posted by leaders, who see every card of the organisation.
        practice.queryset = practices_visible(viewer).exclude(status=Practice.Status.DRAFT)
        practice.empty_label = "— none —"
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class BadgeGiveForm(FreeTextForm):
    level: forms.ModelChoiceField[BadgeLevel] = forms.ModelChoiceField(queryset=None, label="Badge")
    person = PersonChoiceField(label="To")
    reason = forms.CharField(max_length=300, label="For")

    def __init__(self, *args: Any, viewer: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        level, person = _choice(self, "level"), _choice(self, "person")
        level.queryset = badge_levels_visible(viewer).select_related("badge")
        level.empty_label, person.empty_label = "Choose a badge level…", "Choose who…"
        level.label_from_instance = lambda lv: f"{lv.badge.name} · {lv.name}"  # type: ignore[method-assign,assignment]
        person.queryset = colleagues_visible(viewer).exclude(pk=viewer.pk)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class RuleForm(FreeTextForm):
    points = forms.IntegerField(min_value=-1000, max_value=1000)
    recipient = forms.ChoiceField(choices=PointsRule.Recipient.choices)
    cap = forms.IntegerField(required=False, min_value=1, max_value=1000)
    cap_period = forms.ChoiceField(choices=PointsRule.Period.choices)
    dedup_template = forms.CharField(max_length=200)
    active = forms.BooleanField(required=False)


class LevelForm(FreeTextForm):
    name = forms.CharField(max_length=40)
    threshold = forms.IntegerField(min_value=1, max_value=10000)


class SettingsForm(FreeTextForm):
    slack_webhook_url = forms.CharField(max_length=500, required=False)
    teams_webhook_url = forms.CharField(max_length=500, required=False)
    teams_format = forms.ChoiceField(choices=RecognitionSettings.TeamsFormat.choices)
    revenue_leaderboards = forms.BooleanField(required=False)


class ReverseForm(FreeTextForm):
    reason = forms.CharField(max_length=300)


def form_error(form: forms.Form) -> str:
    """The form's first error as one sentence, with the field it is about."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        prefix = f"{label or name.replace('_', ' ').capitalize()}: " if name != "__all__" else ""
        return f"{prefix}{errors[0]}"
    return "Check the form."

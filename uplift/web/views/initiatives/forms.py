"""Forms for the initiative pages: they parse input; the services decide what is acceptable.
The commitment fields are built from their declaration (`uplift.initiatives.kinds`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from uplift.initiatives.kinds import KindSpec
from uplift.initiatives.models import Initiative, SharingSession
from uplift.orgs.models import Team
from uplift.practices.models import Practice
from uplift.web.pickers import PeopleChoiceField, PersonChoiceField
from uplift.web.text_forms import FreeTextForm
from uplift.web.views.practices.forms import with_card_fields


class Styled(FreeTextForm):
    """Bootstrap classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()


# People are picked by type-ahead, each name with its team and role (uplift/web/pickers.py).
PersonChoice = PersonChoiceField
PeopleChoice = PeopleChoiceField


class LaunchForm(Styled):
    name = forms.CharField(max_length=120, label="Name")
    purpose = forms.CharField(
        label="Purpose",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the organisation does this, in a sentence or two.",
    )
    sponsor = PersonChoice(scope="leaders", label="Executive sponsor")
    owner = PersonChoice(scope="admins", label="Owner (enablement)")
    scope_team: forms.ModelChoiceField[Team] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Scope",
        empty_label="The whole organisation",
        help_text="A team covers the teams under it.",
    )
    starts_on = forms.DateField(
        label="Starts on", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    close_percent = forms.IntegerField(
        label="Gap to close (%)",
        min_value=1,
        max_value=100,
        initial=25,
        help_text="Of the star-core gap.",
    )
    quarters = forms.IntegerField(label="Within (quarters)", min_value=1, max_value=12, initial=4)
    cadence = forms.ChoiceField(choices=Initiative.Cadence.choices, label="Sessions")

    def __init__(
        self, *args: Any, leaders: Any = None, admins: Any = None, teams: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = leaders  # type: ignore[attr-defined]
        self.fields["owner"].queryset = admins  # type: ignore[attr-defined]
        self.fields["scope_team"].queryset = teams  # type: ignore[attr-defined]


def pledge_fields(
    specs: Iterable[KindSpec], current: dict[str, int] | None = None
) -> dict[str, forms.Field]:
    """One number field per kind of commitment, named by its declaration."""
    return {
        spec.field: forms.IntegerField(
            label=f"{spec.label} {spec.per}",
            min_value=0,
            max_value=spec.most,
            required=False,
            initial=(current or {}).get(spec.kind.value, 0),
            help_text=f"Kept by {spec.kept_by}.",
            widget=forms.NumberInput(attrs={"class": "form-control", "style": "max-width: 7rem"}),
        )
        for spec in specs
    }


class PledgeForm(Styled):
    """What someone commits to each period; the fields come from `KINDS`."""

    def __init__(
        self,
        *args: Any,
        specs: Iterable[KindSpec],
        current: dict[str, int] | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.specs = tuple(specs)
        self.fields.update(pledge_fields(self.specs, current))

    def counts(self) -> dict[Any, int]:
        return {spec.kind: self.cleaned_data.get(spec.field) or 0 for spec in self.specs}


class AnswerForm(PledgeForm):
    answer = forms.ChoiceField(
        choices=[("accept", "Accept"), ("decline", "Decline")], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label="A note for the sponsor (optional)", max_length=300, required=False
    )


class InviteForm(Styled):
    people = PeopleChoice(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="Stars to invite"
    )

    def __init__(self, *args: Any, candidates: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = candidates  # type: ignore[attr-defined]


class CloseForm(Styled):
    retrospective = forms.CharField(
        label="Retrospective",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What worked, what did not, and what comes next.",
    )


class SessionForm(Styled):
    kind = forms.ChoiceField(choices=SharingSession.Kind.choices, label="Kind")
    topic = forms.CharField(max_length=200, label="Topic")
    practice: forms.ModelChoiceField[Practice] = forms.ModelChoiceField(
        queryset=None, required=False, label="Practice it is about", empty_label="None yet"
    )
    host = PersonChoice(
        queryset=None, required=False, label="Host", help_text="You, unless you name someone."
    )
    scheduled_at = forms.DateTimeField(
        label="When", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    duration_minutes = forms.IntegerField(label="Minutes", min_value=15, max_value=240, initial=45)

    def __init__(self, *args: Any, practices: Any = None, hosts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices  # type: ignore[attr-defined]
        self.fields["host"].queryset = hosts  # type: ignore[attr-defined]


class AttendanceForm(Styled):
    people = PeopleChoice(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label="Who came"
    )

    def __init__(self, *args: Any, guests: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = guests  # type: ignore[attr-defined]


class NotesForm(Styled):
    notes = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 6}), label="Notes", max_length=20_000
    )


@with_card_fields(compact=True)
class SessionDraftForm(Styled):
    """The practice card drafted from a session's notes, credited to its host."""


class PairForm(Styled):
    mentee = PersonChoice(scope="reps", label="Core rep to mentor")
    goal = forms.CharField(max_length=300, required=False, label="What you will work on")

    def __init__(self, *args: Any, mentees: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = mentees  # type: ignore[attr-defined]


class DecisionForm(Styled):
    decision = forms.ChoiceField(choices=[("agree", "Agree"), ("decline", "Decline")])


class CheckInForm(Styled):
    held_on = forms.DateField(
        label="Met on", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(max_length=500, label="What you worked on")

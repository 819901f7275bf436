"""Dates that are probably a slip — a coaching session booked in 2020, a milestone due in 2062 —
get a warning before anything is saved, and go through once the person ticks "Yes, this date is
right". A warning is never a refusal: recording a session that already happened is allowed, it is
asked about once.

A form lists its checked fields and their window in `date_windows`, and uses `CheckedDateInput`
or `CheckedDateTimeInput` for them: the widget shows the box to tick under the field (and, for a
time, the time zone it is read in). Only a value that changed is checked, so an edit form that
keeps a past date does not ask again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from django import forms
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.timesince import timesince, timeuntil

CONFIRMED_SUFFIX = "_confirmed"
ASK = "Is that right? Tick “Yes, this date is right” and save again, or change the date."


@dataclass(frozen=True)
class DateWindow:
    """Dates from `past_days` before today to `future_days` after it pass without a word; None
    leaves that side open."""

    past_days: int | None
    future_days: int | None

    def warning(self, day: date, today: date, *, what: str) -> str | None:
        if self.past_days is not None and day < today - timedelta(days=self.past_days):
            return f"{what} is {_day(day)}, {timesince(day, today)} ago."
        if self.future_days is not None and day > today + timedelta(days=self.future_days):
            return f"{what} is {_day(day)}, {timeuntil(day, today)} from now."
        return None


def _day(day: date) -> str:
    return date_format(day, "j F Y")


# Something to come (a session, a debrief, an event): from today to a year ahead.
UPCOMING = DateWindow(past_days=0, future_days=365)
# A deadline (a milestone, an action item, a plan's target): from today to two years ahead.
DEADLINE = DateWindow(past_days=0, future_days=730)
# Something that happened or happens now (a check-in, a role play): up to a year back, not ahead.
HAPPENED = DateWindow(past_days=366, future_days=0)
# The start of something (a plan): three months either way.
STARTING = DateWindow(past_days=92, future_days=92)
# A role play is recorded when it is held, or booked a little ahead.
HELD = DateWindow(past_days=31, future_days=365)


class _Checked:
    """What the checked widgets add to Django's date inputs."""

    unconfirmed = False
    confirmed = False
    shows_zone = False
    warning = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)  # type: ignore[misc]
        widget = context["widget"]
        widget["unconfirmed"] = self.unconfirmed
        widget["confirmed"] = self.confirmed
        widget["warning"] = self.warning
        widget["confirm_name"] = name + CONFIRMED_SUFFIX
        widget["zone"] = timezone.get_current_timezone_name() if self.shows_zone else ""
        return context


class CheckedDateInput(_Checked, forms.DateInput):
    input_type = "date"
    template_name = "web/widgets/checked_date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CheckedDateTimeInput(_Checked, forms.DateTimeInput):
    """A date and time typed in the viewer's time zone, which it names."""

    input_type = "datetime-local"
    template_name = "web/widgets/checked_date.html"
    shows_zone = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class DateChecks(forms.Form):
    """A form whose `date_windows` fields warn about unlikely dates until confirmed."""

    date_windows: ClassVar[Mapping[str, DateWindow]] = {}

    def date_label(self, name: str) -> str:
        """The field's name as a warning about its date says it."""
        return str(self.fields[name].label or name.replace("_", " ").capitalize())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        today = timezone.localdate()
        for name, window in self.date_windows.items():
            value = cleaned.get(name)
            if value is None or name not in self.changed_data:
                continue
            day = timezone.localtime(value).date() if isinstance(value, datetime) else value
            warning = window.warning(day, today, what=f"“{self.date_label(name)}”")
            if warning is None:
                continue
            widget = self.fields[name].widget
            confirmed = self.data.get(self.add_prefix(name) + CONFIRMED_SUFFIX) == "1"
            if isinstance(widget, _Checked):
                widget.unconfirmed = True
                widget.confirmed = confirmed
                widget.warning = warning
            if not confirmed:  # the widget says what is odd; the error asks to confirm
                self.add_error(
                    name, f"{warning} {ASK}" if not isinstance(widget, _Checked) else ASK
                )
        return cleaned

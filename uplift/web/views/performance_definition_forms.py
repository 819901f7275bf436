"""The form of the "what performance means" page, and the words that explain each choice."""

from __future__ import annotations

from typing import Any

from django import forms

from uplift.analytics.metrics.mix import MIX_KEYS
from uplift.analytics.performance.config import DEFAULT_COMPOSITE_WEIGHTS
from uplift.analytics.performance.lenses import LENS_SPECS
from uplift.insights.definition import CHOICES_HELP
from uplift.insights.models import PerformanceDefinition
from uplift.web.text_forms import FreeTextForm

METRIC_HELP: dict[str, str] = {
    "auto": "Let Uplift choose: quota attainment when quotas cover most of the reps' selling "
    "time, bookings otherwise. A safe start when you are unsure.",
    "attainment": "Bookings over each rep's quota for the same months. Fair when quotas are set "
    "with care and most reps have one.",
    "bookings": "Won amounts, against an average rep with the same selling time, ramp and deal "
    "mix. Rewards closing revenue.",
    "win_rate": "Wins out of closed deals, against the organisation on the same kind of deals. "
    "Rewards converting what they work, whatever its size.",
    "avg_deal": "The typical won deal's size, against the organisation's on the same deal mix. "
    "Rewards bigger deals rather than more of them.",
    "composite": "A blend of several lenses with the weights you set below. Use it when no "
    "single number is fair to how your reps sell.",
}
MIX_HELP: dict[str, str] = {
    "segment": "Account segment (e.g. SMB, Mid-market, Enterprise)",
    "region": "Account region",
    "industry": "Account industry",
    "product": "Product sold",
    "type": "Deal type (new business, renewal, …)",
    "lead_source": "Lead source",
}
LENSES: tuple[str, ...] = tuple(CHOICES_HELP["composite_lenses"])


def _weight_field(lens: str) -> str:
    return f"weight_{lens}"


class DefinitionForm(FreeTextForm):
    metric = forms.ChoiceField(
        label="What makes a star", choices=PerformanceDefinition.Metric.choices
    )
    ramp_months = forms.IntegerField(
        label="Ramp-up of new hires (months)",
        min_value=0,
        max_value=24,
        help_text="A new hire is expected to reach a full rep's result after this many months, "
        "rising evenly; 0 compares them with full reps from their first day.",
    )
    mix_by = forms.MultipleChoiceField(
        label="What the baseline holds fixed",
        choices=[(key, MIX_HELP.get(key, key)) for key in MIX_KEYS],
        required=False,
        help_text="Each rep is compared with an average rep selling the same kind of deals. "
        "Tick what counts as 'the same kind'; with nothing ticked, the segment is used.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for lens in LENSES:
            self.fields[_weight_field(lens)] = forms.FloatField(
                label=LENS_SPECS[lens].label,  # type: ignore[index]
                min_value=0,
                max_value=100,
                required=False,
            )

    @classmethod
    def for_definition(cls, definition: PerformanceDefinition) -> DefinitionForm:
        weights = definition.composite_weights or dict(DEFAULT_COMPOSITE_WEIGHTS)
        initial: dict[str, Any] = {
            "metric": definition.metric,
            "ramp_months": definition.ramp_months,
            "mix_by": definition.mix_by or ["segment"],
        }
        initial |= {_weight_field(lens): weights.get(lens, 0) for lens in LENSES}
        return cls(initial=initial)

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[_weight_field(lens)] for lens in LENSES]

    def metric_choices(self) -> list[dict[str, Any]]:
        """The metric radios with their words, for the template."""
        chosen = self["metric"].value()
        return [
            {"value": value, "label": label, "help": METRIC_HELP[value], "checked": value == chosen}
            for value, label in PerformanceDefinition.Metric.choices
        ]

    def mix_choices(self) -> list[dict[str, Any]]:
        chosen = set(self["mix_by"].value() or [])
        return [
            {"value": key, "label": MIX_HELP.get(key, key), "checked": key in chosen}
            for key in MIX_KEYS
        ]

    def definition_fields(self) -> dict[str, Any]:
        """The cleaned form as the keyword arguments of the definition services. The weights
        count only for the composite; blank weights there take the defaults."""
        data = self.cleaned_data
        weights = {
            lens: data[_weight_field(lens)]
            for lens in LENSES
            if data.get(_weight_field(lens)) is not None
        }
        return {
            "metric": data["metric"],
            "composite_weights": (weights or None) if data["metric"] == "composite" else None,
            "ramp_months": data["ramp_months"],
            "mix_by": list(data["mix_by"]) or None,
        }

"""Forms that parse the pulse pages' input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from uplift.pulse.grouping import AGREEMENT, RECOMMEND
from uplift.pulse.models import PulseQuestion, PulseRoundQuestion, PulseSurvey
from uplift.pulse.services import MAX_TEXT
from uplift.web.text_forms import FreeTextForm

AGREEMENT_LABELS = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
}


def scale_of(question: PulseRoundQuestion) -> list[tuple[int, str]]:
    """The values a question is answered with, each with the words a screen reader says."""
    if question.kind == PulseQuestion.Kind.RECOMMEND:
        ends = {0: "0, not at all likely", 10: "10, extremely likely"}
        return [(value, ends.get(value, str(value))) for value in RECOMMEND]
    return [(value, f"{value}, {AGREEMENT_LABELS[value].lower()}") for value in AGREEMENT]


class AnswerForm(FreeTextForm):
    """One required choice per question of the round, named `q<question id>`."""

    def __init__(self, *args: Any, questions: list[PulseRoundQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.question_id}"] = forms.TypedChoiceField(
                label=question.text,
                choices=scale_of(question),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose an answer to this question."},
            )

    def answers(self) -> dict[int, int]:
        return {q.question_id: self.cleaned_data[f"q{q.question_id}"] for q in self.questions}

    def rows(self) -> list[tuple[PulseRoundQuestion, forms.BoundField]]:
        return [(q, self[f"q{q.question_id}"]) for q in self.questions]


class QuestionForm(FreeTextForm):
    text = forms.CharField(label="Question", max_length=MAX_TEXT)
    kind = forms.ChoiceField(
        label="Answered with", choices=PulseQuestion.Kind.choices, initial="agreement"
    )


class RewordForm(FreeTextForm):
    text = forms.CharField(label="Question", max_length=MAX_TEXT)


class MoveForm(FreeTextForm):
    direction = forms.ChoiceField(choices=(("up", "Up"), ("down", "Down")))

    @property
    def by(self) -> int:
        return -1 if self.cleaned_data["direction"] == "up" else 1


class CadenceForm(FreeTextForm):
    cadence_months = forms.TypedChoiceField(
        label="A new round opens", choices=PulseSurvey.Cadence.choices, coerce=int
    )

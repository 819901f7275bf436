"""A service's refusal shown on the form that asked for it, so that views do not each catch it.

    if form.is_valid():
        with refusals_to_form(form):
            plan = plan_create(rep=rep, manager=request.user, data=form.plan_input())
            return redirect("development_plan", plan_id=plan.pk)
    return render(request, "development/plan_form.html", {"form": form}, status=400)

A refusal that names a field of the form is shown on that field, any other on the form as a
whole. `NotAllowed` and `NotFound` are not input to correct: they go on to Django, which answers
the page with 403 or 404 as for any other check."""

from __future__ import annotations

from types import TracebackType

from django import forms

from uplift.core.refusals import NotAllowed, NotFound, Refusal


def form_add_refusal(form: forms.BaseForm, refusal: Refusal) -> None:
    """The refusal as an error of the form: on its field when the form has one by that name."""
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, refusal.message)


class refusals_to_form:  # noqa: N801  (used as a function: `with refusals_to_form(form):`)
    """Within the block, a refusal becomes an error of the form and the code after the block
    runs (it renders the form again); without one, the block runs as written."""

    def __init__(self, form: forms.BaseForm) -> None:
        self.form = form

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        if not isinstance(error, Refusal) or isinstance(error, NotAllowed | NotFound):
            return False
        form_add_refusal(self.form, error)
        return True

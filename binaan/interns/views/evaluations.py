"""The mentor's monthly evaluation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from binaan.core.permissions import permission_required
from binaan.interns import rules, services
from binaan.interns.forms import (
    EvaluationForm,
)
from binaan.interns.models import (
    Evaluation,
)
from binaan.interns.views.common import (
    _form_errors,
    _is_mentor,
    _MethodNotAllowed,
    _placement_for,
    _user,
    methods,
)
from binaan.interns.views.months import _month_of

# --- evaluations --------------------------------------------------------------------------------


@permission_required("interns.view_placement")
@methods
def evaluation_edit(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id)
    if request.method not in {"GET", "POST"}:
        raise _MethodNotAllowed
    first = _month_of(request, placement)
    evaluation = (
        Evaluation.objects.filter(placement=placement, month=first)
        .prefetch_related("scores")
        .first()
    )
    mentor = _is_mentor(request, placement)
    if not mentor and (evaluation is None or evaluation.submitted_at is None):
        # The intern sees an evaluation only once the mentor has submitted it.
        evaluation = None
    competencies = list(placement.competencies.all())
    scores = {s.competency_id: s.score for s in evaluation.scores.all()} if evaluation else {}
    editable = mentor and (evaluation is None or evaluation.submitted_at is None)
    form = EvaluationForm(
        request.POST or None,
        competencies=competencies,
        initial_scores=scores,
        initial={"narrative": evaluation.narrative if evaluation else ""},
    )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                evaluation = services.evaluation_save(
                    placement=placement,
                    by=_user(request),
                    month=first,
                    scores=form.scores(),
                    narrative=form.cleaned_data["narrative"],
                    submit="submit" in request.POST,
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("The evaluation was saved."))
                return redirect(
                    reverse("interns:evaluation", args=[placement.pk]) + f"?month={first:%Y-%m}"
                )
    return render(
        request,
        "interns/evaluation.html",
        {
            "placement": placement,
            "month": first,
            "due": rules.evaluation_due(first),
            "evaluation": evaluation,
            "scores": [(c, scores.get(c.pk)) for c in competencies],
            "form": form,
            "editable": editable,
        },
    )

"""The header's search: residents (for the roles the registry lets see the register) and
programs (those the user may see), in the active facility.

It lives with the programs because programs build on residents: this app may ask the residents'
search selector, not the other way round. Served at /search/ (config/urls.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from binaan.core.audit import read_record
from binaan.core.dates import facility_today
from binaan.core.permissions import allows, permission_required
from binaan.core.scoping import workplace_of
from binaan.programs.models import Program
from binaan.programs.selectors import visible_programs
from binaan.residents.models import Resident
from binaan.residents.selectors import resident_list

# A search answers the first matches of each kind, with a link to the full list where one exists.
LIMIT = 20
MIN_LENGTH = 2
MAX_LENGTH = 100


@dataclass
class SearchResults:
    query: str
    residents: list[Resident] = field(default_factory=list)
    more_residents: bool = False
    programs: list[Program] = field(default_factory=list)
    more_programs: bool = False
    sees_residents: bool = False


def search(request: HttpRequest, query: str) -> SearchResults:
    """Residents by name fragment or registration number (the register's own search) and programs
    by name; each kind only for a user the registry allows to see it."""
    workplace = workplace_of(request)
    results = SearchResults(query=query, sees_residents=allows(workplace, "residents.view"))
    if results.sees_residents and workplace.facility is not None:
        facility = workplace.facility
        residents = resident_list(
            facility=facility, today=facility_today(facility), q=query, state="all"
        )
        # One row more than shown says whether there are more, in the same query.
        found = list(residents[: LIMIT + 1])
        results.residents, results.more_residents = found[:LIMIT], len(found) > LIMIT
    programs = (
        visible_programs(workplace)
        .filter(name__icontains=query)
        .select_related("category")
        .order_by("status", "name")
    )
    matches = list(programs[: LIMIT + 1])
    results.programs, results.more_programs = matches[:LIMIT], len(matches) > LIMIT
    return results


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, registration number or program"),
        max_length=MAX_LENGTH,
        min_length=MIN_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={
            "required": _("Type a name, a registration number or a program."),
            "min_length": _("Type at least %(limit_value)s letters or digits."),
            "max_length": _("Type at most %(limit_value)s characters."),
        },
    )

    def __init__(self, *args: Any, sees_residents: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not sees_residents:
            self.fields["q"].label = _("Program name")
            self.fields["q"].error_messages["required"] = _("Type a program's name.")

    def clean_q(self) -> str:
        # Spaces typed twice or around the words are not part of what is searched.
        return " ".join(self.cleaned_data["q"].split())


@permission_required("programs.view")
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    sees_residents = allows(workplace_of(request), "residents.view")
    form = SearchForm(request.GET if "q" in request.GET else None, sees_residents=sees_residents)
    results = None
    if form.is_bound and form.is_valid():
        results = search(request, form.cleaned_data["q"])
        if results.sees_residents:
            read_record(
                request, what="search", count=len(results.residents), filters={"q": results.query}
            )
    context = {"form": form, "results": results, "limit": LIMIT}
    return render(request, "programs/search.html", context)

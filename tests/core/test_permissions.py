"""The authorization registry: names fail loudly, predicates hold both ways, templates and the
navigation ask it, and no role is decided anywhere else."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import resolve

from binaan.accounts.models import User
from binaan.accounts.navigation import NAV_ITEMS, nav_for
from binaan.accounts.workplace import Workplace, load_workplace
from binaan.core import permissions
from binaan.core.permissions import (
    PUBLIC,
    REGISTRY,
    Can,
    MemberActor,
    Role,
    allows,
    allows_all,
    define,
    get_rule,
    permission_required,
    permitted,
    roles_with,
    user_allows,
)
from binaan.facilities.models import Facility
from binaan.interns.models import Placement
from binaan.programs.models import Program, Session, SessionFacilitator, SessionIntern
from binaan.programs.selectors import markable_sessions, visible_programs, visible_sessions
from tests.factories import (
    FacilitatorFactory,
    PartnerFactory,
    intern_placement,
    intern_session,
    national_user,
    regional_user,
    user_with_roles,
)

BINAAN = Path(settings.BASE_DIR) / "binaan"


def _workplace(user: User, facility: Facility) -> Workplace:
    workplace = load_workplace(user, facility.pk)
    assert workplace.facility == facility
    return workplace


@pytest.fixture
def temporary_rule() -> Iterator[None]:
    yield
    REGISTRY.pop("tests.twice", None)


# --- names fail loudly --------------------------------------------------------------------


def test_an_unknown_permission_fails_loudly(facility: Facility) -> None:
    actor = MemberActor(user=None, roles=frozenset({Role.ADMIN}))
    with pytest.raises(LookupError, match="unknown permission 'users.mange'"):
        allows(actor, "users.mange")
    with pytest.raises(LookupError):
        roles_with("nothing.at_all")
    with pytest.raises(LookupError):
        permission_required("residents.veiw")
    with pytest.raises(LookupError):
        permitted(actor, "sessions.veiw", Session.objects.all())


def test_a_permission_defined_twice_fails(temporary_rule: None) -> None:
    define("tests.twice", {Role.ADMIN}, "once")
    with pytest.raises(ValueError, match="defined twice"):
        define("tests.twice", {Role.HEAD}, "twice")


def test_a_predicate_for_a_role_without_the_permission_fails() -> None:
    with pytest.raises(ValueError, match="does not hold it"):
        define("tests.orphan", {Role.ADMIN}, "x", only={Role.PARTNER: permissions.LEADS_SESSION})
    assert "tests.orphan" not in REGISTRY


def test_every_rule_is_well_formed() -> None:
    assert len(REGISTRY) >= 30
    for name, rule in REGISTRY.items():
        assert re.fullmatch(r"[a-z]+\.[a-z_]+", name), name
        assert rule.name == name and rule.description
        assert rule.roles and rule.roles <= set(Role), name
        assert rule.only.keys() <= rule.roles, name


def test_case_data_is_never_a_partners_or_an_interns() -> None:
    # DESIGN.md: case data is never shown to partner or intern, by any page, export or API.
    assert not roles_with("residents.view_case_data") & {Role.PARTNER, Role.INTERN}
    assert not roles_with("attendance.view_full_register") & {Role.PARTNER, Role.INTERN}
    # Interns never mark attendance; only the head amends locked marks.
    assert Role.INTERN not in roles_with("attendance.mark")
    assert roles_with("attendance.amend_locked") == {Role.HEAD}


# --- object predicates, both ways ---------------------------------------------------------


def test_a_partner_marks_only_the_sessions_they_lead(facility: Facility) -> None:
    partner_user = user_with_roles(facility, Role.PARTNER)
    facilitator = FacilitatorFactory(
        facility=facility, partner=PartnerFactory(facility=facility), user=partner_user
    )
    by_program = intern_session(facility)
    by_program.program.facilitators.add(facilitator)
    by_assignment = intern_session(facility)
    SessionFacilitator.objects.create(session=by_assignment, facilitator=facilitator)
    foreign = intern_session(facility)
    workplace = _workplace(partner_user, facility)

    assert allows(workplace, "attendance.mark")  # the feature: for their own sessions
    assert not allows_all(workplace, "attendance.mark")
    for session in (by_program, by_assignment):
        assert allows(workplace, "attendance.mark", session)
        assert allows(workplace, "sessions.view", session)
    assert not allows(workplace, "attendance.mark", foreign)
    assert not allows(workplace, "sessions.view", foreign)
    expected = {by_program.pk, by_assignment.pk}
    assert set(markable_sessions(workplace).values_list("pk", flat=True)) == expected
    assert set(visible_sessions(workplace).values_list("pk", flat=True)) == expected
    assert set(visible_programs(workplace)) == {by_program.program}
    assert allows(workplace, "programs.view", by_program.program)
    assert not allows(workplace, "programs.view", foreign.program)


def test_an_intern_sees_the_sessions_they_are_assigned_to_and_marks_none(
    facility: Facility,
) -> None:
    intern = user_with_roles(facility, Role.INTERN)
    assigned = intern_session(facility)
    SessionIntern.objects.create(session=assigned, user=intern)
    other = intern_session(facility)
    workplace = _workplace(intern, facility)

    assert allows(workplace, "sessions.view", assigned)
    assert allows(workplace, "sessions.view_roster", assigned)
    assert not allows(workplace, "sessions.view", other)
    assert not allows(workplace, "sessions.view_roster", other)
    assert not allows(workplace, "attendance.mark", assigned)
    assert list(visible_sessions(workplace)) == [assigned]
    assert not markable_sessions(workplace).exists()
    assert not visible_programs(workplace).exists()


def test_staff_see_every_session_and_only_the_markers_mark(facility: Facility) -> None:
    session = intern_session(facility)
    for role, marks in ((Role.OFFICER, True), (Role.HEAD, True), (Role.CASEWORKER, False)):
        workplace = _workplace(user_with_roles(facility, role), facility)
        assert allows(workplace, "sessions.view", session), role
        assert list(visible_sessions(workplace)) == [session], role
        assert allows(workplace, "attendance.mark", session) is marks, role
        assert markable_sessions(workplace).exists() is marks, role


def test_the_session_selectors_stay_in_the_active_facility(
    facility: Facility, other_facility: Facility
) -> None:
    officer = user_with_roles(facility, Role.OFFICER)
    user_with_roles(other_facility, Role.OFFICER, username="x")  # noise
    intern_session(facility)
    elsewhere = intern_session(other_facility)
    workplace = _workplace(officer, facility)
    assert elsewhere not in visible_sessions(workplace)
    assert elsewhere not in markable_sessions(workplace)
    assert not Program.objects.filter(pk=elsewhere.program_id).filter(
        pk__in=visible_programs(workplace)
    )


def test_a_mentor_sees_the_placements_they_mentor(facility: Facility) -> None:
    mentor = user_with_roles(facility, Role.CASEWORKER)
    mine = intern_placement(facility, mentor=mentor)
    theirs = intern_placement(facility)
    workplace = _workplace(mentor, facility)
    assert allows(workplace, "interns.mentor", mine)
    assert not allows(workplace, "interns.mentor", theirs)
    assert allows(workplace, "interns.view_placement", mine)
    assert not allows(workplace, "interns.view_placement", theirs)
    assert list(permitted(workplace, "interns.view_placement", Placement.objects.all())) == [mine]
    assert mentor.pk in set(
        User.objects.filter(memberships__role__in=roles_with("interns.mentor")).values_list(
            "pk", flat=True
        )
    )
    # The head acts for any mentor; in services too, where only the user is known.
    head = user_with_roles(facility, Role.HEAD)
    assert allows(_workplace(head, facility), "interns.mentor", theirs)
    assert user_allows(head, facility, "interns.mentor", theirs)
    assert not user_allows(mentor, facility, "interns.mentor", theirs)


def test_an_intern_holds_only_their_own_placement(facility: Facility) -> None:
    own = intern_placement(facility)
    other = intern_placement(facility)
    workplace = _workplace(own.intern, facility)
    assert allows(workplace, "interns.own_placement", own)
    assert not allows(workplace, "interns.own_placement", other)
    assert not allows(workplace, "interns.manage")
    assert list(permitted(workplace, "interns.view_placement", Placement.objects.all())) == [own]


def test_the_predicates_two_forms_agree(facility: Facility) -> None:
    """An in-memory check and its queryset filter must say the same for every object."""
    placements = [intern_placement(facility) for _ in range(3)]
    for predicate in (permissions.MENTORS_PLACEMENT, permissions.OWN_PLACEMENT):
        for user in {p.mentor for p in placements} | {p.intern for p in placements}:
            matched = set(Placement.objects.filter(predicate.filter(user)))
            assert {p for p in placements if predicate.holds(user, p)} == matched


def test_a_rule_change_in_the_registry_changes_the_answer(
    facility: Facility, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The registry is read when asked, so one edit (or a test's patch) changes every check.
    workplace = _workplace(user_with_roles(facility, Role.HEAD), facility)
    assert allows(workplace, "users.view")
    rule = get_rule("users.view")
    monkeypatch.setitem(REGISTRY, "users.view", replace(rule, roles=rule.roles - {Role.HEAD}))
    assert not allows(workplace, "users.view")


# --- templates ----------------------------------------------------------------------------


def test_can_in_a_template(facility: Facility) -> None:
    template = Template(
        "{% if can.users.manage %}manage{% endif %}|{% if can.users.view %}view{% endif %}"
        "|{% if can.users %}prefix{% endif %}"
    )
    for role, expected in (
        (Role.ADMIN, "manage|view|"),
        (Role.HEAD, "|view|"),
        (Role.PARTNER, "||"),
    ):
        workplace = _workplace(user_with_roles(facility, role), facility)
        assert template.render(Context({"can": Can(workplace)})) == expected, role


def test_an_unknown_name_in_a_template_fails_loudly(facility: Facility) -> None:
    workplace = _workplace(user_with_roles(facility, Role.ADMIN), facility)
    with pytest.raises(LookupError):
        Template("{% if can.users.mange %}x{% endif %}").render(Context({"can": Can(workplace)}))


def test_every_can_in_the_templates_names_a_permission() -> None:
    names = set()
    for path in BINAAN.rglob("*.html"):
        names |= set(re.findall(r"\bcan\.([a-z]+\.[a-z_]+)", path.read_text()))
    assert names, "no template asks `can`"
    assert names <= REGISTRY.keys(), names - REGISTRY.keys()


def test_pages_receive_can(client_for: Callable[[User], Client], facility: Facility) -> None:
    from django.urls import reverse

    add_user = reverse("accounts:user_create")
    for role, shown in ((Role.ADMIN, True), (Role.HEAD, False)):
        response = client_for(user_with_roles(facility, role)).get(reverse("accounts:user_list"))
        assert response.status_code == 200
        assert isinstance(response.context["can"], Can)
        assert (f'href="{add_user}"' in response.content.decode()) is shown, role


# --- the navigation -----------------------------------------------------------------------


def test_each_menu_entry_asks_for_no_less_than_its_view_requires() -> None:
    from django.urls import reverse

    for item in NAV_ITEMS:
        view = resolve(reverse(item.url_name)).func
        required = getattr(view, "binaan_permission", None)
        assert item.permission == PUBLIC or item.permission in REGISTRY, item.url_name
        if required is not None and required != PUBLIC:
            # Whoever the menu shows the entry to holds the view's permission.
            assert roles_with(item.permission) <= roles_with(required), item.url_name


def _users_of_every_role(facility: Facility) -> dict[str, User]:
    users = {role: user_with_roles(facility, role) for role in permissions.FACILITY_ROLES}
    assert facility.regional_office is not None
    users[Role.REGIONAL] = regional_user(facility.regional_office)
    users[Role.NATIONAL] = national_user()
    return users


def test_the_navigation_never_offers_a_page_that_answers_403(facility: Facility) -> None:
    for role, user in _users_of_every_role(facility).items():
        client = Client()
        client.force_login(user)
        items = nav_for(load_workplace(user, None), "/")
        assert items, role
        for item in items:
            response = client.get(str(item["url"]), follow=True)
            assert response.status_code == 200, f"{role} {item['url']} {response.status_code}"


# --- nothing decides by role outside the registry -----------------------------------------

ROLE_NAMES = "|".join(role.value for role in Role)
# Role as *data*, not as a decision: the shape of a membership row (facility, region or neither)
# and which memberships give a regional or national scope.
ROLE_DATA_FILES = {"accounts/models.py", "accounts/workplace.py"}
PYTHON_PATTERNS = [
    re.compile(r"\bRole\.[A-Z]+\b"),  # Role.ADMIN …
    re.compile(r"\b\w*ROLES\s*=\s*(?:frozenset|tuple|set|\(|\[|\{)"),  # a role tuple
    re.compile(rf"\brole(?:__in)?\s*(?:=|==|!=)\s*[\"'](?:{ROLE_NAMES})[\"']"),
    re.compile(rf"[\"'](?:{ROLE_NAMES})[\"']\s+(?:not\s+)?in\b"),  # "admin" in roles
    re.compile(r"\.has_role\(|\broles_required\(|\brequire_roles\("),
]
TEMPLATE_PATTERNS = [
    re.compile(r"\bworkplace\.roles\b|\bhas_role\b"),
    re.compile(rf"{{%\s*(?:if|elif)\b[^%]*[\"'](?:{ROLE_NAMES})[\"'][^%]*%}}"),
]


def _offences(patterns: list[re.Pattern[str]], suffix: str) -> list[str]:
    found = []
    for path in sorted(BINAAN.rglob(f"*{suffix}")):
        relative = path.relative_to(BINAAN).as_posix()
        if (
            relative == "core/permissions.py"
            or "/migrations/" in relative
            or relative.startswith("devtools/")
            or relative in ROLE_DATA_FILES
        ):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if any(pattern.search(line) for pattern in patterns):
                found.append(f"binaan/{relative}:{number}: {line.strip()}")
    return found


def test_no_role_is_decided_outside_the_registry_in_python() -> None:
    assert _offences(PYTHON_PATTERNS, ".py") == []


def test_no_template_names_a_role() -> None:
    assert _offences(TEMPLATE_PATTERNS, ".html") == []


def test_the_guard_finds_what_it_guards_against() -> None:
    lines = [
        "@roles_required(Role.ADMIN, Role.HEAD)",
        "MARKERS_ROLES = (a, b)",
        'if workplace.has_role("head"):',
        'Membership.objects.filter(role="intern")',
        '"partner" in workplace.roles',
    ]
    for line in lines:
        assert any(p.search(line) for p in PYTHON_PATTERNS), line
    for line in ['{% if "admin" in workplace.roles %}', '{% elif x == "national" %}']:
        assert any(p.search(line) for p in TEMPLATE_PATTERNS), line
    # A translated label is not a role check.
    assert not any(p.search('{% translate "intern" %}') for p in TEMPLATE_PATTERNS)

"""Detention orders of tahanan: a chain with extensions derived by hand, every refusal, the
register code following the authority, the warnings at 10 / 3 / 0 days and the pages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from binaan.accounts.models import User
from binaan.core.dates import facility_today
from binaan.core.models import AuditEvent
from binaan.facilities.models import Facility, Location, LocationKind
from binaan.residents import detention, detention_selectors
from binaan.residents.detention import (
    DetentionAuthority as A,
)
from binaan.residents.detention import (
    DetentionRuleError,
    Order,
    check_order,
    expiry,
)
from binaan.residents.detention import (
    OrderIssuer as I,
)
from binaan.residents.detention import (
    OrderKind as K,
)
from binaan.residents.detention_services import detention_order_add
from binaan.residents.models import CustodyStatus, DetentionOrder, Resident, ResidentState
from tests.factories import make_resident
from tests.querycount import assert_flat_queries, requesting

# --- the worked chain, by hand ----------------------------------------------------------------
#
# Convention: N days from day S end on S + N - 1; an extension starts on the day after.
#  1. Penyidik, 20 days from Fri 2 Jan 2026: 2..21 Jan                  -> ends Wed 21 Jan 2026
#  2. Extension by the penuntut umum, 40 days from 22 Jan:
#     22..31 Jan = 10 days, February 2026 = 28 (38), 1..2 Mar = 2 (40)  -> ends Mon 2 Mar 2026
#  3. Penuntut umum, 20 days from 3 Mar: 3..22 Mar                      -> ends Sun 22 Mar 2026
#  4. Extension by the ketua PN, 30 days from 23 Mar:
#     23..31 Mar = 9, 1..21 Apr = 21 (30)                               -> ends Tue 21 Apr 2026
#  5. Hakim PN, 30 days from 22 Apr: 22..30 Apr = 9, 1..21 May = 21     -> ends Thu 21 May 2026
#  6. Extension by the ketua PN, 60 days from 22 May:
#     22..31 May = 10, June = 30 (40), 1..20 Jul = 20 (60)              -> ends Mon 20 Jul 2026
#  7. Pasal 29 by the ketua PT (9 years or more), 30 days from 21 Jul:
#     21..31 Jul = 11, 1..19 Aug = 19 (30)                              -> ends Wed 19 Aug 2026
WORKED_CHAIN = [
    (A.PENYIDIK, I.PENYIDIK, K.ORDER, date(2026, 1, 2), 20, date(2026, 1, 21), "A.I"),
    (A.PENYIDIK, I.PENUNTUT_UMUM, K.EXTENSION, date(2026, 1, 22), 40, date(2026, 3, 2), "A.I"),
    (A.PENUNTUT_UMUM, I.PENUNTUT_UMUM, K.ORDER, date(2026, 3, 3), 20, date(2026, 3, 22), "A.II"),
    (A.PENUNTUT_UMUM, I.KETUA_PN, K.EXTENSION, date(2026, 3, 23), 30, date(2026, 4, 21), "A.II"),
    (A.HAKIM_PN, I.HAKIM_PN, K.ORDER, date(2026, 4, 22), 30, date(2026, 5, 21), "A.III"),
    (A.HAKIM_PN, I.KETUA_PN, K.EXTENSION, date(2026, 5, 22), 60, date(2026, 7, 20), "A.III"),
    (A.HAKIM_PN, I.KETUA_PT, K.EXCEPTIONAL, date(2026, 7, 21), 30, date(2026, 8, 19), "A.III"),
]


def _order(authority: str, issuer: str, kind: str, start: date, days: int, **kw: Any) -> Order:
    return Order(authority=authority, issuer=issuer, kind=kind, start=start, days=days, **kw)


def test_expiry_counts_the_first_day() -> None:
    assert expiry(date(2026, 1, 2), 20) == date(2026, 1, 21)
    assert expiry(date(2026, 1, 2), 1) == date(2026, 1, 2)
    # The court record's notation: "sejak 5 Desember 2024 sampai dengan 24 Desember 2024".
    assert expiry(date(2024, 12, 5), 20) == date(2024, 12, 24)
    with pytest.raises(ValueError):
        expiry(date(2026, 1, 2), 0)


def test_the_worked_chain_is_lawful_step_by_step() -> None:
    chain: list[Order] = []
    for authority, issuer, kind, start, days, ends, _code in WORKED_CHAIN:
        ground = detention.ExceptionalGround.NINE_YEARS if kind == K.EXCEPTIONAL else ""
        new = _order(authority, issuer, kind, start, days, ground=ground)
        check_order(chain, new, is_tahanan=True)
        assert new.expires == ends
        chain.append(new)


def _refusal(chain: list[Order], new: Order, *, is_tahanan: bool = True) -> DetentionRuleError:
    with pytest.raises(DetentionRuleError) as caught:
        check_order(chain, new, is_tahanan=is_tahanan)
    return caught.value


def _first(n: int) -> list[Order]:
    chain = []
    for authority, issuer, kind, start, days, _ends, _code in WORKED_CHAIN[:n]:
        ground = detention.ExceptionalGround.NINE_YEARS if kind == K.EXCEPTIONAL else ""
        chain.append(_order(authority, issuer, kind, start, days, ground=ground))
    return chain


def test_refusals_name_the_rule() -> None:
    # An order for a narapidana.
    error = _refusal(
        [], _order(A.PENYIDIK, I.PENYIDIK, K.ORDER, date(2026, 1, 2), 20), is_tahanan=False
    )
    assert error.field == "authority" and "tahanan" in error.message
    # A first order longer than the stage allows (penyidik: 20 days).
    error = _refusal([], _order(A.PENYIDIK, I.PENYIDIK, K.ORDER, date(2026, 1, 2), 21))
    assert error.field == "days" and "20" in error.message and "Pasal 24" in error.message
    # An extension beyond the limit: the penuntut umum extends the penyidik by 40 days at most.
    error = _refusal(
        _first(1), _order(A.PENYIDIK, I.PENUNTUT_UMUM, K.EXTENSION, date(2026, 1, 22), 41)
    )
    assert error.field == "days" and "40" in error.message
    # ... also when given in two parts: 30 + 11 > 40.
    part = _order(A.PENYIDIK, I.PENUNTUT_UMUM, K.EXTENSION, date(2026, 1, 22), 30)
    error = _refusal(
        [*_first(1), part], _order(A.PENYIDIK, I.PENUNTUT_UMUM, K.EXTENSION, date(2026, 2, 21), 11)
    )
    assert error.field == "days" and "10" in error.message
    # An extension by the wrong authority: the ketua PN does not extend the penyidik's detention.
    error = _refusal(_first(1), _order(A.PENYIDIK, I.KETUA_PN, K.EXTENSION, date(2026, 1, 22), 40))
    assert error.field == "issuer" and str(I.PENUNTUT_UMUM.label) in error.message
    # A stage order signed by someone else.
    error = _refusal(_first(2), _order(A.PENUNTUT_UMUM, I.PENYIDIK, K.ORDER, date(2026, 3, 3), 20))
    assert error.field == "issuer"
    # An order that starts after a gap (the chain ended on 2 March).
    error = _refusal(
        _first(2), _order(A.PENUNTUT_UMUM, I.PENUNTUT_UMUM, K.ORDER, date(2026, 3, 5), 20)
    )
    assert error.field == "start" and "2 Maret 2026" in error.message
    # An extension that does not start on the day after.
    error = _refusal(
        _first(1), _order(A.PENYIDIK, I.PENUNTUT_UMUM, K.EXTENSION, date(2026, 1, 24), 30)
    )
    assert error.field == "start" and "22 Januari 2026" in error.message
    # An extension of a stage that is not the current one.
    error = _refusal(
        _first(3), _order(A.PENYIDIK, I.PENUNTUT_UMUM, K.EXTENSION, date(2026, 3, 23), 10)
    )
    assert error.field == "kind"
    # Back to an earlier stage.
    error = _refusal(_first(3), _order(A.PENYIDIK, I.PENYIDIK, K.ORDER, date(2026, 3, 10), 20))
    assert error.field == "authority"
    # A second order of the same stage.
    error = _refusal(_first(1), _order(A.PENYIDIK, I.PENYIDIK, K.ORDER, date(2026, 1, 22), 20))
    assert error.field == "kind"


def test_exceptional_extensions_follow_pasal_29() -> None:
    base = _first(6)  # hakim PN with its 60-day extension, ending 20 Jul 2026
    nine = detention.ExceptionalGround.NINE_YEARS
    start = date(2026, 7, 21)
    # Without a ground.
    error = _refusal(base, _order(A.HAKIM_PN, I.KETUA_PT, K.EXCEPTIONAL, start, 30))
    assert error.field == "ground"
    # Given by the wrong court (Pasal 29 ayat (3) huruf b: the ketua PT at the PN stage).
    error = _refusal(base, _order(A.HAKIM_PN, I.KETUA_PN, K.EXCEPTIONAL, start, 30, ground=nine))
    assert error.field == "issuer" and str(I.KETUA_PT.label) in error.message
    # Longer than 30 days.
    error = _refusal(base, _order(A.HAKIM_PN, I.KETUA_PT, K.EXCEPTIONAL, start, 31, ground=nine))
    assert error.field == "days" and "30" in error.message
    # Before the regular extension is used.
    error = _refusal(
        _first(5), _order(A.HAKIM_PN, I.KETUA_PT, K.EXCEPTIONAL, date(2026, 5, 22), 30, ground=nine)
    )
    assert error.field == "kind"
    # Twice 30 days, then no more: 21 Jul..19 Aug, 20 Aug..18 Sep, refused from 19 Sep.
    first = _order(A.HAKIM_PN, I.KETUA_PT, K.EXCEPTIONAL, start, 30, ground=nine)
    second = _order(A.HAKIM_PN, I.KETUA_PT, K.EXCEPTIONAL, date(2026, 8, 20), 30, ground=nine)
    check_order(base, first, is_tahanan=True)
    check_order([*base, first], second, is_tahanan=True)
    assert second.expires == date(2026, 9, 18)
    error = _refusal(
        [*base, first, second],
        _order(A.HAKIM_PN, I.KETUA_PT, K.EXCEPTIONAL, date(2026, 9, 19), 10, ground=nine),
    )
    assert error.field == "kind" and "dikeluarkan" in error.message


def test_a_new_stage_may_take_over_before_the_previous_order_ends() -> None:
    # Court records show the prosecutor taking over while the extension still ran.
    check_order(
        _first(2),
        _order(A.PENUNTUT_UMUM, I.PENUNTUT_UMUM, K.ORDER, date(2026, 2, 25), 20),
        is_tahanan=True,
    )


def test_the_table_is_the_law_of_the_brief() -> None:
    limits = {a: (s.order_days, s.extension_days) for a, s in detention.STAGES.items()}
    assert limits == {
        "penyidik": (20, 40),
        "penuntut_umum": (20, 30),
        "hakim_pn": (30, 60),
        "hakim_pt": (30, 60),
        "hakim_ma": (50, 60),
    }
    assert [s.register_code for s in detention.STAGES.values()] == [
        "A.I",
        "A.II",
        "A.III",
        "A.IV",
        "A.V",
    ]


# --- the service ---------------------------------------------------------------------------


def _tahanan(facility: Facility, **fields: Any) -> Resident:
    return make_resident(facility, custody_status=CustodyStatus.TAHANAN, **fields)


def _record(
    resident: Resident, authority: str, issuer: str, kind: str, start: date, days: int, **kw: Any
) -> DetentionOrder:
    return detention_order_add(
        resident=resident,
        authority=authority,
        issuer=issuer,
        kind=kind,
        start=start,
        days=days,
        number=kw.pop("number", f"SP.Han/{start:%d%m}/{days}"),
        **kw,
    )


@pytest.mark.django_db
def test_recording_the_worked_chain_moves_the_register_code(facility: Facility) -> None:
    resident = _tahanan(facility)
    for authority, issuer, kind, start, days, ends, code in WORKED_CHAIN:
        ground = detention.ExceptionalGround.NINE_YEARS if kind == K.EXCEPTIONAL else ""
        order = _record(resident, authority, issuer, kind, start, days, ground=ground)
        assert order.expires == ends
        resident.refresh_from_db()
        assert resident.register_code == code
    current = DetentionOrder.objects.get(resident=resident, is_current=True)
    assert current.expires == date(2026, 8, 19)
    assert DetentionOrder.objects.filter(resident=resident).count() == 7
    audited = AuditEvent.objects.filter(object_type="residents.detentionorder")
    assert audited.count() == 7
    # Each code change is audited on the resident: A.I (from none), A.II, A.III.
    code_changes = AuditEvent.objects.filter(object_type="residents.resident", action="update")
    assert [(e.after or {})["register_code"] for e in code_changes.order_by("pk")] == [
        "A.I",
        "A.II",
        "A.III",
    ]


@pytest.mark.django_db
def test_a_refused_order_saves_nothing(facility: Facility) -> None:
    resident = _tahanan(facility, register_code="")
    _record(resident, A.PENYIDIK, I.PENYIDIK, K.ORDER, date(2026, 1, 2), 20)
    with pytest.raises(ValidationError) as caught:
        _record(resident, A.PENYIDIK, I.PENUNTUT_UMUM, K.EXTENSION, date(2026, 1, 22), 41)
    assert "days" in caught.value.message_dict
    assert DetentionOrder.objects.filter(resident=resident).count() == 1
    assert DetentionOrder.objects.get(resident=resident).is_current
    resident.refresh_from_db()
    assert resident.register_code == "A.I"


@pytest.mark.django_db
def test_no_order_for_a_narapidana_or_a_released_resident(facility: Facility) -> None:
    narapidana = make_resident(facility, custody_status=CustodyStatus.NARAPIDANA)
    with pytest.raises(ValidationError) as caught:
        _record(narapidana, A.PENYIDIK, I.PENYIDIK, K.ORDER, date(2026, 1, 2), 20)
    assert "authority" in caught.value.message_dict
    released = _tahanan(facility, state=ResidentState.RELEASED)
    with pytest.raises(ValidationError):
        _record(released, A.PENYIDIK, I.PENYIDIK, K.ORDER, date(2026, 1, 2), 20)
    assert not DetentionOrder.objects.exists()


# --- warnings ------------------------------------------------------------------------------


def _ending_in(facility: Facility, days_left: int, **fields: Any) -> Resident:
    """A tahanan whose (hakim PN, 30-day) order ends `days_left` days from the facility's today."""
    today = facility_today(facility)
    resident = _tahanan(facility, **fields)
    _record(resident, A.HAKIM_PN, I.HAKIM_PN, K.ORDER, today + timedelta(days=days_left - 29), 30)
    return resident


@pytest.mark.django_db
def test_warnings_at_10_3_and_0_days_and_expired_first(
    facility: Facility, other_facility: Facility
) -> None:
    expired = _ending_in(facility, -2, full_name="Lewat")
    today_ = _ending_in(facility, 0, full_name="Hari Ini")
    three = _ending_in(facility, 3, full_name="Tiga")
    ten = _ending_in(facility, 10, full_name="Sepuluh")
    _ending_in(facility, 11, full_name="Sebelas")  # not yet a warning
    released = _ending_in(facility, 1, full_name="Bebas")
    Resident.objects.filter(pk=released.pk).update(state=ResidentState.RELEASED)
    sentenced = _ending_in(facility, 1, full_name="Divonis")
    Resident.objects.filter(pk=sentenced.pk).update(custody_status=CustodyStatus.NARAPIDANA)
    _ending_in(other_facility, 1)

    rows = detention_selectors.warnings(facility=facility, today=facility_today(facility))
    assert [r.resident.pk for r in rows] == [expired.pk, today_.pk, three.pk, ten.pk]
    assert [r.days_left for r in rows] == [-2, 0, 3, 10]
    assert [r.urgency for r in rows] == ["expired", "today", "3", "10"]
    assert [r.is_urgent for r in rows] == [True, True, True, False]
    assert detention.urgency(date(2026, 1, 20), date(2026, 1, 9)) == ""


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_warns_officer_head_admin_only(
    facility: Facility, make_user: Any, client_for: Any
) -> None:
    _ending_in(facility, 3, full_name="Rahmat Hidayat")
    for role in ("officer", "head", "admin"):
        page = client_for(make_user(role)).get(reverse("dashboard")).content.decode()
        assert 'data-testid="detention-warnings"' in page and "Rahmat Hidayat" in page, role
        assert "3 hari lagi" in page
    for role in ("humas", "caseworker", "partner", "intern"):
        page = client_for(make_user(role)).get(reverse("dashboard")).content.decode()
        assert "Rahmat Hidayat" not in page, role


@pytest.mark.django_db
def test_block_list_filters_and_shows_tahanan_without_order(
    facility: Facility, officer: User, client_for: Any
) -> None:
    blok_a = Location.objects.create(facility=facility, kind=LocationKind.BLOCK, name="Blok A")
    blok_b = Location.objects.create(facility=facility, kind=LocationKind.BLOCK, name="Blok B")
    _ending_in(facility, 5, full_name="Di Blok A", block=blok_a)
    _ending_in(facility, 40, full_name="Di Blok B", block=blok_b)
    _tahanan(facility, full_name="Tanpa Surat", block=blok_a)
    client = client_for(officer)
    url = reverse("residents:detention")
    everything = client.get(url).content.decode()
    assert "Di Blok A" in everything and "Di Blok B" in everything and "Tanpa Surat" in everything
    only_a = client.get(url, {"block": blok_a.pk}).content.decode()
    assert "Di Blok A" in only_a and "Di Blok B" not in only_a and "Tanpa Surat" in only_a
    soon = client.get(url, {"soon": "on"}).content.decode()
    assert "Di Blok A" in soon and "Di Blok B" not in soon


@pytest.mark.django_db
def test_pages_cost_the_same_for_few_and_many_orders(
    facility: Facility, officer: User, client_for: Any
) -> None:
    client = client_for(officer)
    _ending_in(facility, 2)
    _tahanan(facility)

    def grow() -> None:
        for n in range(12):
            _ending_in(facility, n - 3)
            _tahanan(facility)

    assert_flat_queries(
        {
            "list": requesting(client, reverse("residents:detention")),
            "dashboard": requesting(client, reverse("dashboard")),
        },
        grow=grow,
        ceiling={"list": 20, "dashboard": 40},
    )


@pytest.mark.django_db
def test_profile_shows_the_chain_and_records_an_extension(
    facility: Facility, officer: User, client_for: Any
) -> None:
    resident = _tahanan(facility)
    _record(
        resident, A.PENYIDIK, I.PENYIDIK, K.ORDER, date(2026, 1, 2), 20, number="SP.Han/01/I/2026"
    )
    client = client_for(officer)
    page = client.get(resident.get_absolute_url()).content.decode()
    assert 'data-testid="detention-chain"' in page and "SP.Han/01/I/2026" in page
    assert "21 Januari 2026" in page
    url = reverse("residents:detention_add", args=[resident.pk])
    data = {
        "kind": K.EXTENSION,
        "authority": A.PENYIDIK,
        "issuer": I.KETUA_PN,
        "number": "B-12/Q.4.10/01/2026",
        "start": "2026-01-22",
        "days": "40",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    body = refused.content.decode()
    # The rule, in Indonesian, at the issuer field and in the error summary.
    rule = "Penahanan oleh Penyidik diperpanjang oleh Penuntut umum (Pasal 24 ayat (2) UU 8/1981)."
    assert f'<p class="error" id="id_issuer-error">{rule}</p>' in body
    assert 'data-testid="error-summary"' in body and f"Dikeluarkan oleh: {rule}" in body
    assert not DetentionOrder.objects.filter(number="B-12/Q.4.10/01/2026").exists()
    accepted = client.post(url, {**data, "issuer": I.PENUNTUT_UMUM})
    assert accepted.status_code == 302
    order = DetentionOrder.objects.get(number="B-12/Q.4.10/01/2026")
    assert order.expires == date(2026, 3, 2) and order.is_current


@pytest.mark.django_db
def test_profile_of_a_narapidana_has_no_chain(
    facility: Facility, officer: User, client_for: Any
) -> None:
    resident = make_resident(facility, custody_status=CustodyStatus.NARAPIDANA)
    page = client_for(officer).get(resident.get_absolute_url()).content.decode()
    assert 'data-testid="detention-chain"' not in page


@pytest.mark.django_db
def test_another_facilitys_resident_answers_404(
    facility: Facility, other_facility: Facility, officer: User, client_for: Any
) -> None:
    elsewhere = _tahanan(other_facility)
    url = reverse("residents:detention_add", args=[elsewhere.pk])
    client = client_for(officer)
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": K.ORDER}).status_code == 404


@pytest.mark.django_db
def test_the_subject_access_record_holds_the_orders_and_their_audit(facility: Facility) -> None:
    from binaan.residents.selectors import subject_access_record

    resident = _tahanan(facility)
    order = _record(resident, A.PENYIDIK, I.PENYIDIK, K.ORDER, date(2026, 1, 2), 20)
    record = subject_access_record(resident)
    assert [row["number"] for row in record.sections["detention_orders"]] == [order.number]
    audited = {(row["object_type"], row["object_id"]) for row in record.sections["audit"]}
    assert ("residents.detentionorder", str(order.pk)) in audited


# --- a child's detention (UU 11/2012 Pasal 33-38), by hand -------------------------------------
#
# Born 10 Jun 2009, detained from Mon 5 Jan 2026: 16 years old, so a child's periods apply.
#  1. Penyidik, 7 days from 5 Jan: 5..11 Jan                          -> ends Sun 11 Jan 2026
#  2. Extension by the penuntut umum, 8 days from 12 Jan: 12..19 Jan  -> ends Mon 19 Jan 2026
#  3. Penuntut umum, 5 days from 20 Jan: 20..24 Jan                   -> ends Sat 24 Jan 2026
#  4. Extension by the hakim PN (Pasal 34 ayat (2)), 5 days: 25..29 Jan -> ends Thu 29 Jan 2026
#  5. Hakim PN, 10 days from 30 Jan: 30 Jan..8 Feb                    -> ends Sun 8 Feb 2026
#  6. Extension by the ketua PN, 15 days from 9 Feb: 9..23 Feb        -> ends Mon 23 Feb 2026
# The adults' 20-day first order, and any exceptional extension, are refused.
CHILD_CHAIN = [
    (A.PENYIDIK, I.PENYIDIK, K.ORDER, date(2026, 1, 5), 7, date(2026, 1, 11), "A.I"),
    (A.PENYIDIK, I.PENUNTUT_UMUM, K.EXTENSION, date(2026, 1, 12), 8, date(2026, 1, 19), "A.I"),
    (A.PENUNTUT_UMUM, I.PENUNTUT_UMUM, K.ORDER, date(2026, 1, 20), 5, date(2026, 1, 24), "A.II"),
    (A.PENUNTUT_UMUM, I.HAKIM_PN, K.EXTENSION, date(2026, 1, 25), 5, date(2026, 1, 29), "A.II"),
    (A.HAKIM_PN, I.HAKIM_PN, K.ORDER, date(2026, 1, 30), 10, date(2026, 2, 8), "A.III"),
    (A.HAKIM_PN, I.KETUA_PN, K.EXTENSION, date(2026, 2, 9), 15, date(2026, 2, 23), "A.III"),
]


@pytest.mark.django_db
def test_a_child_is_detained_for_the_periods_of_uu_sppa(facility: Facility) -> None:
    child = _tahanan(facility, birth_date=date(2009, 6, 10))
    with pytest.raises(ValidationError) as refused:
        _record(child, A.PENYIDIK, I.PENYIDIK, K.ORDER, date(2026, 1, 5), 20)
    assert "7" in str(refused.value) and "UU 11/2012" in str(refused.value)
    for authority, issuer, kind, start, days, ends, code in CHILD_CHAIN:
        order = _record(child, authority, issuer, kind, start, days)
        assert order.expires == ends
        child.refresh_from_db()
        assert child.register_code == code
    with pytest.raises(ValidationError) as refused:
        _record(
            child,
            A.HAKIM_PN,
            I.KETUA_PN,
            K.EXCEPTIONAL,
            date(2026, 2, 24),
            30,
            ground=detention.ExceptionalGround.NINE_YEARS,
        )
    assert "UU 11/2012" in str(refused.value)
    assert DetentionOrder.objects.filter(resident=child).count() == len(CHILD_CHAIN)


@pytest.mark.django_db
def test_an_adult_who_offended_as_a_child_keeps_the_childs_periods(facility: Facility) -> None:
    # Turned 18 on 1 Dec 2025, offence on 20 Nov 2025 (17 years old): the SPPA applies.
    resident = _tahanan(facility, birth_date=date(2007, 12, 1), offence_date=date(2025, 11, 20))
    with pytest.raises(ValidationError):
        _record(resident, A.PENYIDIK, I.PENYIDIK, K.ORDER, date(2026, 1, 5), 8)
    _record(resident, A.PENYIDIK, I.PENYIDIK, K.ORDER, date(2026, 1, 5), 7)
    # Without the offence date an adult at the first order gets the adults' periods.
    adult = _tahanan(facility, birth_date=date(2007, 12, 1))
    assert _record(adult, A.PENYIDIK, I.PENYIDIK, K.ORDER, date(2026, 1, 5), 20).days == 20

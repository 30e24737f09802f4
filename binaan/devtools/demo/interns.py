"""Demo interns: a batch of Program Magang Nasional (Kemnaker) placed at Rutan Balikpapan since
24 November 2025 for six months, mentored by the demo officer `petugas`, assigned to the Qonita
sessions (6 April 2026 included, when the programs seeder made them), with presence, logbooks
and evaluations for the working days already past. A later intake (every 13 weeks, six months
each) is under way today, so the intern pages show a current cohort whatever the date. Interns
are assigned only to sessions within their placement's dates. Fictional people (Faker id_ID)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from faker import Faker

from binaan.accounts.models import Membership, Role, User
from binaan.core.dates import facility_today
from binaan.devtools.demo.facilities import BALIKPAPAN
from binaan.devtools.demo.people import person_name
from binaan.facilities.models import Facility
from binaan.interns import rules
from binaan.interns.models import (
    Competency,
    Evaluation,
    EvaluationScore,
    LogbookEntry,
    LogbookState,
    Placement,
    PresenceDay,
)
from binaan.interns.selectors import logbook_prefill
from binaan.programs.models import AssignmentTask, Program, SessionIntern, SessionStatus
from binaan.programs.schedule import holiday_dates

BATCH = "Magang Nasional Batch 2"
SOURCE = "Program Magang Nasional (Kemnaker)"
START = date(2025, 11, 24)
END = date(2026, 5, 23)
QONITA = "Pengajian Rutin Qonita"
EXTRA_INTERNS = ["magang2", "magang3", "magang4"]
CURRENT_INTERNS = ["magang5", "magang6", "magang7"]
# Intakes start every 13 weeks from Batch 2 and last six months (the programme's length,
# rules.max_months): the current cohort is the one that started between 13 and 26 weeks ago, so
# it always has some months behind it and ahead.
INTAKE_EVERY = timedelta(weeks=13)
# Interns whose fictional names are women's (magang is a man, as in the story).
WOMEN = {"magang2", "magang4", "magang5", "magang7"}
UNIVERSITIES = [
    ("Universitas Balikpapan", "Psikologi"),
    ("Universitas Mulawarman", "Ilmu Hukum"),
    ("Institut Teknologi Kalimantan", "Sistem Informasi"),
    ("Politeknik Negeri Balikpapan", "Administrasi Bisnis"),
]
COMPETENCIES = [
    "Memahami tugas pokok dan fungsi pembinaan di Rutan",
    "Mendampingi kegiatan pembinaan kepribadian",
    "Mendokumentasikan kegiatan dan menyusun laporan",
    "Berkomunikasi dengan warga binaan secara profesional",
]
ACTIVITIES = [
    "Membantu administrasi registrasi kegiatan pembinaan",
    "Menyusun rekap kehadiran kegiatan minggu ini",
    "Mendampingi petugas pada layanan kunjungan",
    "Mempersiapkan ruang dan perlengkapan kegiatan",
    "Mengarsipkan dokumentasi foto kegiatan",
]
TASKS = [
    AssignmentTask.ASSISTANT,
    AssignmentTask.PREPARATION,
    AssignmentTask.DOCUMENTATION,
    AssignmentTask.ASSISTANT,
]


def current_intake(today: date) -> tuple[int, date, date]:
    """(batch number, start, end) of the intake under way at `today` (see INTAKE_EVERY)."""
    intake = max(1, (today - START - INTAKE_EVERY).days // INTAKE_EVERY.days)
    start = START + intake * INTAKE_EVERY
    return intake + 2, start, rules.last_allowed_day(start, rules.MAGANG_NASIONAL_MONTHS)


def _interns(facility: Facility, fake: Faker, usernames: list[str]) -> list[User]:
    users = []
    for username in usernames:
        user, created = User.objects.get_or_create(username=username)
        name = person_name(fake, female=username in WOMEN)  # drawn always: same draws each run
        if username == "magang":  # the demo login, made (and named) by the facilities seeder
            users.append(user)
            continue
        if created or not user.full_name:
            user.full_name = name
            user.set_password(settings.BINAAN_DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(user=user, role=Role.INTERN, facility=facility)
        users.append(user)
    return users


def _at(facility: Facility, day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), facility.tzinfo)


@transaction.atomic
def seed() -> None:
    facility = Facility.objects.get(code=BALIKPAPAN)
    fake = Faker("id_ID")
    fake.seed_instance(62026)
    today = facility_today(facility)
    number, start, end = current_intake(today)
    cohorts = [
        (BATCH, START, END, ["magang", *EXTRA_INTERNS]),
        (f"Magang Nasional Batch {number}", start, end, CURRENT_INTERNS),
    ]
    for batch, first, last_day, usernames in cohorts:
        _cohort(facility, fake, today, batch, first, last_day, _interns(facility, fake, usernames))


def _cohort(
    facility: Facility,
    fake: Faker,
    today: date,
    batch: str,
    start: date,
    end: date,
    interns: list[User],
) -> None:
    mentor = User.objects.get(username="petugas")
    qonita = Program.objects.filter(facility=facility, name=QONITA).first()
    # Only the sessions within the placement: an intern is not there before or after it.
    sessions = (
        list(
            qonita.sessions.filter(
                starts_at__gte=_at(facility, start, 0, 0),
                starts_at__lt=_at(facility, end + timedelta(days=1), 0, 0),
            ).exclude(status=SessionStatus.CANCELLED)
        )
        if qonita
        else []
    )
    for index, intern in enumerate(interns):
        # One generator per intern, so that re-seeding draws the same days and scores.
        rng = random.Random(f"2026-{intern.username}")  # noqa: S311 - demo data, not security
        university, study = UNIVERSITIES[index % len(UNIVERSITIES)]
        placement, _ = Placement.objects.update_or_create(
            facility=facility,
            intern=intern,
            batch=batch,
            defaults={
                "source_programme": SOURCE,
                "university": university,
                "study_programme": study,
                "contact_phone": fake.phone_number()[:40],
                "start_date": start,
                "end_date": end,
                "unit": "Seksi Pelayanan Tahanan — Subseksi Bimbingan Kegiatan",
                "mentor": mentor,
            },
        )
        competencies = [
            Competency.objects.update_or_create(
                placement=placement, name=name, defaults={"order": order}
            )[0]
            for order, name in enumerate(COMPETENCIES)
        ]
        # The Qonita sessions: every intern helps, each with a task (magang assists).
        for number, session in enumerate(sessions):
            SessionIntern.objects.get_or_create(
                session=session,
                user=intern,
                defaults={"task": TASKS[(index + number) % len(TASKS)]},
            )
        last = min(end, today - timedelta(days=1))
        # No presence nor hours on national holidays, cuti bersama or the facility's own.
        holidays = holiday_dates(start, last, facility=facility) if last >= start else {}
        days = rules.working_days(start, last, holidays) if last >= start else []
        presence_rows: list[PresenceDay] = []
        entries: list[LogbookEntry] = []
        for day in days:
            if rng.random() < 0.04:
                presence_rows.append(
                    PresenceDay(
                        facility=facility,
                        placement=placement,
                        date=day,
                        absence_reason=rng.choice(["izin", "sakit"]),
                        absence_note="Keterangan tertulis diserahkan ke mentor",
                    )
                )
                continue
            check_in = _at(facility, day, 7, 30 + rng.randint(0, 25))
            check_out = _at(facility, day, 16, rng.randint(0, 30))
            presence_rows.append(
                PresenceDay(
                    facility=facility,
                    placement=placement,
                    date=day,
                    check_in=check_in,
                    check_out=check_out,
                )
            )
            lines = logbook_prefill(placement=placement, day=day)
            lines.append(rng.choice(ACTIVITIES))
            near_end = (last - day).days < 10
            state = LogbookState.SUBMITTED if near_end else LogbookState.VERIFIED
            # The mentor verifies on the Friday of each week: about four rounds a month.
            friday = day + timedelta(days=4 - day.weekday())
            entries.append(
                LogbookEntry(
                    facility=facility,
                    placement=placement,
                    date=day,
                    activities="\n".join(lines),
                    hours=Decimal("7.5"),
                    learned="Alur kerja pembinaan dan cara berkomunikasi dengan warga binaan.",
                    state=state,
                    submitted_at=_at(facility, day, 16, 45),
                    verified_by=mentor if state == LogbookState.VERIFIED else None,
                    verified_at=_at(facility, friday, 15, 0)
                    if state == LogbookState.VERIFIED
                    else None,
                )
            )
        PresenceDay.objects.bulk_create(presence_rows, ignore_conflicts=True)
        LogbookEntry.objects.bulk_create(entries, ignore_conflicts=True)
        for month in rules.months_of(start, min(end, today)):
            if rules.evaluation_due(month) > today:
                continue
            evaluation, created = Evaluation.objects.get_or_create(
                facility=facility,
                placement=placement,
                month=month,
                defaults={
                    "narrative": "Peserta aktif, tepat waktu, dan mampu bekerja sama dengan petugas.",
                    "submitted_at": _at(facility, rules.evaluation_due(month), 10, 0)
                    - timedelta(days=1),
                    "submitted_by": mentor,
                },
            )
            if created:
                EvaluationScore.objects.bulk_create(
                    EvaluationScore(evaluation=evaluation, competency=c, score=rng.randint(3, 5))
                    for c in competencies
                )

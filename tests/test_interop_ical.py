"""Appointments as an iCalendar file (issue 6; R-AP-4 reminders, R-REC-1 privacy).

Every check parses the output back with icalendar. UK clock changes in 2026
(gov.uk): on 29 March clocks go forward at 01:00 GMT to 02:00 BST; on
25 October they go back at 02:00 BST to 01:00 GMT. So 10:00 on 29 March is
09:00 UTC and 10:00 on 25 October is 10:00 UTC; 10:00 on 1 July is 09:00 UTC.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant.contact import (
    Appointment,
    ContactPolicy,
    Mode,
    Reminder,
    SessionType,
    plan_reminders,
)
from parentinfant.errors import InvalidAppointment, InvalidPolicy, InvalidValue
from parentinfant.family import ContactChannel, Family, Infant, Parent
from parentinfant.interop.ical import appointments_calendar, cases_calendar
from parentinfant.lifecycle import (
    Allocate,
    BookAppointment,
    Case,
    RecordAttendance,
    StartScreening,
    apply,
    open_case,
)
from strategies import families

icalendar = pytest.importorskip("icalendar")

DT = dt.datetime
LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = dt.UTC
STAMP = DT(2026, 1, 2, 9)


def visit(start: dt.datetime, **changes: Any) -> Appointment:
    fields: dict[str, Any] = {
        "start": start,
        "duration": dt.timedelta(hours=1),
        "session_type": "assessment",
        "mode": "home-visit",
        "practitioner": "Priya Shah",
    }
    fields.update(changes)
    return Appointment(**fields)


def parse(ics: bytes) -> Any:
    return icalendar.Calendar.from_ical(ics)


def only_event(ics: bytes) -> Any:
    events = parse(ics).walk("VEVENT")
    assert len(events) == 1
    return events[0]


def unfolded(ics: bytes) -> str:
    return ics.decode().replace("\r\n ", "")


# A parent who takes texts at any time: computed reminders fall at the team's times.
TEXTED = Family(
    parents=[Parent("Ana Silva", "mother", phone="07700 900001")],
    infant=Infant.born_on(dt.date(2026, 9, 1)),
)


def case_with(case_id: str, *appointments: Appointment) -> Case:
    case, _ = open_case(case_id, at=DT(2025, 12, 1, 9))
    case, _ = apply(case, StartScreening(), at=DT(2025, 12, 1, 10))
    case, _ = apply(case, Allocate(practitioner="Priya Shah"), at=DT(2025, 12, 2, 9))
    for minute, appointment in enumerate(appointments):
        case, _ = apply(
            case, BookAppointment(appointment=appointment), at=DT(2025, 12, 3, 9, minute)
        )
    return case


# --------------------------------------------------------------------------- times and zone


@pytest.mark.parametrize(
    ("start", "utc", "offset_name"),
    [
        (DT(2026, 1, 15, 10), DT(2026, 1, 15, 10, tzinfo=UTC), "GMT"),
        (DT(2026, 7, 1, 10), DT(2026, 7, 1, 9, tzinfo=UTC), "BST"),
        (DT(2026, 3, 29, 10), DT(2026, 3, 29, 9, tzinfo=UTC), "BST"),  # clocks went forward
        (DT(2026, 10, 25, 10), DT(2026, 10, 25, 10, tzinfo=UTC), "GMT"),  # clocks went back
    ],
)
def test_naive_times_are_london_wall_clock_across_the_clock_changes(
    start: dt.datetime, utc: dt.datetime, offset_name: str
) -> None:
    ics = appointments_calendar([visit(start)], stamp=STAMP)
    event = only_event(ics)
    dtstart, dtend = event.decoded("dtstart"), event.decoded("dtend")
    assert dtstart.replace(tzinfo=None) == start
    assert str(dtstart.tzinfo) == "Europe/London"
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert dtstart.tzname() == offset_name
    assert dtstart.astimezone(UTC) == utc
    assert dtend.astimezone(UTC) == utc + dt.timedelta(hours=1)
    assert f"DTSTART;TZID=Europe/London:{start:%Y%m%dT%H%M%S}" in ics.decode()


def test_aware_times_are_converted_to_london() -> None:
    ics = appointments_calendar([visit(DT(2026, 7, 1, 9, tzinfo=UTC))], stamp=STAMP)
    dtstart = only_event(ics).decoded("dtstart")
    assert dtstart.replace(tzinfo=None) == DT(2026, 7, 1, 10)
    assert str(dtstart.tzinfo) == "Europe/London"


def test_duration_is_elapsed_time_over_the_spring_change() -> None:
    # 00:30 GMT + 2 h elapsed = 02:30 UTC = 03:30 BST (not 02:30 BST).
    ics = appointments_calendar(
        [visit(DT(2026, 3, 29, 0, 30), duration=dt.timedelta(hours=2))], stamp=STAMP
    )
    event = only_event(ics)
    assert event.decoded("dtend").replace(tzinfo=None) == DT(2026, 3, 29, 3, 30)
    elapsed = event.decoded("dtend").astimezone(UTC) - event.decoded("dtstart").astimezone(UTC)
    assert elapsed == dt.timedelta(hours=2)


def test_an_end_in_the_repeated_hour_keeps_its_instant() -> None:
    # 00:30 BST + 2 h = 01:30 GMT, the second 01:30 of 25 October: written in
    # UTC, since RFC 5545 reads a repeated local time as its first occurrence.
    ics = appointments_calendar(
        [visit(DT(2026, 10, 25, 0, 30), duration=dt.timedelta(hours=2))], stamp=STAMP
    )
    event = only_event(ics)
    assert "DTEND:20261025T013000Z" in ics.decode()
    assert event.decoded("dtend") == DT(2026, 10, 25, 1, 30, tzinfo=UTC)
    elapsed = event.decoded("dtend").astimezone(UTC) - event.decoded("dtstart").astimezone(UTC)
    assert elapsed == dt.timedelta(hours=2)


def test_a_start_in_the_repeated_hour_follows_fold() -> None:
    first = appointments_calendar([visit(DT(2026, 10, 25, 1, 30))], stamp=STAMP)
    second = appointments_calendar([visit(DT(2026, 10, 25, 1, 30, fold=1))], stamp=STAMP)
    assert only_event(first).decoded("dtstart").astimezone(UTC) == DT(
        2026, 10, 25, 0, 30, tzinfo=UTC
    )
    assert only_event(second).decoded("dtstart").astimezone(UTC) == DT(
        2026, 10, 25, 1, 30, tzinfo=UTC
    )


def test_a_time_the_clocks_skip_is_refused() -> None:
    with pytest.raises(InvalidAppointment, match="must be a time that exists in Europe/London"):
        appointments_calendar([visit(DT(2026, 3, 29, 1, 30))], stamp=STAMP)


def test_the_vtimezone_has_the_2026_uk_clock_changes_with_rfc_onsets() -> None:
    ics = appointments_calendar([visit(DT(2026, 7, 1, 10))], stamp=STAMP)
    (zone,) = parse(ics).walk("VTIMEZONE")
    assert zone["tzid"] == "Europe/London"
    onsets = {
        (part.name, part["tzname"]): part.decoded("dtstart") - part.decoded("tzoffsetfrom")
        for part in zone.walk()
        if part.name in ("STANDARD", "DAYLIGHT")
        and part.decoded("tzoffsetfrom") != part.decoded("tzoffsetto")
    }
    # The onset in UTC is DTSTART minus TZOFFSETFROM (RFC 5545 3.6.5).
    assert onsets == {
        ("DAYLIGHT", "BST"): DT(2026, 3, 29, 1, 0),
        ("STANDARD", "GMT"): DT(2026, 10, 25, 1, 0),
    }
    # A client without a time-zone database can rely on the VTIMEZONE alone.
    own = zone.to_tz()
    for local, offset in [
        (DT(2026, 1, 15, 10), 0),
        (DT(2026, 3, 29, 10), 1),
        (DT(2026, 7, 1, 10), 1),
        (DT(2026, 10, 25, 10), 0),
        (DT(2026, 12, 31, 23), 0),
    ]:
        assert local.replace(tzinfo=own).utcoffset() == dt.timedelta(hours=offset)


def test_the_vtimezone_covers_every_year_the_events_span() -> None:
    ics = appointments_calendar(
        [visit(DT(2026, 12, 1, 10)), visit(DT(2027, 7, 1, 10))], stamp=STAMP
    )
    (zone,) = parse(ics).walk("VTIMEZONE")
    starts = sorted(p.decoded("dtstart") for p in zone.walk() if p.name == "DAYLIGHT")
    assert starts == [DT(2026, 3, 29, 1), DT(2027, 3, 28, 1)]


def test_another_zone_can_be_named() -> None:
    ics = appointments_calendar([visit(DT(2026, 7, 1, 10))], stamp=STAMP, tz="Europe/Dublin")
    dtstart = only_event(ics).decoded("dtstart")
    assert str(dtstart.tzinfo) == "Europe/Dublin"
    assert parse(ics).walk("VTIMEZONE")[0]["tzid"] == "Europe/Dublin"


def test_an_empty_calendar_is_valid_and_has_no_time_zone() -> None:
    cal = parse(appointments_calendar([], stamp=STAMP))
    assert cal["version"] == "2.0"
    assert cal.walk("VEVENT") == []
    assert cal.walk("VTIMEZONE") == []


def test_dtstamp_is_the_stamp_in_utc() -> None:
    event = only_event(appointments_calendar([visit(DT(2026, 7, 1, 10))], stamp=DT(2026, 6, 1, 9)))
    assert event.decoded("dtstamp") == DT(2026, 6, 1, 8, tzinfo=UTC)


# --------------------------------------------------------------------------- alarms


def triggers(event: Any) -> list[Any]:
    return [alarm.decoded("trigger") for alarm in event.walk("VALARM")]


def test_the_practitioner_alarm_is_thirty_minutes_before_by_default() -> None:
    event = only_event(appointments_calendar([visit(DT(2026, 7, 1, 10))], stamp=STAMP))
    (alarm,) = event.walk("VALARM")
    assert alarm["action"] == "DISPLAY"
    assert alarm.decoded("trigger") == -dt.timedelta(minutes=30)
    assert alarm["description"] == event["summary"]


def test_the_practitioner_alarm_can_be_moved_or_left_out() -> None:
    an_hour = appointments_calendar(
        [visit(DT(2026, 7, 1, 10))], stamp=STAMP, alarm_before=dt.timedelta(hours=1)
    )
    assert triggers(only_event(an_hour)) == [-dt.timedelta(hours=1)]
    none = appointments_calendar([visit(DT(2026, 7, 1, 10))], stamp=STAMP, alarm_before=None)
    assert triggers(only_event(none)) == []


def test_family_reminders_are_absolute_utc_alarms_at_the_team_times_R_AP_4() -> None:
    # Thursday 3 December 2026; reminders one and two days before at 10:00 GMT.
    policy = ContactPolicy(reminder_days_before=(1, 2))
    ics = appointments_calendar(
        [visit(DT(2026, 12, 3, 10))],
        stamp=STAMP,
        family_reminders=True,
        family=TEXTED,
        policy=policy,
    )
    event = only_event(ics)
    assert triggers(event)[1:] == [
        DT(2026, 12, 1, 10, tzinfo=UTC),
        DT(2026, 12, 2, 10, tzinfo=UTC),
    ]
    assert "TRIGGER;VALUE=DATE-TIME:20261201T100000Z" in ics.decode()


def test_family_reminders_in_summer_are_at_the_bst_wall_clock_R_AP_4() -> None:
    # Monday 6 July 2026: the day before is a Sunday, so Friday 3 July, 10:00 BST.
    ics = appointments_calendar(
        [visit(DT(2026, 7, 6, 14))], stamp=STAMP, family_reminders=True, family=TEXTED
    )
    assert triggers(only_event(ics))[1:] == [DT(2026, 7, 3, 9, tzinfo=UTC)]


def test_family_reminders_only_when_asked() -> None:
    ics = appointments_calendar([visit(DT(2026, 12, 3, 10))], stamp=STAMP)
    assert len(triggers(only_event(ics))) == 1


def test_planned_reminders_give_the_channels_and_never_the_parents_R_AP_4() -> None:
    family = Family(
        parents=[
            Parent("Ana Silva", "mother", phone="07700 900001"),
            Parent("Rui Silva", "father", address="1 Elm Row", preferred_channel="letter"),
        ],
        infant=Infant.born_on(dt.date(2026, 9, 1)),
    )
    start = DT(2026, 12, 3, 10)
    planned, _ = plan_reminders(start, family)
    ics = appointments_calendar(
        [visit(start)], stamp=STAMP, reminders={start: planned}, alarm_before=None
    )
    (alarm,) = only_event(ics).walk("VALARM")
    assert alarm.decoded("trigger") == DT(2026, 12, 2, 10, tzinfo=UTC)
    assert alarm["description"] == "Family reminder due (letter, text) (R-AP-4)"
    for secret in ("Ana", "Rui", "Silva", "07700", "Elm Row"):
        assert secret not in unfolded(ics)


def test_planned_reminders_must_belong_to_an_appointment() -> None:
    reminder = Reminder(
        at=DT(2026, 12, 2, 10), recipient="Ana", channel=ContactChannel.TEXT, reason="text"
    )
    with pytest.raises(InvalidAppointment, match="keyed by the start of an appointment"):
        appointments_calendar(
            [visit(DT(2026, 12, 3, 10))], stamp=STAMP, reminders={DT(2026, 12, 4, 10): [reminder]}
        )


def test_cancelled_appointments_are_cancelled_without_alarms() -> None:
    for who in ("cancelled-by-family", "cancelled-by-team"):
        ics = appointments_calendar(
            [visit(DT(2026, 7, 1, 10), attendance=who)], stamp=STAMP, family_reminders=True
        )
        event = only_event(ics)
        assert event["status"] == "CANCELLED"
        assert event["transp"] == "TRANSPARENT"
        assert event.decoded("sequence") == 1
        assert event.walk("VALARM") == []


def test_other_attendance_stays_confirmed() -> None:
    for what in (None, "attended", "did-not-attend", "late-not-seen"):
        ics = appointments_calendar([visit(DT(2026, 7, 1, 10), attendance=what)], stamp=STAMP)
        assert only_event(ics)["status"] == "CONFIRMED"


# --------------------------------------------------------------------------- content


def test_summary_location_and_class() -> None:
    ics = appointments_calendar([visit(DT(2026, 7, 1, 10))], stamp=STAMP)
    event = only_event(ics)
    assert event["summary"] == "Assessment (home visit) with Priya Shah"
    assert event["location"] == "home visit"
    assert event["class"] == "PRIVATE"
    public = appointments_calendar([visit(DT(2026, 7, 1, 10))], stamp=STAMP, private=False)
    assert only_event(public)["class"] == "PUBLIC"


@pytest.mark.parametrize(
    ("session_type", "mode", "summary"),
    [
        ("phone-consultation", "phone", "Phone consultation (phone) with Priya Shah"),
        ("follow-up", "video", "Follow-up (video) with Priya Shah"),
        ("intervention", "clinic", "Intervention (clinic) with Priya Shah"),
    ],
)
def test_summary_names_the_session_and_mode(session_type: str, mode: str, summary: str) -> None:
    ics = appointments_calendar(
        [visit(DT(2026, 7, 1, 10), session_type=session_type, mode=mode)], stamp=STAMP
    )
    assert only_event(ics)["summary"] == summary
    assert only_event(ics)["location"] == Mode(mode).value.replace("-", " ")


def test_case_id_and_label_appear_only_when_given() -> None:
    with_id = appointments_calendar([visit(DT(2026, 7, 1, 10))], stamp=STAMP, case_id="RPI-7")
    assert only_event(with_id)["summary"] == "Assessment (home visit) with Priya Shah: case RPI-7"
    labelled = appointments_calendar(
        [visit(DT(2026, 7, 1, 10))], stamp=STAMP, case_id="RPI-7", label="Silva family"
    )
    assert (
        only_event(labelled)["summary"] == "Assessment (home visit) with Priya Shah: Silva family"
    )


def test_sensitive_appointment_fields_never_appear_R_REC_1() -> None:
    appointment = visit(
        DT(2026, 7, 1, 10),
        mode="clinic",
        safety_concern="Partner Dan Hale known to police",
        first=True,
        referrer_invited=True,
        referrer_permission="Ana Silva agreed on 1 June",
        attendance="attended",
        attended_by=["Ana Silva"],
        against_preferences="Only room free; Ana Silva agreed by phone",
    )
    text = unfolded(appointments_calendar([appointment], stamp=STAMP))
    for secret in ("Dan Hale", "police", "Ana", "Silva", "agreed", "room free"):
        assert secret not in text
    assert "First appointment\\, referrer invited" in text


_PRACTITIONERS = ("Priya Shah", "Grace Okafor", "Tom Reid")
_MINUTES = st.integers(min_value=7 * 12, max_value=19 * 12).map(lambda n: n * 5)


@st.composite
def appointments(draw: st.DrawFn) -> Appointment:
    day = draw(st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2027, 12, 31)))
    minutes = draw(_MINUTES)
    session = draw(st.sampled_from(SessionType))
    modes = [Mode.PHONE, Mode.VIDEO] if session is SessionType.PHONE_CONSULTATION else list(Mode)
    return Appointment(
        start=DT.combine(day, dt.time(minutes // 60, minutes % 60)),
        duration=dt.timedelta(minutes=draw(st.integers(min_value=1, max_value=36)) * 5),
        session_type=session,
        mode=draw(st.sampled_from(modes)),
        practitioner=draw(st.sampled_from(_PRACTITIONERS)),
        attendance=draw(st.none() | st.sampled_from(["did-not-attend", "cancelled-by-team"])),
    )


def _marked(family: Family) -> Family:
    """The family with every name and address made unmistakable in a text search."""

    def mark(text: str | None) -> str | None:
        return None if text is None else f"Qz{text}"

    return attrs.evolve(
        family,
        gp=mark(family.gp),
        health_visitor=mark(family.health_visitor),
        infant=attrs.evolve(family.infant, name=mark(family.infant.name)),
        parents=[
            attrs.evolve(
                p,
                name=f"Qz{p.name}",
                address=mark(p.address),
            )
            for p in family.parents
        ],
    )


@given(
    family=families().map(_marked),
    booked=st.lists(appointments(), min_size=1, max_size=4),
)
def test_no_family_detail_ever_appears_R_REC_1(family: Family, booked: list[Appointment]) -> None:
    planned = {a.start: plan_reminders(a.start, family)[0] for a in booked}
    ics = appointments_calendar(
        booked, stamp=STAMP, case_id="RPI-0042", reminders=planned, family_reminders=True
    )
    text = unfolded(ics)
    assert "Qz" not in text
    for parent in family.parents:
        for detail in (parent.phone, parent.email):
            assert detail is None or detail not in text


# --------------------------------------------------------------------------- determinism and UIDs


@given(booked=st.lists(appointments(), min_size=1, max_size=6), data=st.data())
def test_the_same_appointments_give_the_same_bytes(
    booked: list[Appointment], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(booked))
    first = appointments_calendar(
        booked, stamp=STAMP, case_id="C-1", family_reminders=True, family=TEXTED
    )
    again = appointments_calendar(
        shuffled, stamp=STAMP, case_id="C-1", family_reminders=True, family=TEXTED
    )
    assert first == again
    events = parse(first).walk("VEVENT")
    assert len(events) == len(booked)
    assert len({str(e["uid"]) for e in events}) == len(booked)
    starts = [e.decoded("dtstart").astimezone(UTC) for e in events]
    assert starts == sorted(starts)


def test_uids_are_stable_and_depend_on_the_case() -> None:
    appointment = visit(DT(2026, 7, 1, 10))
    uid = only_event(appointments_calendar([appointment], stamp=STAMP, case_id="C-1"))["uid"]
    later = appointments_calendar([appointment], stamp=DT(2026, 6, 30, 9), case_id="C-1")
    other = appointments_calendar([appointment], stamp=STAMP, case_id="C-2")
    assert only_event(later)["uid"] == uid
    assert only_event(other)["uid"] != uid


def test_a_slot_cancelled_and_booked_again_gets_two_events() -> None:
    start = DT(2026, 7, 1, 10)
    case = case_with("C-1", visit(start))
    (booked,) = parse(cases_calendar([case], stamp=STAMP)).walk("VEVENT")
    case, _ = apply(
        case, RecordAttendance(start=start, attendance="cancelled-by-team"), at=DT(2026, 6, 1, 9)
    )
    case, _ = apply(case, BookAppointment(appointment=visit(start)), at=DT(2026, 6, 1, 10))
    events = parse(cases_calendar([case], stamp=STAMP)).walk("VEVENT")
    by_status = {str(e["status"]): str(e["uid"]) for e in events}
    assert set(by_status) == {"CANCELLED", "CONFIRMED"}
    # Re-imported, the cancellation replaces the event imported before it.
    assert by_status["CANCELLED"] == booked["uid"]
    assert by_status["CONFIRMED"] != booked["uid"]


def test_input_order_never_changes_the_uids_of_a_slot_booked_twice() -> None:
    start = DT(2026, 7, 1, 10)
    cancelled = visit(start, attendance="cancelled-by-family")
    rebooked = visit(start, duration=dt.timedelta(minutes=90))
    one = appointments_calendar([cancelled, rebooked], stamp=STAMP)
    assert one == appointments_calendar([rebooked, cancelled], stamp=STAMP)


def test_output_is_crlf_with_calendar_properties() -> None:
    ics = appointments_calendar([visit(DT(2026, 7, 1, 10))], stamp=STAMP, calendar_name="Priya")
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n")
    cal = parse(ics)
    assert cal["prodid"] == "-//parentinfant//appointments//EN"
    assert cal["method"] == "PUBLISH"
    assert cal["x-wr-calname"] == "Priya"
    assert cal["x-wr-timezone"] == "Europe/London"


# --------------------------------------------------------------------------- several cases


def test_cases_calendar_keeps_each_case_apart() -> None:
    one = case_with("C-1", visit(DT(2026, 7, 1, 10)))
    two = case_with("C-2", visit(DT(2026, 7, 1, 14), mode="clinic"))
    ics = cases_calendar([two, one], stamp=STAMP, labels={"C-2": "Hale family"})
    events = parse(ics).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        "Assessment (home visit) with Priya Shah: case C-1",
        "Assessment (clinic) with Priya Shah: Hale family",
    ]


def test_cases_calendar_takes_planned_reminders_by_case() -> None:
    start = DT(2026, 12, 3, 10)
    reminder = Reminder(
        at=DT(2026, 12, 1, 15), recipient="Ana", channel=ContactChannel.PHONE, reason="asked"
    )
    ics = cases_calendar(
        [case_with("C-1", visit(start))],
        stamp=STAMP,
        reminders={"C-1": {start: [reminder]}},
        alarm_before=None,
    )
    assert triggers(only_event(ics)) == [DT(2026, 12, 1, 15, tzinfo=UTC)]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"tz": "Mars/Olympus"}, InvalidPolicy, "tz"),
        ({"tz": ""}, InvalidPolicy, "tz"),
        ({"alarm_before": dt.timedelta(minutes=-5)}, InvalidPolicy, "alarm_before"),
        ({"alarm_before": 30}, InvalidPolicy, "alarm_before"),
        ({"calendar_name": " "}, InvalidPolicy, "calendar_name"),
        ({"family_reminders": "yes"}, InvalidPolicy, "family_reminders"),
        ({"stamp": dt.date(2026, 1, 2)}, InvalidValue, "stamp"),
        ({"label": ""}, InvalidAppointment, "label"),
        ({"case_id": 42}, InvalidAppointment, "case_id"),
        ({"reminders": [1]}, InvalidAppointment, "reminders"),
    ],
)
def test_bad_options_raise_typed_errors(
    kwargs: dict[str, Any], error: type[Exception], field: str
) -> None:
    options: dict[str, Any] = {"stamp": STAMP, **kwargs}
    with pytest.raises(error) as caught:
        appointments_calendar([visit(DT(2026, 7, 1, 10))], **options)
    assert isinstance(caught.value, ValueError)
    assert getattr(caught.value, "field", None) == field


def test_things_that_are_not_appointments_are_refused() -> None:
    with pytest.raises(InvalidAppointment, match=r"appointments\[1\] must be an Appointment"):
        appointments_calendar([visit(DT(2026, 7, 1, 10)), "tomorrow"], stamp=STAMP)  # type: ignore[list-item]
    with pytest.raises(InvalidAppointment, match="must be a collection"):
        appointments_calendar("tomorrow", stamp=STAMP)  # type: ignore[arg-type]


def test_cases_must_be_cases_given_once_with_known_labels() -> None:
    case = case_with("C-1", visit(DT(2026, 7, 1, 10)))
    with pytest.raises(InvalidAppointment, match="must appear once"):
        cases_calendar([case, case], stamp=STAMP)
    with pytest.raises(InvalidAppointment, match=r"cases\[0\] must be a Case"):
        cases_calendar([visit(DT(2026, 7, 1, 10))], stamp=STAMP)  # type: ignore[list-item]
    with pytest.raises(InvalidAppointment, match="labels must be keyed"):
        cases_calendar([case], stamp=STAMP, labels={"C-9": "Hale family"})
    with pytest.raises(InvalidAppointment, match="reminders must be keyed"):
        cases_calendar([case], stamp=STAMP, reminders={"C-9": {}})

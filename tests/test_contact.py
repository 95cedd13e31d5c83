"""First contact, appointments, scheduling, reminders and letters (R-AL-4, R-FC-1..4, R-AP-1..6).

Every expected date and time below is worked out by hand, never pasted from a
run. The calendar facts used, from a printed calendar and the published UK
bank holidays (gov.uk):

- Monday 30 November 2026 is St Andrew's Day, a bank holiday in Scotland only.
- December 2026: Tue 1, Wed 2, Thu 3, Fri 4, Sat 5, Sun 6, Mon 7; Christmas Day
  is Friday 25, Boxing Day falls on Saturday 26, so its substitute bank holiday
  is Monday 28 (all four nations); Tuesday 29 is a working day.
- Easter 2026: Good Friday 3 April (all nations), Easter Sunday 5 April, Easter
  Monday 6 April (a bank holiday in England, Wales and Northern Ireland, not in
  Scotland).
- The default policy works 09:00-17:00, sends reminders at 10:00 one day
  before, and avoids the school runs 08:15-09:15 and 14:45-15:45.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant.contact import (
    Appointment,
    Attendance,
    ContactPolicy,
    Enclosure,
    FirstContactPlan,
    Letter,
    Mode,
    PlannedMessage,
    SessionType,
    TimeWindow,
    default_mode,
    letter_after,
    plan_first_contact,
    plan_reminders,
    propose_slots,
    reminder_times,
)
from parentinfant.errors import InvalidAppointment, InvalidPolicy, ParentInfantError
from parentinfant.family import ContactChannel, Family, Infant, Parent, ParentRole
from parentinfant.workdays import WorkingCalendar
from strategies import infants, nations, parents

D = dt.date
T = dt.time
DT = dt.datetime
HOUR = dt.timedelta(hours=1)
ONE_DAY = dt.timedelta(days=1)

TEXT = ContactChannel.TEXT
PHONE = ContactChannel.PHONE
LETTER = ContactChannel.LETTER
EMAIL = ContactChannel.EMAIL

BABY = Infant.born_on(D(2026, 9, 1))
NO_ADDRESS = "confirmation letter: no postal address recorded"


# --------------------------------------------------------------------------- helpers


def _family(*people: Parent, school_age_children: int = 0) -> Family:
    return Family(parents=people, infant=BABY, school_age_children=school_age_children)


def _channels(plan: FirstContactPlan, name: str) -> list[tuple[ContactChannel, str]]:
    return [(m.channel, m.purpose) for m in plan.messages if m.recipient == name]


def _welcome(plan: FirstContactPlan, name: str) -> PlannedMessage:
    (found,) = [m for m in plan.messages if m.recipient == name and m.purpose == "welcome"]
    return found


def _assert_typed(
    excinfo: pytest.ExceptionInfo[InvalidAppointment] | pytest.ExceptionInfo[InvalidPolicy],
    field: str,
    rule: str,
) -> None:
    err = excinfo.value
    assert isinstance(err, ParentInfantError)
    assert isinstance(err, ValueError)
    assert err.field == field
    assert err.rule == rule
    assert field in str(err)
    assert f"({rule})" in str(err)


def _appointment(**overrides: object) -> Appointment:
    fields: dict[str, object] = {
        "start": DT(2026, 12, 1, 10),
        "duration": HOUR,
        "session_type": "assessment",
        "mode": "clinic",
        "practitioner": "Priya",
    }
    fields.update(overrides)
    return Appointment(**fields)  # type: ignore[arg-type]


def _times(slots: tuple[dt.datetime, ...]) -> list[str]:
    return [s.strftime("%H:%M") for s in slots]


# --------------------------------------------------------------------------- first contact


def test_both_parents_of_a_couple_are_welcomed_R_FC_2() -> None:
    family = _family(
        Parent("Ana", "mother", phone="07700 900001"),
        Parent("Tom", "father", phone="07700 900002"),
    )
    plan = plan_first_contact(family)
    assert [(m.recipient, m.purpose) for m in plan.messages] == [
        ("Ana", "welcome"),
        ("Tom", "welcome"),
    ]
    assert plan.not_contacted == ()


def test_team_default_channel_is_used_without_a_preference_R_FC_1() -> None:
    plan = plan_first_contact(_family(Parent("Ana", "mother", phone="07700 900001")))
    welcome = _welcome(plan, "Ana")
    assert welcome.channel is TEXT
    assert welcome.enclosures == ()
    assert "R-FC-1" in welcome.reason
    # No literacy needs and no letter policy: no confirmation letter.
    assert _channels(plan, "Ana") == [(TEXT, "welcome")]


def test_team_first_channel_policy_is_used_R_FC_1() -> None:
    family = _family(Parent("Ana", "mother", phone="07700 900001", address="1 Elm Row"))
    plan = plan_first_contact(family, policy=ContactPolicy(first_channel="letter"))
    assert _welcome(plan, "Ana").channel is LETTER


@pytest.mark.parametrize(
    ("preferred", "details"),
    [
        (PHONE, {"phone": "07700 900001"}),
        (LETTER, {"address": "1 Elm Row"}),
        (EMAIL, {"email": "ana@example.org"}),
        (TEXT, {"phone": "07700 900001"}),
    ],
)
def test_stated_preferred_channel_is_honoured_when_details_exist_R_AL_4(
    preferred: ContactChannel, details: dict[str, str]
) -> None:
    # The parent also has every other detail, so the preference alone decides.
    everything = {"phone": "07700 900001", "address": "1 Elm Row", "email": "ana@example.org"}
    parent = Parent("Ana", "mother", preferred_channel=preferred, **(everything | details))
    welcome = _welcome(plan_first_contact(_family(parent)), "Ana")
    assert welcome.channel is preferred
    assert "preference" in welcome.reason
    assert "R-AL-4" in welcome.reason


def test_preference_without_details_falls_back_and_says_so_R_AL_4() -> None:
    parent = Parent("Ana", "mother", phone="07700 900001", preferred_channel="email")
    welcome = _welcome(plan_first_contact(_family(parent)), "Ana")
    # No email address: the team's first channel (text) is used instead.
    assert welcome.channel is TEXT
    assert "the preferred email has no details recorded" in welcome.reason


def test_preference_without_details_falls_back_to_the_only_details_R_AL_4() -> None:
    # Prefers letters but has only an email: neither the team's text nor phone
    # is possible, so email is the only way, and the reason says both things.
    parent = Parent("Ana", "mother", email="ana@example.org", preferred_channel="letter")
    welcome = _welcome(plan_first_contact(_family(parent)), "Ana")
    assert welcome.channel is EMAIL
    assert "only contact details" in welcome.reason
    assert "the preferred letter has no details recorded" in welcome.reason


def test_literacy_needs_get_a_text_then_a_confirmation_letter_with_enclosures_R_FC_3_R_FC_4() -> (
    None
):
    policy = ContactPolicy(
        enclosures=("leaflet", "baseline-questionnaires", "consent-forms"),
    )
    parent = Parent(
        "Ana", "mother", phone="07700 900001", address="1 Elm Row", literacy_or_learning_needs=True
    )
    plan = plan_first_contact(_family(parent), policy=policy)
    welcome, confirmation = plan.messages
    assert (welcome.channel, welcome.purpose) == (TEXT, "welcome")
    assert "R-FC-3" in welcome.reason
    assert welcome.enclosures == ()
    assert (confirmation.channel, confirmation.purpose) == (LETTER, "confirmation")
    assert confirmation.enclosures == (
        Enclosure.LEAFLET,
        Enclosure.BASELINE_QUESTIONNAIRES,
        Enclosure.CONSENT_FORMS,
    )
    assert "R-FC-3" in confirmation.reason
    assert plan.not_contacted == ()


def test_literacy_needs_with_a_letter_preference_still_start_by_text_or_phone_R_FC_3() -> None:
    parent = Parent(
        "Ana",
        "mother",
        phone="07700 900001",
        address="1 Elm Row",
        preferred_channel="letter",
        literacy_or_learning_needs=True,
    )
    plan = plan_first_contact(_family(parent))
    assert _channels(plan, "Ana") == [(TEXT, "welcome"), (LETTER, "confirmation")]


def test_literacy_needs_honour_a_phone_preference_R_FC_3_R_AL_4() -> None:
    parent = Parent(
        "Ana",
        "mother",
        phone="07700 900001",
        address="1 Elm Row",
        preferred_channel="phone",
        literacy_or_learning_needs=True,
    )
    plan = plan_first_contact(_family(parent))
    assert _channels(plan, "Ana") == [(PHONE, "welcome"), (LETTER, "confirmation")]
    assert "preference" in _welcome(plan, "Ana").reason


def test_literacy_needs_follow_the_team_phone_first_channel_R_FC_3() -> None:
    parent = Parent(
        "Ana", "mother", phone="07700 900001", address="1 Elm Row", literacy_or_learning_needs=True
    )
    plan = plan_first_contact(_family(parent), policy=ContactPolicy(first_channel="phone"))
    assert _channels(plan, "Ana") == [(PHONE, "welcome"), (LETTER, "confirmation")]


def test_literacy_needs_and_a_letter_first_team_still_text_first_R_FC_3() -> None:
    parent = Parent(
        "Ana", "mother", phone="07700 900001", address="1 Elm Row", literacy_or_learning_needs=True
    )
    plan = plan_first_contact(_family(parent), policy=ContactPolicy(first_channel="letter"))
    assert _channels(plan, "Ana") == [(TEXT, "welcome"), (LETTER, "confirmation")]


def test_missing_confirmation_letter_is_listed_with_a_reason_R_FC_3() -> None:
    parent = Parent("Ana", "mother", phone="07700 900001", literacy_or_learning_needs=True)
    plan = plan_first_contact(_family(parent))
    assert _channels(plan, "Ana") == [(TEXT, "welcome")]
    assert plan.not_contacted == (("Ana", NO_ADDRESS),)


def test_literacy_needs_without_a_phone_are_listed_not_sent_a_letter_R_FC_3() -> None:
    parent = Parent("Ana", "mother", address="1 Elm Row", literacy_or_learning_needs=True)
    plan = plan_first_contact(_family(parent))
    assert plan.messages == ()
    ((name, reason),) = plan.not_contacted
    assert name == "Ana"
    assert "phone" in reason


def test_confirm_by_letter_policy_adds_a_confirmation_letter_R_FC_4() -> None:
    policy = ContactPolicy(confirm_by_letter=True, enclosures=["consent-forms"])
    parent = Parent("Tom", "father", phone="07700 900002", address="1 Elm Row")
    plan = plan_first_contact(_family(parent), policy=policy)
    assert _channels(plan, "Tom") == [(TEXT, "welcome"), (LETTER, "confirmation")]
    confirmation = plan.messages[1]
    assert confirmation.enclosures == (Enclosure.CONSENT_FORMS,)
    assert "letter" in confirmation.reason


def test_confirm_by_letter_is_not_doubled_when_the_welcome_is_a_letter_R_FC_4() -> None:
    policy = ContactPolicy(confirm_by_letter=True)
    parent = Parent("Tom", "father", address="1 Elm Row")
    plan = plan_first_contact(_family(parent), policy=policy)
    assert _channels(plan, "Tom") == [(LETTER, "welcome")]
    assert plan.not_contacted == ()


def test_confirm_by_letter_without_an_address_is_listed_R_FC_4() -> None:
    policy = ContactPolicy(confirm_by_letter=True)
    parent = Parent("Tom", "father", phone="07700 900002")
    plan = plan_first_contact(_family(parent), policy=policy)
    assert _channels(plan, "Tom") == [(TEXT, "welcome")]
    assert plan.not_contacted == (("Tom", NO_ADDRESS),)


def test_do_not_contact_is_honoured_with_its_reason_R_AL_4() -> None:
    family = _family(
        Parent("Ana", "mother", phone="07700 900001"),
        Parent("Tom", "partner", phone="07700 900002"),
    )
    plan = plan_first_contact(family, do_not_contact={"Tom": "safety concern recorded"})
    assert [m.recipient for m in plan.messages] == ["Ana"]
    assert plan.not_contacted == (("Tom", "safety concern recorded"),)


def test_do_not_contact_naming_a_stranger_is_refused_R_AL_4() -> None:
    family = _family(Parent("Ana", "mother", phone="07700 900001"))
    with pytest.raises(InvalidAppointment) as excinfo:
        plan_first_contact(family, do_not_contact={"Tim": "safety concern"})
    _assert_typed(excinfo, "do_not_contact", "R-AL-4")
    assert excinfo.value.value == "Tim"


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_do_not_contact_without_a_reason_is_refused_R_AL_4(reason: object) -> None:
    family = _family(Parent("Ana", "mother", phone="07700 900001"))
    with pytest.raises(InvalidAppointment) as excinfo:
        plan_first_contact(family, do_not_contact={"Ana": reason})  # type: ignore[dict-item]
    _assert_typed(excinfo, "do_not_contact", "R-AL-4")


def test_parent_without_details_is_listed_never_dropped_R_FC_2_R_AL_4() -> None:
    family = _family(Parent("Ana", "mother", phone="07700 900001"), Parent("Tom", "father"))
    plan = plan_first_contact(family)
    assert [m.recipient for m in plan.messages] == ["Ana"]
    assert plan.not_contacted == (("Tom", "no contact details recorded"),)


# --------------------------------------------------------------------------- first contact: properties


@st.composite
def _families_and_skips(draw: st.DrawFn) -> tuple[Family, dict[str, str]]:
    people = draw(st.lists(parents(), min_size=1, max_size=3, unique_by=lambda p: p.name))
    family = Family(
        parents=people,
        infant=draw(infants()),
        school_age_children=draw(st.integers(min_value=0, max_value=3)),
    )
    skipped = draw(st.lists(st.sampled_from([p.name for p in people]), unique=True))
    return family, {name: f"recorded reason {i}" for i, name in enumerate(skipped)}


_policies = st.builds(
    ContactPolicy,
    first_channel=st.sampled_from(ContactChannel),
    confirm_by_letter=st.booleans(),
    enclosures=st.lists(st.sampled_from(Enclosure), unique=True).map(tuple),
)


def _has_details(parent: Parent, channel: ContactChannel) -> bool:
    needed = {TEXT: parent.phone, PHONE: parent.phone, LETTER: parent.address}
    return bool(needed.get(channel, parent.email))


@given(_families_and_skips(), _policies)
def test_every_parent_is_welcomed_or_listed_nothing_lost_R_FC_2_R_AL_4(
    family_and_skips: tuple[Family, dict[str, str]], policy: ContactPolicy
) -> None:
    family, skip = family_and_skips
    plan = plan_first_contact(family, policy=policy, do_not_contact=skip)
    welcomed = Counter(m.recipient for m in plan.messages if m.purpose == "welcome")
    listed = Counter(name for name, reason in plan.not_contacted if reason != NO_ADDRESS)
    # Each parent exactly once: welcomed, or listed with a reason, never both.
    assert welcomed + listed == Counter(p.name for p in family.parents)
    assert all(reason.strip() for _, reason in plan.not_contacted)
    for name, reason in skip.items():
        assert any(n == name and reason in why for n, why in plan.not_contacted)
        assert name not in welcomed
    # What the family's record says is honoured without being passed again (R-AL-4).
    for parent in family.parents:
        if parent.do_not_contact:
            assert any(
                n == parent.name and parent.do_not_contact in why for n, why in plan.not_contacted
            )
            assert parent.name not in welcomed


@given(_families_and_skips(), _policies)
def test_no_message_uses_a_channel_without_details_R_AL_4(
    family_and_skips: tuple[Family, dict[str, str]], policy: ContactPolicy
) -> None:
    family, skip = family_and_skips
    by_name = {p.name: p for p in family.parents}
    plan = plan_first_contact(family, policy=policy, do_not_contact=skip)
    for message in plan.messages:
        assert _has_details(by_name[message.recipient], message.channel)
        assert message.reason.strip()
        if message.purpose == "confirmation":
            assert message.channel is LETTER
            assert message.enclosures == policy.enclosures
        else:
            assert message.purpose == "welcome"
            assert message.enclosures == ()


@given(_families_and_skips(), _policies)
def test_literacy_needs_never_get_a_letter_as_the_welcome_R_FC_3(
    family_and_skips: tuple[Family, dict[str, str]], policy: ContactPolicy
) -> None:
    family, skip = family_and_skips
    plan = plan_first_contact(family, policy=policy, do_not_contact=skip)
    for parent in family.parents:
        mine = [m for m in plan.messages if m.recipient == parent.name]
        if not mine:
            continue
        # The welcome comes first, at most one confirmation follows it.
        assert mine[0].purpose == "welcome"
        assert [m.purpose for m in mine[1:]] in ([], ["confirmation"])
        if parent.literacy_or_learning_needs:
            assert mine[0].channel in (TEXT, PHONE)
            if parent.address:
                assert [m.channel for m in mine] == [mine[0].channel, LETTER]


@given(_families_and_skips(), _policies)
def test_a_reachable_preference_is_always_honoured_R_AL_4(
    family_and_skips: tuple[Family, dict[str, str]], policy: ContactPolicy
) -> None:
    family, _ = family_and_skips
    plan = plan_first_contact(family, policy=policy)
    for parent in family.parents:
        preferred = parent.preferred_channel
        if (
            preferred is None
            or not _has_details(parent, preferred)
            or parent.do_not_contact
            or parent.contact_safe is False
        ):
            continue
        if parent.literacy_or_learning_needs and preferred not in (TEXT, PHONE):
            continue  # R-FC-3 wins: text or phone first
        assert _welcome(plan, parent.name).channel is preferred


# --------------------------------------------------------------------------- appointments


def test_home_visit_is_refused_while_a_safety_concern_is_recorded_R_AP_1() -> None:
    with pytest.raises(InvalidAppointment) as excinfo:
        _appointment(mode="home-visit", safety_concern="dog; lone working")
    _assert_typed(excinfo, "mode", "R-AP-1")
    assert "dog; lone working" in str(excinfo.value)


def test_clinic_visit_is_allowed_with_a_safety_concern_R_AP_1() -> None:
    appt = _appointment(mode="clinic", safety_concern="dog; lone working")
    assert appt.mode is Mode.CLINIC


def test_blank_safety_concern_does_not_block_a_home_visit_R_AP_1() -> None:
    assert _appointment(mode="home-visit", safety_concern="  ").mode is Mode.HOME_VISIT


def test_default_mode_is_a_home_visit_unless_safety_rules_it_out_R_AP_1() -> None:
    assert default_mode() is Mode.HOME_VISIT
    assert default_mode(safety_concern="   ") is Mode.HOME_VISIT
    assert default_mode(safety_concern="partner's violence") is Mode.CLINIC


def test_default_mode_is_always_bookable_R_AP_1() -> None:
    for concern in (None, "", "aggressive dog"):
        mode = default_mode(safety_concern=concern)
        assert _appointment(mode=mode, safety_concern=concern).mode is mode


def test_referrer_is_invited_only_with_recorded_permission_R_AP_2() -> None:
    with pytest.raises(InvalidAppointment) as excinfo:
        _appointment(first=True, referrer_invited=True)
    _assert_typed(excinfo, "referrer_permission", "R-AP-2")
    with pytest.raises(InvalidAppointment):
        _appointment(first=True, referrer_invited=True, referrer_permission="   ")
    appt = _appointment(
        first=True, referrer_invited=True, referrer_permission="Ana agreed by phone, 20 Nov"
    )
    assert appt.referrer_invited


def test_referrer_is_invited_to_the_first_appointment_only_R_AP_2() -> None:
    with pytest.raises(InvalidAppointment) as excinfo:
        _appointment(referrer_invited=True, referrer_permission="Ana agreed")
    _assert_typed(excinfo, "referrer_invited", "R-AP-2")


def test_a_phone_consultation_is_never_a_home_visit_R_AP_1() -> None:
    with pytest.raises(InvalidAppointment) as excinfo:
        _appointment(session_type="phone-consultation", mode="home-visit")
    _assert_typed(excinfo, "mode", "R-AP-1")


def test_attendees_are_named_once_each_R_AP_6() -> None:
    with pytest.raises(InvalidAppointment) as excinfo:
        _appointment(attendance="attended", attended_by=["Ana", "Ana"])
    _assert_typed(excinfo, "attended_by", "R-AP-6")


def test_referrer_not_invited_needs_no_permission_R_AP_2() -> None:
    assert not _appointment().referrer_invited


@pytest.mark.parametrize("attendance", ["attended", "late-seen"])
def test_attended_by_is_recorded_when_the_family_was_seen_R_AP_6(attendance: str) -> None:
    appt = _appointment(attendance=attendance, attended_by="Ana")
    assert appt.attended_by == ("Ana",)
    assert appt.attendance is not None
    assert appt.attendance.seen


@pytest.mark.parametrize(
    "attendance",
    [None, "late-not-seen", "cancelled-by-family", "cancelled-by-team", "did-not-attend"],
)
def test_attended_by_is_refused_unless_the_family_was_seen_R_AP_6(attendance: str | None) -> None:
    with pytest.raises(InvalidAppointment) as excinfo:
        _appointment(attendance=attendance, attended_by=["Ana"])
    _assert_typed(excinfo, "attended_by", "R-AP-6")


@pytest.mark.parametrize("duration", [dt.timedelta(0), -HOUR, 60, None])
def test_duration_must_be_a_positive_timedelta_R_AP_1(duration: object) -> None:
    with pytest.raises(InvalidAppointment) as excinfo:
        _appointment(duration=duration)
    _assert_typed(excinfo, "duration", "R-AP-1")


def test_start_must_be_a_datetime_R_AP_1() -> None:
    with pytest.raises(InvalidAppointment) as excinfo:
        _appointment(start=D(2026, 12, 1))
    _assert_typed(excinfo, "start", "R-AP-1")


def test_practitioner_must_be_named_R_AL_1() -> None:
    with pytest.raises(InvalidAppointment) as excinfo:
        _appointment(practitioner="  ")
    _assert_typed(excinfo, "practitioner", "R-AL-1")


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("session_type", "therapy", "R-AP-5"),
        ("mode", "teleport", "R-AP-1"),
        ("attendance", "maybe", "R-AP-5"),
    ],
)
def test_enum_fields_give_typed_errors_R_AP_1_R_AP_5(field: str, value: str, rule: str) -> None:
    with pytest.raises(InvalidAppointment) as excinfo:
        _appointment(**{field: value})
    _assert_typed(excinfo, field, rule)
    assert excinfo.value.value == value


def test_enum_fields_accept_their_wire_values_R_AP_5() -> None:
    appt = _appointment(
        session_type="phone-consultation", mode="phone", attendance="cancelled-by-team"
    )
    assert appt.session_type is SessionType.PHONE_CONSULTATION
    assert appt.mode is Mode.PHONE
    assert appt.attendance is Attendance.CANCELLED_BY_TEAM


def test_appointment_end_is_start_plus_duration_R_AP_1() -> None:
    appt = _appointment(start=DT(2026, 12, 1, 10), duration=dt.timedelta(minutes=90))
    assert appt.end == DT(2026, 12, 1, 11, 30)


def test_attendance_codes_are_the_mhsds_attended_or_did_not_attend_codes_R_AP_5() -> None:
    # NHS Data Model and Dictionary, ATTENDED OR DID NOT ATTEND: 5 attended on
    # time, 6 arrived late but seen, 7 arrived late not seen, 2 cancelled by the
    # patient, 4 cancelled by the provider, 3 did not attend (no warning).
    assert {a: a.mhsds_code for a in Attendance} == {
        Attendance.ATTENDED: "5",
        Attendance.LATE_SEEN: "6",
        Attendance.LATE_NOT_SEEN: "7",
        Attendance.CANCELLED_BY_FAMILY: "2",
        Attendance.CANCELLED_BY_TEAM: "4",
        Attendance.DID_NOT_ATTEND: "3",
    }


def test_only_attended_and_late_seen_count_as_seen_R_AP_5() -> None:
    assert {a for a in Attendance if a.seen} == {Attendance.ATTENDED, Attendance.LATE_SEEN}


def test_mode_codes_are_the_mhsds_consultation_mechanism_codes_R_AP_1() -> None:
    # CONSULTATION MECHANISM (MENTAL HEALTH): 01 face to face (home or clinic),
    # 02 telephone, 11 video consultation.
    assert {m: m.mhsds_consultation_mechanism for m in Mode} == {
        Mode.HOME_VISIT: "01",
        Mode.CLINIC: "01",
        Mode.PHONE: "02",
        Mode.VIDEO: "11",
    }


# --------------------------------------------------------------------------- propose_slots (R-AP-3)

NO_KIDS = _family(Parent("Ana", "mother"))
SCHOOL_KIDS = _family(Parent("Ana", "mother"), school_age_children=2)


def test_slots_avoid_the_school_runs_for_families_with_school_age_children_R_AP_3() -> None:
    slots = propose_slots(first_day=D(2026, 12, 1), days=1, duration=HOUR, family=SCHOOL_KIDS)
    # 09:00 overlaps drop-off (to 09:15); 14:00-15:30 overlap pick-up
    # (14:45-15:45); 13:30 ends 14:30 and 16:00 starts after it.
    assert _times(slots) == [
        "09:30",
        "10:00",
        "10:30",
        "11:00",
        "11:30",
        "12:00",
        "12:30",
        "13:00",
        "13:30",
        "16:00",
    ]
    for slot in slots:
        for run in ContactPolicy().school_runs:
            assert not run.overlaps(slot.time(), (slot + HOUR).time())


def test_slots_may_overlap_school_runs_when_there_are_no_school_age_children_R_AP_3() -> None:
    slots = propose_slots(first_day=D(2026, 12, 1), days=1, duration=HOUR, family=NO_KIDS)
    # Every half hour from 09:00 to 16:00 (ends 17:00, the close): 15 starts.
    expected = [DT(2026, 12, 1, 9) + k * dt.timedelta(minutes=30) for k in range(15)]
    assert list(slots) == expected
    assert DT(2026, 12, 1, 14, 30) in slots  # in the pick-up window


def test_slots_end_by_the_close_R_AP_3() -> None:
    slots = propose_slots(
        first_day=D(2026, 12, 1), days=1, duration=dt.timedelta(minutes=90), family=NO_KIDS
    )
    # 15:30 + 90 min = 17:00, the last start that ends by the close.
    assert slots[-1] == DT(2026, 12, 1, 15, 30)
    assert slots[0] == DT(2026, 12, 1, 9, 0)


def test_no_slot_fits_an_appointment_longer_than_the_working_day_R_AP_3() -> None:
    assert propose_slots(first_day=D(2026, 12, 1), days=5, duration=9 * HOUR, family=NO_KIDS) == ()


def test_slots_skip_weekends_R_AP_3() -> None:
    # Fri 4 Dec to Mon 7 Dec 2026: Saturday and Sunday drop out.
    slots = propose_slots(first_day=D(2026, 12, 4), days=4, duration=HOUR, family=NO_KIDS)
    assert sorted({s.date() for s in slots}) == [D(2026, 12, 4), D(2026, 12, 7)]


def test_slots_skip_bank_holidays_and_closures_R_AP_3() -> None:
    # Thu 24 to Tue 29 Dec 2026: Christmas (Fri 25), the weekend and the Boxing
    # Day substitute (Mon 28) drop out, leaving Thu 24 and Tue 29.
    kwargs = {"first_day": D(2026, 12, 24), "days": 6, "duration": HOUR, "family": NO_KIDS}
    slots = propose_slots(**kwargs)  # type: ignore[arg-type]
    assert sorted({s.date() for s in slots}) == [D(2026, 12, 24), D(2026, 12, 29)]
    closed = WorkingCalendar("england", closures=[D(2026, 12, 24)])
    slots = propose_slots(**kwargs, calendar=closed)  # type: ignore[arg-type]
    assert sorted({s.date() for s in slots}) == [D(2026, 12, 29)]


def test_slots_follow_the_calendars_nation_R_AP_3() -> None:
    # Mon 30 Nov 2026 is St Andrew's Day: a working day in England, not Scotland.
    kwargs = {"first_day": D(2026, 11, 30), "days": 2, "duration": HOUR, "family": NO_KIDS}
    england = propose_slots(**kwargs, calendar=WorkingCalendar("england"))  # type: ignore[arg-type]
    scotland = propose_slots(**kwargs, calendar=WorkingCalendar("scotland"))  # type: ignore[arg-type]
    assert sorted({s.date() for s in england}) == [D(2026, 11, 30), D(2026, 12, 1)]
    assert sorted({s.date() for s in scotland}) == [D(2026, 12, 1)]


def test_slots_respect_the_familys_own_avoid_windows_R_AP_3_R_AL_4() -> None:
    lunch = TimeWindow(T(12, 0), T(13, 30))
    slots = propose_slots(
        first_day=D(2026, 12, 1), days=1, duration=HOUR, family=NO_KIDS, avoid=[lunch]
    )
    # One-hour slots starting 11:30, 12:00, 12:30 and 13:00 touch 12:00-13:30;
    # 11:00 ends at 12:00 and 13:30 starts at its end, so both stay.
    assert _times(slots) == [
        "09:00",
        "09:30",
        "10:00",
        "10:30",
        "11:00",
        "13:30",
        "14:00",
        "14:30",
        "15:00",
        "15:30",
        "16:00",
    ]


def test_avoid_windows_add_to_the_school_runs_R_AP_3() -> None:
    morning = TimeWindow(T(9, 0), T(12, 0))
    slots = propose_slots(
        first_day=D(2026, 12, 1), days=1, duration=HOUR, family=SCHOOL_KIDS, avoid=[morning]
    )
    # Morning gone (avoid), 14:00-15:30 gone (pick-up): 12:00..13:30 and 16:00.
    assert _times(slots) == ["12:00", "12:30", "13:00", "13:30", "16:00"]


def test_slots_use_the_policys_working_hours_and_school_runs_R_AP_3() -> None:
    policy = ContactPolicy(
        working_hours=TimeWindow(T(10, 0), T(14, 0)),
        school_runs=(TimeWindow(T(12, 0), T(12, 30)),),
    )
    slots = propose_slots(
        first_day=D(2026, 12, 1),
        days=1,
        duration=HOUR,
        family=SCHOOL_KIDS,
        policy=policy,
        step_minutes=60,
    )
    # 10:00 and 11:00 (ends 12:00, where the window starts) are clear; 12:00
    # starts inside 12:00-12:30; 13:00 ends at the 14:00 close.
    assert _times(slots) == ["10:00", "11:00", "13:00"]


def test_slots_step_every_hour_R_AP_3() -> None:
    slots = propose_slots(
        first_day=D(2026, 12, 1), days=1, duration=HOUR, family=NO_KIDS, step_minutes=60
    )
    assert _times(slots) == [f"{h:02d}:00" for h in range(9, 17)]


def test_slots_step_every_75_minutes_from_the_opening_R_AP_3() -> None:
    # 09:00, 10:15, 11:30, 12:45, 14:00, 15:15; 16:30 + 1 h is after the close.
    slots = propose_slots(
        first_day=D(2026, 12, 1), days=1, duration=HOUR, family=NO_KIDS, step_minutes=75
    )
    assert _times(slots) == ["09:00", "10:15", "11:30", "12:45", "14:00", "15:15"]


def test_slots_start_at_an_opening_off_the_hour_R_AP_3() -> None:
    # A team open 08:30-16:30 offering hourly starts: 08:30 to 15:30, eight slots.
    policy = ContactPolicy(working_hours=TimeWindow(T(8, 30), T(16, 30)))
    slots = propose_slots(
        first_day=D(2026, 12, 1),
        days=1,
        duration=HOUR,
        family=NO_KIDS,
        policy=policy,
        step_minutes=60,
    )
    assert _times(slots) == [f"{h:02d}:30" for h in range(8, 16)]


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("days", {"days": 0}),
        ("days", {"days": -3}),
        ("days", {"days": True}),
        ("days", {"days": 1.5}),
        ("duration", {"duration": dt.timedelta(0)}),
        ("duration", {"duration": -HOUR}),
        ("duration", {"duration": 60}),
        ("step_minutes", {"step_minutes": 4}),
        ("step_minutes", {"step_minutes": 241}),
        ("step_minutes", {"step_minutes": 0}),
        ("step_minutes", {"step_minutes": True}),
        ("step_minutes", {"step_minutes": 30.0}),
    ],
)
def test_bad_slot_requests_are_refused_R_AP_3(field: str, overrides: dict[str, object]) -> None:
    kwargs: dict[str, object] = {
        "first_day": D(2026, 12, 1),
        "days": 5,
        "duration": HOUR,
        "family": NO_KIDS,
    }
    kwargs.update(overrides)
    with pytest.raises(InvalidAppointment) as excinfo:
        propose_slots(**kwargs)  # type: ignore[arg-type]
    _assert_typed(excinfo, field, "R-AP-3")


def test_slot_step_of_five_minutes_is_accepted_R_AP_3() -> None:
    slots = propose_slots(
        first_day=D(2026, 12, 1), days=1, duration=HOUR, family=NO_KIDS, step_minutes=5
    )
    # 09:00 to 16:00 every 5 minutes: 7 hours * 12 + 1 = 85 starts.
    assert len(slots) == 85
    assert (slots[0], slots[-1]) == (DT(2026, 12, 1, 9, 0), DT(2026, 12, 1, 16, 0))


def test_slot_step_of_four_hours_is_accepted_R_AP_3() -> None:
    # From the 09:00 opening: 09:00 and 13:00 (17:00 would end after the close).
    slots = propose_slots(
        first_day=D(2026, 12, 1), days=1, duration=HOUR, family=NO_KIDS, step_minutes=240
    )
    assert _times(slots) == ["09:00", "13:00"]


# --------------------------------------------------------------------------- propose_slots: properties


@st.composite
def _windows(draw: st.DrawFn) -> TimeWindow:
    start = draw(st.integers(min_value=6 * 60, max_value=19 * 60))
    length = draw(st.integers(min_value=5, max_value=180))
    end = min(start + length, 23 * 60 + 59)
    return TimeWindow(T(start // 60, start % 60), T(end // 60, end % 60))


@st.composite
def _slot_requests(draw: st.DrawFn, *, steps: st.SearchStrategy[int]) -> dict[str, object]:
    first_day = draw(st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 1)))
    days = draw(st.integers(min_value=1, max_value=12))
    offsets = draw(st.lists(st.integers(min_value=0, max_value=14), max_size=4))
    return {
        "first_day": first_day,
        "days": days,
        "duration": dt.timedelta(minutes=draw(st.integers(min_value=5, max_value=300))),
        "family": NO_KIDS if draw(st.booleans()) else SCHOOL_KIDS,
        "calendar": WorkingCalendar(
            draw(nations()), closures=[first_day + dt.timedelta(days=k) for k in offsets]
        ),
        "avoid": draw(st.lists(_windows(), max_size=2)),
        "step_minutes": draw(steps),
    }


def _allowed(request: dict[str, object], start: dt.datetime) -> bool:
    """Whether ``start`` is a legal slot, judged from the rules alone (default policy)."""
    policy = ContactPolicy()
    calendar: WorkingCalendar = request["calendar"]  # type: ignore[assignment]
    family: Family = request["family"]  # type: ignore[assignment]
    end = start + request["duration"]  # type: ignore[operator]
    blocked = list(request["avoid"])  # type: ignore[call-overload]
    if family.school_age_children:
        blocked += list(policy.school_runs)
    first: dt.date = request["first_day"]  # type: ignore[assignment]
    opening = DT.combine(start.date(), policy.working_hours.start)
    return (
        first <= start.date() < first + request["days"] * ONE_DAY  # type: ignore[operator]
        and calendar.is_working_day(start.date())
        and start >= opening
        and end <= DT.combine(start.date(), policy.working_hours.end)
        and (start - opening) % dt.timedelta(minutes=request["step_minutes"]) == dt.timedelta(0)  # type: ignore[arg-type]
        and not any(w.overlaps(start.time(), end.time()) for w in blocked)
    )


@given(_slot_requests(steps=st.integers(min_value=5, max_value=240)))
def test_every_proposed_slot_keeps_every_rule_R_AP_3(request: dict[str, object]) -> None:
    slots = propose_slots(**request)  # type: ignore[arg-type]
    assert list(slots) == sorted(set(slots))  # sorted, no duplicates
    for slot in slots:
        assert slot.second == 0
        assert slot.microsecond == 0
        assert _allowed(request, slot), slot


# Only steps that divide the hour here: the examples above pin the longer ones.
@given(_slot_requests(steps=st.sampled_from([5, 10, 15, 20, 30, 60])))
def test_every_legal_slot_is_proposed_R_AP_3(request: dict[str, object]) -> None:
    slots = propose_slots(**request)  # type: ignore[arg-type]
    first: dt.date = request["first_day"]  # type: ignore[assignment]
    step = dt.timedelta(minutes=request["step_minutes"])  # type: ignore[arg-type]
    naive = []
    for k in range(request["days"]):  # type: ignore[call-overload]
        start = DT.combine(first + k * ONE_DAY, T(9, 0))
        while start.time() < T(17, 0) and start.date() == first + k * ONE_DAY:
            if _allowed(request, start):
                naive.append(start)
            start += step
    assert list(slots) == naive


# --------------------------------------------------------------------------- reminder_times (R-AP-4)


def test_reminder_goes_one_day_before_at_the_policy_time_R_AP_4() -> None:
    # Thursday 3 Dec 2026, 14:00 -> Wednesday 2 Dec at 10:00.
    assert reminder_times(DT(2026, 12, 3, 14)) == (DT(2026, 12, 2, 10),)


def test_reminders_go_one_and_two_days_before_R_AP_4() -> None:
    policy = ContactPolicy(reminder_days_before=(2, 1), reminder_time=T(15, 30))
    # Thursday 3 Dec -> Tuesday 1 and Wednesday 2 Dec, at 15:30, in time order.
    assert reminder_times(DT(2026, 12, 3, 11), policy=policy) == (
        DT(2026, 12, 1, 15, 30),
        DT(2026, 12, 2, 15, 30),
    )


def test_reminder_for_a_monday_moves_back_to_friday_R_AP_4() -> None:
    # Mon 30 Nov 2026: the day before is Sunday 29, so Friday 27 Nov.
    assert reminder_times(DT(2026, 11, 30, 14)) == (DT(2026, 11, 27, 10),)


def test_reminders_landing_on_the_same_day_are_sent_once_R_AP_4() -> None:
    # Mon 7 Dec 2026: one day before is Sunday 6, two is Saturday 5; both move
    # back to Friday 4 Dec, and are sent once.
    policy = ContactPolicy(reminder_days_before=(1, 2))
    assert reminder_times(DT(2026, 12, 7, 10), policy=policy) == (DT(2026, 12, 4, 10),)


def test_reminders_two_days_before_a_tuesday_skip_the_weekend_R_AP_4() -> None:
    # Tue 8 Dec 2026: one day before is Mon 7; two days before is Sun 6 -> Fri 4.
    policy = ContactPolicy(reminder_days_before=(1, 2))
    assert reminder_times(DT(2026, 12, 8, 10), policy=policy) == (
        DT(2026, 12, 4, 10),
        DT(2026, 12, 7, 10),
    )


def test_reminders_follow_the_calendars_nation_R_AP_4() -> None:
    # Tue 1 Dec 2026, reminders 1 and 2 days before. England: Mon 30 Nov and
    # (Sun 29 -> Sat 28 -> Fri 27). Scotland: Mon 30 Nov is St Andrew's Day,
    # so both go back to Fri 27 Nov, once.
    policy = ContactPolicy(reminder_days_before=(1, 2))
    appt = DT(2026, 12, 1, 11)
    assert reminder_times(appt, policy=policy, calendar=WorkingCalendar("england")) == (
        DT(2026, 11, 27, 10),
        DT(2026, 11, 30, 10),
    )
    assert reminder_times(appt, policy=policy, calendar=WorkingCalendar("scotland")) == (
        DT(2026, 11, 27, 10),
    )


def test_reminder_skips_christmas_and_the_boxing_day_substitute_R_AP_4() -> None:
    # Tue 29 Dec 2026: Mon 28 (Boxing Day substitute), Sun 27, Sat 26 and
    # Fri 25 (Christmas Day) are all off, so Thursday 24 Dec.
    assert reminder_times(DT(2026, 12, 29, 10)) == (DT(2026, 12, 24, 10),)
    # With the team closed on Christmas Eve as well: Wednesday 23 Dec.
    closed = WorkingCalendar("england", closures=[D(2026, 12, 24)])
    assert reminder_times(DT(2026, 12, 29, 10), calendar=closed) == (DT(2026, 12, 23, 10),)


def test_reminder_skips_easter_by_nation_R_AP_4() -> None:
    # Tue 7 Apr 2026. England: Easter Monday 6, the weekend and Good Friday 3
    # are off -> Thursday 2 Apr. Scotland works on Easter Monday -> Monday 6 Apr.
    appt = DT(2026, 4, 7, 11)
    assert reminder_times(appt, calendar=WorkingCalendar("england")) == (DT(2026, 4, 2, 10),)
    assert reminder_times(appt, calendar=WorkingCalendar("wales")) == (DT(2026, 4, 2, 10),)
    assert reminder_times(appt, calendar=WorkingCalendar("scotland")) == (DT(2026, 4, 6, 10),)


def test_reminder_before_an_early_appointment_is_still_the_day_before_R_AP_4() -> None:
    # A 09:00 appointment and a 16:30 reminder: Tuesday 1 Dec at 16:30 for a
    # Wednesday 2 Dec appointment, never the same morning.
    policy = ContactPolicy(reminder_time=T(16, 30))
    assert reminder_times(DT(2026, 12, 2, 9), policy=policy) == (DT(2026, 12, 1, 16, 30),)


def test_reminder_keeps_the_appointments_time_zone_R_AP_4() -> None:
    london = dt.timezone(dt.timedelta(0), "Europe/London (GMT)")
    (reminder,) = reminder_times(DT(2026, 12, 3, 14, tzinfo=london))
    assert reminder == DT(2026, 12, 2, 10, tzinfo=london)
    assert reminder.tzinfo is london


def test_reminder_times_refuse_a_plain_date_R_AP_4() -> None:
    with pytest.raises(InvalidAppointment) as excinfo:
        reminder_times(D(2026, 12, 3))  # type: ignore[arg-type]
    _assert_typed(excinfo, "appointment_start", "R-AP-4")


@st.composite
def _reminder_cases(draw: st.DrawFn) -> tuple[dt.datetime, WorkingCalendar, ContactPolicy]:
    day = draw(st.dates(min_value=D(2020, 1, 15), max_value=D(2030, 12, 31)))
    minute = draw(st.integers(min_value=0, max_value=24 * 60 - 1))
    appt = DT.combine(day, T(minute // 60, minute % 60))
    offsets = draw(st.lists(st.integers(min_value=1, max_value=10), max_size=4))
    calendar = WorkingCalendar(draw(nations()), closures=[day - k * ONE_DAY for k in offsets])
    hours = TimeWindow(T(8, 0), T(18, 0))
    at = draw(st.integers(min_value=8 * 60, max_value=18 * 60 - 1))
    policy = ContactPolicy(
        working_hours=hours,
        reminder_days_before=draw(
            st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=3)
        ),
        reminder_time=T(at // 60, at % 60),
    )
    return appt, calendar, policy


@given(_reminder_cases())
def test_reminders_are_before_on_working_days_in_hours_and_unique_R_AP_4(
    case: tuple[dt.datetime, WorkingCalendar, ContactPolicy],
) -> None:
    appt, calendar, policy = case
    reminders = reminder_times(appt, calendar=calendar, policy=policy)
    assert list(reminders) == sorted(set(reminders))
    assert 1 <= len(reminders) <= len(policy.reminder_days_before)
    for reminder in reminders:
        assert reminder < appt
        assert reminder.date() < appt.date()
        assert calendar.is_working_day(reminder.date())
        assert reminder.time() == policy.reminder_time
        assert policy.working_hours.start <= reminder.time() < policy.working_hours.end
    # Naive model: for each n, the last working day on or before n days earlier.
    expected = set()
    for n in policy.reminder_days_before:
        day = appt.date() - n * ONE_DAY
        while not calendar.is_working_day(day):
            day -= ONE_DAY
        expected.add(DT.combine(day, policy.reminder_time))
    assert reminders == tuple(sorted(expected))


# --------------------------------------------------------------------------- letter_after (R-AP-6)

ANA = Parent("Ana", ParentRole.MOTHER, address="1 Elm Row")
TOM = Parent("Tom", ParentRole.FATHER, address="2 Oak Lane")
COUPLE = _family(ANA, TOM)
HV = "Helen Price, health visitor"
GP = "Dr Rao, GP"


def _seen(*names: str, attendance: str = "attended") -> Appointment:
    return _appointment(mode="home-visit", attendance=attendance, attended_by=list(names))


def test_letter_is_written_to_the_parents_who_attended_R_AP_6() -> None:
    letter = letter_after(_seen("Ana", "Tom"), COUPLE, professionals=[HV, GP])
    assert letter == Letter(to=("Ana", "Tom"), copies=(HV, GP), withheld=())


def test_professionals_are_copied_never_addressed_R_AP_6() -> None:
    letter = letter_after(_seen("Ana", attendance="late-seen"), COUPLE, professionals=[HV])
    assert letter.to == ("Ana",)
    assert HV in letter.copies
    assert HV not in letter.to


def test_absent_parent_is_copied_with_permission_R_AP_6() -> None:
    letter = letter_after(
        _seen("Ana"), COUPLE, professionals=[HV], absent_parents_permitted={"Tom": True}
    )
    assert (letter.to, letter.copies, letter.withheld) == (("Ana",), (HV, "Tom"), ())
    # Tom's safety is not recorded: the copy goes (the default policy) and says
    # so, for the practitioner to check first (H-18, R-REC-5).
    assert [name for name, _ in letter.safety_not_recorded] == ["Tom"]


@pytest.mark.parametrize("permitted", [None, {}, {"Tom": False}, {"Tom": "yes"}, {"Ana": True}])
def test_absent_parent_without_permission_is_withheld_with_reason_R_AP_6(
    permitted: dict[str, object] | None,
) -> None:
    letter = letter_after(
        _seen("Ana"),
        COUPLE,
        professionals=[HV],
        absent_parents_permitted=permitted,  # type: ignore[arg-type]
    )
    assert letter.to == ("Ana",)
    assert letter.copies == (HV,)
    ((name, reason),) = letter.withheld
    assert name == "Tom"
    assert "permission" in reason


@pytest.mark.parametrize(
    "attendance", [None, "late-not-seen", "cancelled-by-family", "cancelled-by-team"]
)
def test_letter_is_refused_when_nobody_was_seen_R_AP_6(attendance: str | None) -> None:
    with pytest.raises(InvalidAppointment) as excinfo:
        letter_after(_appointment(attendance=attendance), COUPLE)
    _assert_typed(excinfo, "appointment", "R-AP-6")


def test_letter_is_refused_when_did_not_attend_R_AP_6() -> None:
    with pytest.raises(InvalidAppointment) as excinfo:
        letter_after(_appointment(attendance="did-not-attend"), COUPLE)
    _assert_typed(excinfo, "appointment", "R-AP-6")
    assert excinfo.value.value == "did-not-attend"


def test_letter_is_refused_when_seen_but_no_attendee_recorded_R_AP_6() -> None:
    with pytest.raises(InvalidAppointment) as excinfo:
        letter_after(_appointment(attendance="attended"), COUPLE)
    _assert_typed(excinfo, "appointment", "R-AP-6")


def test_letter_is_refused_when_an_attendee_is_not_a_parent_R_AP_6() -> None:
    with pytest.raises(InvalidAppointment) as excinfo:
        letter_after(_seen("Ana", "Nan"), COUPLE, professionals=[HV])
    _assert_typed(excinfo, "attended_by", "R-AP-6")
    assert excinfo.value.value == "Nan"


# --------------------------------------------------------------------------- ContactPolicy


def test_default_policy_values_R_FC_1_R_AP_4() -> None:
    policy = ContactPolicy()
    assert policy.first_channel is TEXT
    assert policy.confirm_by_letter is False
    assert policy.enclosures == (Enclosure.LEAFLET,)
    assert policy.reminder_days_before == (1,)
    assert policy.reminder_time == T(10, 0)
    assert policy.working_hours == TimeWindow(T(9, 0), T(17, 0))


def test_reminder_days_are_sorted_and_deduplicated_R_AP_4() -> None:
    assert ContactPolicy(reminder_days_before=[2, 1, 2]).reminder_days_before == (1, 2)


@pytest.mark.parametrize("bad", [0, -1, True, 1.5, "1"])
def test_reminder_days_must_be_whole_days_of_at_least_one_R_AP_4(bad: object) -> None:
    with pytest.raises(InvalidPolicy) as excinfo:
        ContactPolicy(reminder_days_before=(bad,))  # type: ignore[arg-type]
    _assert_typed(excinfo, "reminder_days_before", "R-AP-4")


@pytest.mark.parametrize("at", [T(8, 59), T(17, 0), T(20, 0), T(0, 0)])
def test_reminder_time_outside_working_hours_is_refused_R_FC_1(at: dt.time) -> None:
    with pytest.raises(InvalidPolicy) as excinfo:
        ContactPolicy(reminder_time=at)
    _assert_typed(excinfo, "reminder_time", "R-FC-1")


@pytest.mark.parametrize("at", [T(9, 0), T(16, 59)])
def test_reminder_time_at_the_edges_of_working_hours_is_accepted_R_FC_1(at: dt.time) -> None:
    assert ContactPolicy(reminder_time=at).reminder_time == at


def test_reminder_time_is_checked_against_the_teams_own_hours_R_FC_1() -> None:
    hours = TimeWindow(T(7, 30), T(15, 0))
    assert ContactPolicy(working_hours=hours, reminder_time=T(7, 45)).reminder_time == T(7, 45)
    with pytest.raises(InvalidPolicy) as excinfo:
        ContactPolicy(working_hours=hours, reminder_time=T(15, 30))
    _assert_typed(excinfo, "reminder_time", "R-FC-1")
    # The default 10:00 reminder does not fit a team that opens at 11:00.
    with pytest.raises(InvalidPolicy):
        ContactPolicy(working_hours=TimeWindow(T(11, 0), T(19, 0)))


@pytest.mark.parametrize(("start", "end"), [(T(9, 0), T(9, 0)), (T(15, 45), T(14, 45))])
def test_time_window_end_must_be_after_start_R_AP_3(start: dt.time, end: dt.time) -> None:
    with pytest.raises(InvalidPolicy) as excinfo:
        TimeWindow(start, end)
    _assert_typed(excinfo, "end", "R-AP-3")


def test_time_window_overlap_is_half_open_R_AP_3() -> None:
    window = TimeWindow(T(8, 15), T(9, 15))
    assert window.overlaps(T(9, 0), T(10, 0))
    assert not window.overlaps(T(9, 15), T(10, 0))
    assert not window.overlaps(T(7, 15), T(8, 15))
    assert window.overlaps(T(8, 0), T(10, 0))


def test_school_runs_must_be_time_windows_R_AP_3() -> None:
    with pytest.raises(InvalidPolicy) as excinfo:
        ContactPolicy(school_runs=[(T(8, 15), T(9, 15))])  # type: ignore[list-item]
    assert excinfo.value.rule == "R-AP-3"


def test_school_runs_error_names_the_field_as_the_caller_spelled_it_R_AP_3() -> None:
    # errors.InvalidValue: ``field`` is "the name of the field or argument, as
    # the caller spelled it": here ``school_runs``.
    with pytest.raises(InvalidPolicy) as excinfo:
        ContactPolicy(school_runs=[(T(8, 15), T(9, 15))])  # type: ignore[list-item]
    _assert_typed(excinfo, "school_runs", "R-AP-3")


def test_first_channel_accepts_wire_values_and_refuses_others_R_FC_1() -> None:
    assert ContactPolicy(first_channel="phone").first_channel is PHONE
    with pytest.raises(InvalidPolicy) as excinfo:
        ContactPolicy(first_channel="pigeon")
    _assert_typed(excinfo, "first_channel", "R-FC-1")


def test_enclosures_accept_wire_values_and_refuse_others_R_FC_4() -> None:
    assert ContactPolicy(enclosures="leaflet").enclosures == (Enclosure.LEAFLET,)
    assert ContactPolicy(enclosures=()).enclosures == ()
    with pytest.raises(InvalidPolicy) as excinfo:
        ContactPolicy(enclosures=["leaflet", "flyer"])
    _assert_typed(excinfo, "enclosures", "R-FC-4")


def test_reminders_honour_each_parents_channel_and_list_who_is_not_reminded_R_AL_4() -> None:
    # Thursday 3 Dec 2026 at 10:00: the default one-day reminder is Wednesday 2 Dec 10:00.
    family = Family(
        parents=[
            Parent("Ana", "mother", phone="07700 900001"),
            Parent("Tom", "father", phone="07700 900002", preferred_channel="phone"),
            Parent("Sam", "partner", preferred_channel="letter"),  # no address recorded
        ],
        infant=Infant.born_on(dt.date(2026, 9, 1)),
    )
    sent, skipped = plan_reminders(dt.datetime(2026, 12, 3, 10, 0), family)
    assert [(r.recipient, r.channel.value) for r in sent] == [("Ana", "text"), ("Tom", "phone")]
    assert {r.at for r in sent} == {dt.datetime(2026, 12, 2, 10, 0)}
    assert [name for name, _ in skipped] == ["Sam"]
    assert "letter" in skipped[0][1]


def test_reminders_leave_out_a_parent_not_to_be_contacted_with_the_reason_R_AL_4() -> None:
    family = Family(
        parents=[Parent("Ana", "mother", phone="1"), Parent("Tom", "father", phone="2")],
        infant=Infant.born_on(dt.date(2026, 9, 1)),
    )
    sent, skipped = plan_reminders(
        dt.datetime(2026, 12, 3, 10, 0), family, do_not_contact={"Tom": "safety plan"}
    )
    assert [r.recipient for r in sent] == ["Ana"]
    assert skipped == (("Tom", "safety plan"),)
    with pytest.raises(InvalidAppointment) as caught:
        plan_reminders(dt.datetime(2026, 12, 3, 10, 0), family, do_not_contact={"Kim": "x"})
    assert caught.value.field == "do_not_contact"

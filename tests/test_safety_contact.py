"""Controls for hazards H-18 and H-19: contact nobody the record says not to (R-AL-4, R-REC-5).

H-18: a parent whose safety has not been recorded (``Parent.contact_safe is
None``) is contacted. In a family of more than one parent every plan now lists
such a parent in ``safety_not_recorded`` to check first, and a team can set
``ContactPolicy.contact_when_safety_unrecorded=False`` to leave them out, with
the reason, as a parent recorded as not safe to contact is (R-FC-2 keeps the
default: both parents are contacted).

H-19: family-reminder alarms in an iCalendar export are computed through
`plan_reminders` from the family's record, so no alarm is due for a parent not
to be contacted and times respect each parent's contact times; without the
family, computing them is refused.

Calendar facts used (from a printed calendar): Thursday 3 December 2026 and
Wednesday 2 December 2026 are working days; the default policy works
09:00-17:00 and sends reminders at 10:00 one day before. London is on GMT in
December, so a local time there is the same in UTC.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant.contact import (
    Appointment,
    ContactPolicy,
    letter_after,
    plan_first_contact,
    plan_reminders,
    safety_not_recorded,
)
from parentinfant.errors import InvalidAppointment, InvalidPolicy, ParentInfantError
from parentinfant.family import ContactChannel, Family, Infant, Parent, TimeWindow
from parentinfant.interop.json import dumps, structure
from parentinfant.lifecycle import (
    Allocate,
    BookAppointment,
    Case,
    StartScreening,
    apply,
    open_case,
)
from strategies import families

D = dt.date
T = dt.time
DT = dt.datetime
UTC = dt.UTC
BABY = Infant.born_on(D(2026, 9, 1))
START = DT(2026, 12, 3, 10)  # Thursday; reminders on Wednesday 2 December at 10:00
STAMP = DT(2026, 11, 30, 9)
CAUTIOUS = ContactPolicy(contact_when_safety_unrecorded=False)
NOT_SAFE = "contact is not safe for mother and child (R-REC-5)"


# --------------------------------------------------------------------------- helpers


def _couple(tom: dict[str, Any] | None = None, **ana: Any) -> Family:
    """Ana (safety recorded as safe unless given) and Tom (safety not recorded unless given)."""
    ana_fields: dict[str, Any] = {"phone": "07700 900001", "contact_safe": True, **ana}
    tom_fields: dict[str, Any] = {"phone": "07700 900002", **(tom or {})}
    return Family(
        parents=[Parent("Ana", "mother", **ana_fields), Parent("Tom", "father", **tom_fields)],
        infant=BABY,
    )


def _visit(start: dt.datetime = START, **changes: Any) -> Appointment:
    fields: dict[str, Any] = {
        "start": start,
        "duration": dt.timedelta(hours=1),
        "session_type": "review",
        "mode": "clinic",
        "practitioner": "Priya Shah",
    }
    fields.update(changes)
    return Appointment(**fields)


def _case(case_id: str, *appointments: Appointment) -> Case:
    case, _ = open_case(case_id, at=DT(2026, 11, 2, 9))
    case, _ = apply(case, StartScreening(), at=DT(2026, 11, 2, 10))
    case, _ = apply(case, Allocate(practitioner="Priya Shah"), at=DT(2026, 11, 3, 9))
    for minute, appointment in enumerate(appointments):
        case, _ = apply(
            case, BookAppointment(appointment=appointment), at=DT(2026, 11, 4, 9, minute)
        )
    return case


def _family_alarms(ics: bytes) -> list[tuple[dt.datetime, str]]:
    """The absolute (family-reminder) alarms of every event, in order: (UTC time, text)."""
    icalendar = pytest.importorskip("icalendar")
    found: list[tuple[dt.datetime, str]] = []
    for event in icalendar.Calendar.from_ical(ics).walk("VEVENT"):
        for alarm in event.walk("VALARM"):
            trigger = alarm.decoded("trigger")
            if isinstance(trigger, dt.datetime):
                found.append((trigger.astimezone(UTC), str(alarm["description"])))
    return found


def _calendar(family: Family | None, **options: Any) -> bytes:
    pytest.importorskip("icalendar")
    from parentinfant.interop.ical import appointments_calendar

    return appointments_calendar(
        [options.pop("visit", _visit())],
        stamp=STAMP,
        family_reminders=True,
        family=family,
        alarm_before=None,
        **options,
    )


def _unique_names(family: Family) -> bool:
    return len({p.name for p in family.parents}) == len(family.parents)


def _left_out_by_record(parent: Parent, skip: dict[str, str]) -> bool:
    return bool(parent.do_not_contact) or parent.contact_safe is False or parent.name in skip


_families = families().filter(_unique_names)


@st.composite
def _families_and_skips(draw: st.DrawFn) -> tuple[Family, dict[str, str]]:
    family = draw(_families)
    named = draw(st.lists(st.sampled_from([p.name for p in family.parents]), unique=True))
    return family, {name: f"reason given at planning {i}" for i, name in enumerate(named)}


_policies = st.builds(
    ContactPolicy,
    first_channel=st.sampled_from(ContactChannel),
    confirm_by_letter=st.booleans(),
    reminder_days_before=st.lists(st.integers(1, 3), min_size=1, max_size=2).map(tuple),
    contact_when_safety_unrecorded=st.booleans(),
)


# --------------------------------------------------------------------------- H-18: the policy setting


def test_by_default_a_couple_are_both_contacted_when_safety_is_not_recorded_R_FC_2() -> None:
    assert ContactPolicy().contact_when_safety_unrecorded is True
    plan = plan_first_contact(_couple(contact_safe=None))
    assert [m.recipient for m in plan.messages] == ["Ana", "Tom"]
    assert plan.not_contacted == ()


def test_contact_when_safety_unrecorded_must_be_true_or_false_R_REC_5() -> None:
    with pytest.raises(InvalidPolicy) as excinfo:
        ContactPolicy(contact_when_safety_unrecorded="no")  # type: ignore[arg-type]
    err = excinfo.value
    assert isinstance(err, ParentInfantError)
    assert isinstance(err, ValueError)
    assert (err.field, err.rule, err.value) == ("contact_when_safety_unrecorded", "R-REC-5", "no")
    assert "contact_when_safety_unrecorded must be True or False (R-REC-5)" in str(err)


def test_the_safety_setting_survives_a_json_round_trip_R_REC_5() -> None:
    assert structure(json.loads(dumps(CAUTIOUS)), ContactPolicy) == CAUTIOUS
    # A policy saved before the setting existed loads with the default (R-FC-2).
    saved = {"first_channel": "text", "reminder_time": "10:00:00"}
    assert structure(saved, ContactPolicy).contact_when_safety_unrecorded is True


# --------------------------------------------------------------------------- H-18: first contact


def test_first_contact_lists_a_parent_whose_safety_is_not_recorded_R_REC_5() -> None:
    plan = plan_first_contact(_couple())
    ((name, reason),) = plan.safety_not_recorded
    assert name == "Tom"
    assert "not recorded" in reason
    assert "check before contacting" in reason
    assert "R-REC-5" in reason
    # The default still welcomes Tom (R-FC-2): the list is what to check first.
    assert [m.recipient for m in plan.messages] == ["Ana", "Tom"]


def test_first_contact_lists_nobody_when_every_parent_is_recorded_R_REC_5() -> None:
    plan = plan_first_contact(_couple({"contact_safe": True}))
    assert plan.safety_not_recorded == ()


def test_a_family_of_one_parent_lists_nobody_and_is_contacted_under_any_policy_R_FC_1() -> None:
    family = Family(parents=[Parent("Ana", "mother", phone="07700 900001")], infant=BABY)
    assert safety_not_recorded(family) == ()
    for policy in (ContactPolicy(), CAUTIOUS):
        plan = plan_first_contact(family, policy=policy)
        assert [m.recipient for m in plan.messages] == ["Ana"]
        assert (plan.not_contacted, plan.safety_not_recorded) == ((), ())


def test_the_cautious_policy_leaves_out_a_parent_whose_safety_is_not_recorded_R_REC_5() -> None:
    plan = plan_first_contact(_couple(), policy=CAUTIOUS)
    assert [m.recipient for m in plan.messages] == ["Ana"]
    ((name, reason),) = plan.not_contacted
    assert name == "Tom"
    assert "contact_when_safety_unrecorded" in reason
    assert "R-REC-5" in reason
    # Still listed, so the practitioner knows what to record.
    assert [n for n, _ in plan.safety_not_recorded] == ["Tom"]


def test_the_cautious_policy_contacts_a_parent_recorded_as_safe_R_FC_2_R_REC_5() -> None:
    plan = plan_first_contact(_couple({"contact_safe": True}), policy=CAUTIOUS)
    assert [m.recipient for m in plan.messages] == ["Ana", "Tom"]
    assert plan.not_contacted == ()


def test_the_recorded_reason_comes_first_under_the_cautious_policy_R_AL_4() -> None:
    family = _couple({"do_not_contact": "court order"})
    plan = plan_first_contact(family, policy=CAUTIOUS)
    assert plan.not_contacted == (("Tom", "court order"),)


# --------------------------------------------------------------------------- H-18: reminders and letters


def test_a_reminder_to_a_parent_whose_safety_is_not_recorded_says_so_R_REC_5_R_AP_4() -> None:
    sent, skipped = plan_reminders(START, _couple())
    assert skipped == ()
    reasons = {r.recipient: r.reason for r in sent}
    assert "check before contacting" in reasons["Tom"]
    assert "R-REC-5" in reasons["Tom"]
    assert "not recorded" not in reasons["Ana"]


def test_the_cautious_policy_reminds_no_parent_whose_safety_is_unrecorded_R_REC_5_R_AP_4() -> None:
    sent, skipped = plan_reminders(START, _couple(), policy=CAUTIOUS)
    assert [r.recipient for r in sent] == ["Ana"]
    ((name, reason),) = skipped
    assert name == "Tom"
    assert "contact_when_safety_unrecorded" in reason


def test_a_letter_lists_an_absent_parent_whose_safety_is_not_recorded_R_REC_5_R_AP_6() -> None:
    seen = _visit(attendance="attended", attended_by=["Ana"])
    letter = letter_after(seen, _couple(), absent_parents_permitted={"Tom": True})
    assert letter.copies == ("Tom",)
    assert [n for n, _ in letter.safety_not_recorded] == ["Tom"]


def test_the_cautious_policy_withholds_a_copy_if_safety_is_unrecorded_R_REC_5_R_AP_6() -> None:
    seen = _visit(attendance="attended", attended_by=["Ana"])
    letter = letter_after(seen, _couple(), absent_parents_permitted={"Tom": True}, policy=CAUTIOUS)
    assert letter.copies == ()
    ((name, reason),) = letter.withheld
    assert name == "Tom"
    assert "contact_when_safety_unrecorded" in reason


# --------------------------------------------------------------------------- H-18: properties


@given(_families_and_skips(), _policies)
def test_no_plan_reminder_or_copy_ever_goes_to_a_parent_not_to_be_contacted_R_AL_4_R_REC_5(
    family_and_skips: tuple[Family, dict[str, str]], policy: ContactPolicy
) -> None:
    family, skip = family_and_skips
    barred = {p.name for p in family.parents if _left_out_by_record(p, skip)}
    plan = plan_first_contact(family, policy=policy, do_not_contact=skip)
    sent, _ = plan_reminders(START, family, policy=policy, do_not_contact=skip)
    seen = _visit(attendance="attended", attended_by=[family.parents[0].name])
    letter = letter_after(
        seen,
        family,
        absent_parents_permitted={p.name: True for p in family.parents},
        policy=policy,
    )
    assert not barred & {m.recipient for m in plan.messages}
    assert not barred & {r.recipient for r in sent}
    # A letter has no planning-time reasons: its copies follow the record alone.
    assert not {p.name for p in family.parents if _left_out_by_record(p, {})} & set(letter.copies)
    assert barred <= {n for n, _ in plan.not_contacted}


@given(_families_and_skips(), _policies)
def test_every_unrecorded_parent_of_a_couple_is_listed_on_the_plan_R_REC_5_R_FC_2(
    family_and_skips: tuple[Family, dict[str, str]], policy: ContactPolicy
) -> None:
    family, skip = family_and_skips
    plan = plan_first_contact(family, policy=policy, do_not_contact=skip)
    unrecorded = [p.name for p in family.parents if p.contact_safe is None]
    listed = [name for name, _ in plan.safety_not_recorded]
    assert listed == (unrecorded if len(family.parents) > 1 else [])
    assert all("R-REC-5" in reason for _, reason in plan.safety_not_recorded)
    assert plan.safety_not_recorded == safety_not_recorded(family)


@given(_families_and_skips(), _policies)
def test_with_the_cautious_policy_no_unrecorded_parent_of_a_couple_is_contacted_R_REC_5(
    family_and_skips: tuple[Family, dict[str, str]], policy: ContactPolicy
) -> None:
    family, skip = family_and_skips
    cautious = ContactPolicy(
        first_channel=policy.first_channel,
        confirm_by_letter=policy.confirm_by_letter,
        reminder_days_before=policy.reminder_days_before,
        contact_when_safety_unrecorded=False,
    )
    unchecked = {name for name, _ in safety_not_recorded(family)}
    plan = plan_first_contact(family, policy=cautious, do_not_contact=skip)
    sent, not_reminded = plan_reminders(START, family, policy=cautious, do_not_contact=skip)
    seen = _visit(attendance="attended", attended_by=[family.parents[0].name])
    letter = letter_after(
        seen,
        family,
        absent_parents_permitted={p.name: True for p in family.parents},
        policy=cautious,
    )
    assert not unchecked & {m.recipient for m in plan.messages}
    assert not unchecked & {r.recipient for r in sent}
    assert not unchecked & set(letter.copies)
    # Left out with a reason, never silently (R-AL-4).
    assert unchecked <= {n for n, _ in plan.not_contacted}
    assert unchecked <= {n for n, _ in not_reminded}


@given(_families)
def test_the_default_policy_contacts_the_same_parents_as_before_R_FC_2(family: Family) -> None:
    # Recording every unrecorded parent as safe changes nothing in who is contacted
    # by default: the control makes them visible, it does not drop them (R-FC-2).
    recorded = attrs.evolve(
        family,
        parents=[
            p if p.contact_safe is not None else attrs.evolve(p, contact_safe=True)
            for p in family.parents
        ],
    )
    plan = plan_first_contact(family)
    assert plan.messages == plan_first_contact(recorded).messages
    assert plan.not_contacted == plan_first_contact(recorded).not_contacted


# --------------------------------------------------------------------------- H-19: calendar alarms


def test_computed_alarms_need_the_family_R_AL_4() -> None:
    with pytest.raises(InvalidPolicy) as excinfo:
        _calendar(None)
    err = excinfo.value
    assert (err.field, err.rule) == ("family", "R-AL-4")
    assert "do_not_contact, contact_safe and contact_times" in str(err)


def test_no_computed_alarm_when_nobody_in_the_family_may_be_contacted_R_AL_4() -> None:
    family = Family(
        parents=[
            Parent("Ana", "mother", phone="07700 900001", do_not_contact="asked for no texts"),
            Parent("Tom", "father", phone="07700 900002", contact_safe=False),
        ],
        infant=BABY,
    )
    assert _family_alarms(_calendar(family)) == []


def test_computed_alarms_leave_out_a_parent_it_is_not_safe_to_contact_R_REC_5_R_AP_4() -> None:
    # Tom would be reminded by letter; recorded as not safe, only Ana's text is due.
    family = _couple({"address": "2 Oak Lane", "preferred_channel": "letter"})
    assert _family_alarms(_calendar(family)) == [
        (DT(2026, 12, 2, 10, tzinfo=UTC), "Family reminder due (letter, text) (R-AP-4)")
    ]
    barred = _couple(
        {"address": "2 Oak Lane", "preferred_channel": "letter", "contact_safe": False}
    )
    assert _family_alarms(_calendar(barred)) == [
        (DT(2026, 12, 2, 10, tzinfo=UTC), "Family reminder due (text) (R-AP-4)")
    ]


def test_computed_alarms_honour_the_cautious_policy_R_REC_5_R_AP_4() -> None:
    family = _couple({"address": "2 Oak Lane", "preferred_channel": "letter"})
    assert _family_alarms(_calendar(family, policy=CAUTIOUS)) == [
        (DT(2026, 12, 2, 10, tzinfo=UTC), "Family reminder due (text) (R-AP-4)")
    ]


def test_computed_alarms_fall_in_the_parents_contact_times_R_AL_4() -> None:
    family = Family(
        parents=[
            Parent("Ana", "mother", phone="07700 900001", contact_times=TimeWindow(T(14), T(16)))
        ],
        infant=BABY,
    )
    assert _family_alarms(_calendar(family)) == [
        (DT(2026, 12, 2, 14, tzinfo=UTC), "Family reminder due (text) (R-AP-4)")
    ]


def test_cases_calendar_computes_alarms_from_each_cases_family_R_AL_4() -> None:
    pytest.importorskip("icalendar")
    from parentinfant.interop.ical import cases_calendar

    barred = Family(
        parents=[Parent("Sam", "mother", phone="07700 900003", do_not_contact="court order")],
        infant=BABY,
    )
    one, two = _case("C-1", _visit()), _case("C-2", _visit(DT(2026, 12, 3, 14)))
    ics = cases_calendar(
        [one, two],
        stamp=STAMP,
        family_reminders=True,
        families={"C-1": _couple(), "C-2": barred},
        alarm_before=None,
    )
    assert _family_alarms(ics) == [
        (DT(2026, 12, 2, 10, tzinfo=UTC), "Family reminder due (text) (R-AP-4)")
    ]
    with pytest.raises(InvalidPolicy) as excinfo:
        cases_calendar([one, two], stamp=STAMP, family_reminders=True, families={"C-1": _couple()})
    assert (excinfo.value.field, excinfo.value.rule) == ("families[C-2]", "R-AL-4")


def test_families_must_be_families_of_the_cases_given_R_AL_4() -> None:
    pytest.importorskip("icalendar")
    from parentinfant.interop.ical import appointments_calendar, cases_calendar

    case = _case("C-1", _visit())
    with pytest.raises(InvalidAppointment, match="families must be keyed"):
        cases_calendar([case], stamp=STAMP, families={"C-9": _couple()})
    with pytest.raises(InvalidAppointment, match=r"families\[C-1\] must be a Family"):
        cases_calendar([case], stamp=STAMP, families={"C-1": "the Silvas"})  # type: ignore[dict-item]
    with pytest.raises(InvalidAppointment, match="family must be a Family"):
        appointments_calendar([_visit()], stamp=STAMP, family="the Silvas")  # type: ignore[arg-type]


def test_planned_reminders_or_cancelled_visits_need_no_family_R_AP_4() -> None:
    planned, _ = plan_reminders(START, _couple())
    with_plan = _calendar(None, reminders={START: planned})
    assert [at for at, _ in _family_alarms(with_plan)] == [DT(2026, 12, 2, 10, tzinfo=UTC)]
    cancelled = _calendar(None, visit=_visit(attendance="cancelled-by-team"))
    assert _family_alarms(cancelled) == []


# --------------------------------------------------------------------------- H-19: properties

_STARTS = st.builds(
    DT.combine,
    st.dates(min_value=D(2026, 1, 5), max_value=D(2027, 12, 31)),
    st.sampled_from([T(9, 30), T(11), T(14), T(16, 30)]),
)


@given(_families, _STARTS, st.booleans())
def test_computed_alarms_are_exactly_the_planned_reminders_R_AL_4_R_AP_4(
    family: Family, start: dt.datetime, contact_unrecorded: bool
) -> None:
    policy = ContactPolicy(
        reminder_days_before=(1, 2), contact_when_safety_unrecorded=contact_unrecorded
    )
    planned, _ = plan_reminders(start, family, policy=policy)
    computed = _calendar(family, visit=_visit(start), policy=policy)
    from_plan = _calendar(None, visit=_visit(start), policy=policy, reminders={start: planned})
    assert computed == from_plan
    # Deterministic: the same input gives the same bytes.
    assert computed == _calendar(family, visit=_visit(start), policy=policy)


@given(_families, _STARTS)
def test_a_parent_not_to_be_contacted_never_changes_the_alarms_R_AL_4_R_REC_5(
    family: Family, start: dt.datetime
) -> None:
    # The alarms are the same as if every parent not to be contacted were not
    # in the family at all; with nobody left, there is no family alarm.
    alarms = _family_alarms(_calendar(family, visit=_visit(start)))
    contactable = [p for p in family.parents if not _left_out_by_record(p, {})]
    if not contactable:
        assert alarms == []
        return
    rest = attrs.evolve(family, parents=contactable)
    assert alarms == _family_alarms(_calendar(rest, visit=_visit(start)))

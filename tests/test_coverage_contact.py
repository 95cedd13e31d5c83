"""Branch coverage for `parentinfant.contact`: logging messages, visit mode, slot ranges."""

from __future__ import annotations

import datetime as dt

import pytest

from parentinfant.contact import (
    Enclosure,
    Mode,
    PlannedMessage,
    default_mode,
    propose_slots,
)
from parentinfant.errors import InvalidAppointment
from parentinfant.family import ContactChannel, Family, Infant, Parent

FAMILY = Family(parents=[Parent("Ana", "mother")], infant=Infant.born_on(dt.date(2026, 9, 1)))


def test_a_sent_message_is_logged_with_the_summary_given() -> None:
    # R-AL-4: every communication goes on the record; a summary given is kept word for word.
    message = PlannedMessage(
        recipient="Ana",
        channel=ContactChannel.LETTER,
        purpose="confirmation",
        enclosures=(Enclosure.LEAFLET,),
        reason="R-FC-3",
    )
    logged = message.as_communication("Letter confirming Tue 1 Dec at 10:00")
    assert logged.summary == "Letter confirming Tue 1 Dec at 10:00"
    assert logged.channel is ContactChannel.LETTER
    assert logged.with_whom == "Ana"


def test_a_message_without_enclosures_is_summarised_by_purpose_and_channel() -> None:
    message = PlannedMessage(
        recipient="Ana", channel=ContactChannel.TEXT, purpose="welcome", enclosures=(), reason="x"
    )
    assert message.as_communication().summary == "welcome by text"


@pytest.mark.parametrize("concern", [1, True, ["dog"]])
def test_a_safety_concern_must_be_text(concern: object) -> None:
    # R-AP-1: the reason not to visit at home is recorded in words.
    with pytest.raises(InvalidAppointment) as caught:
        default_mode(safety_concern=concern)  # type: ignore[arg-type]
    assert caught.value.field == "safety_concern"
    assert caught.value.rule == "R-AP-1"


def test_a_blank_safety_concern_leaves_the_home_visit() -> None:
    # R-AP-1: home visit unless safety rules it out; blank text records no concern.
    assert default_mode(safety_concern="   ") is Mode.HOME_VISIT


@pytest.mark.parametrize("first_day", ["2026-12-01", dt.datetime(2026, 12, 1, 9)])
def test_slots_are_proposed_from_a_date_not_text_or_a_datetime(first_day: object) -> None:
    # R-AP-3: candidate days are calendar days.
    with pytest.raises(InvalidAppointment) as caught:
        propose_slots(
            first_day=first_day,  # type: ignore[arg-type]
            days=1,
            duration=dt.timedelta(hours=1),
            family=FAMILY,
        )
    assert caught.value.field == "first_day"
    assert caught.value.rule == "R-AP-3"

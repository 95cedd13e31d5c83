"""Outcome measures: every refusal names its field, rule and value; numbers stay exact (R-CL-4)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction

import pytest

from parentinfant._outcomes import (
    DEFAULT_MEASURES,
    Change,
    Measure,
    MeasureCatalogue,
    Score,
    UnpairedReason,
    change_scores,
    format_number,
)
from parentinfant.errors import InvalidRecord

D = dt.date
RULE = "R-CL-4"
EPDS = DEFAULT_MEASURES["epds"]
KIPS = Measure(
    code="kips",
    name="Keys to Interactive Parenting Scale",
    minimum=1,
    maximum=5,
    higher_is_better=True,
    whole_numbers=False,
    source="team: mean of 12 items rated 1-5",
)


def score(code: str, value: object, on: dt.date, timepoint: str, who: str = "mother") -> Score:
    return DEFAULT_MEASURES.with_measure(KIPS).score(
        code, value, on=on, who=who, timepoint=timepoint
    )


def assert_refusal(error: InvalidRecord, field: str, requirement: str, value: object) -> None:
    """The error carries field, rule and value, and its message names all three."""
    assert error.field == field
    assert error.rule == RULE
    assert error.value == value
    assert str(error) == f"{field} {requirement} ({RULE}), got {value!r}"


# --------------------------------------------------------------------------- format_number


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param(Fraction(-8), "-8", id="whole-negative"),
        pytest.param(Fraction(7, 2), "3.5", id="half"),
        pytest.param(Fraction(-7, 2), "-3.5", id="negative-half"),
        pytest.param(Fraction(1, 2), "0.5", id="below-one"),
        pytest.param(Fraction(-1, 8), "-0.125", id="eighth"),
        pytest.param(Fraction(3, 40), "0.075", id="twos-and-fives"),
        pytest.param(Fraction(1, 25), "0.04", id="fives-only"),
        pytest.param(Fraction(1, 3), "1/3", id="thirds"),
        pytest.param(Fraction(-1, 6), "-1/6", id="sixths"),
        # 10**-7 has seven places: six zeros then a one; never 1E-7.
        pytest.param(Fraction(1, 10**7), "0.0000001", id="ten-millionth"),
    ],
)
def test_a_number_is_shown_whole_as_a_terminating_decimal_or_as_n_over_d_R_CL_4(
    value: Fraction, text: str
) -> None:
    """R-CL-4: an exact number as text, never in scientific notation."""
    assert format_number(value) == text


def test_a_long_terminating_decimal_keeps_every_digit_R_CL_4() -> None:
    """R-CL-4: never rounded, however many digits (a 28-digit context would round these)."""
    # (10**30 + 1) / 2 is 5 followed by 29 zeros, then .5
    assert format_number(Fraction(10**30 + 1, 2)) == "5" + "0" * 29 + ".5"
    # 10**-30: a one in the thirtieth place
    assert format_number(Fraction(1, 10**30)) == "0." + "0" * 29 + "1"
    # 1 / 5**30 = 2**30 / 10**30, and 2**30 = 1073741824 (10 digits): 20 zeros first
    assert format_number(Fraction(1, 5**30)) == "0." + "0" * 20 + "1073741824"
    pi = "3.14159265358979323846264338327950288"
    assert format_number(Fraction(pi)) == pi


# --------------------------------------------------------------------------- measures


def test_an_empty_range_names_the_minimum_and_shows_the_maximum_R_CL_4() -> None:
    """R-CL-4: the maximum must be more than the minimum."""
    with pytest.raises(InvalidRecord) as info:
        Measure(code="x", name="X", minimum=5, maximum=3, higher_is_better=True)
    assert_refusal(info.value, "maximum", "must be more than the minimum (5)", "3")


def test_a_fractional_bound_on_a_whole_number_measure_is_refused_R_CL_4() -> None:
    """R-CL-4: a measure scored in whole numbers has whole bounds."""
    requirement = "and maximum must be whole numbers for a measure scored in whole numbers"
    with pytest.raises(InvalidRecord) as info:
        Measure(code="x", name="X", minimum="0.5", maximum=5, higher_is_better=True)
    assert_refusal(info.value, "minimum", requirement, ("0.5", "5"))
    with pytest.raises(InvalidRecord) as info:
        Measure(code="x", name="X", minimum=0, maximum="7.5", higher_is_better=True)
    assert_refusal(info.value, "minimum", requirement, ("0", "7.5"))


def test_fractional_bounds_are_fine_on_a_measure_of_means_R_CL_4() -> None:
    """R-CL-4: KIPS-like measures are means, so their bounds may be fractions."""
    measure = Measure(
        code="x",
        name="X",
        minimum="0.5",
        maximum="4.5",
        higher_is_better=True,
        whole_numbers=False,
    )
    assert measure.range_text == "0.5 to 4.5"


@pytest.mark.parametrize(
    ("bound", "value"),
    [
        pytest.param("minimum", "low", id="minimum-text"),
        pytest.param("maximum", math.inf, id="maximum-infinite"),
        pytest.param("maximum", True, id="maximum-bool"),
    ],
)
def test_a_bound_that_is_not_a_finite_number_is_refused_naming_the_bound_R_CL_4(
    bound: str, value: object
) -> None:
    """R-CL-4: a range is made of finite numbers."""
    fields: dict[str, object] = {"minimum": 0, "maximum": 10}
    fields[bound] = value
    with pytest.raises(InvalidRecord) as info:
        Measure(code="x", name="X", higher_is_better=True, **fields)  # type: ignore[arg-type]
    assert_refusal(info.value, bound, "must be a finite number", value)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("abc", id="text"),
        pytest.param(None, id="none"),
        pytest.param(True, id="bool"),
        pytest.param(math.nan, id="nan"),
        pytest.param(Decimal("Infinity"), id="decimal-infinity"),
        pytest.param("1/0", id="zero-denominator"),
    ],
)
def test_a_score_that_is_not_a_number_names_the_measure_score_R_CL_4(value: object) -> None:
    """R-CL-4: the error says whose score it is and what was given."""
    with pytest.raises(InvalidRecord) as info:
        EPDS.check(value)
    error = info.value
    assert error.field == "epds score"
    assert error.rule == RULE
    assert error.value is value  # the very value given (nan is not equal to itself)
    assert str(error) == f"epds score must be a finite number ({RULE}), got {value!r}"


def test_an_out_of_range_mean_score_says_a_number_not_a_whole_number_R_CL_4() -> None:
    """R-CL-4: a measure of means accepts fractions, so its message must not ask for a whole number."""
    with pytest.raises(InvalidRecord) as info:
        KIPS.check(6)
    assert_refusal(
        info.value,
        "kips score",
        "must be a number from 1 to 5 (Keys to Interactive Parenting Scale)",
        6,
    )


def test_a_fraction_on_a_whole_number_measure_asks_for_a_whole_number_R_CL_4() -> None:
    """R-CL-4: EPDS is a total of item scores."""
    with pytest.raises(InvalidRecord) as info:
        EPDS.check("2.5")
    assert_refusal(
        info.value,
        "epds score",
        "must be a whole number from 0 to 30 (Edinburgh Postnatal Depression Scale)",
        "2.5",
    )


@pytest.mark.parametrize(
    ("measure", "change", "improved"),
    [
        pytest.param(DEFAULT_MEASURES["pir-gas"], Fraction(1), True, id="pir-gas-up-one"),
        pytest.param(KIPS, Fraction(1, 2), True, id="kips-up-half"),
        pytest.param(KIPS, Fraction(0), False, id="kips-no-change"),
        pytest.param(KIPS, Fraction(-1, 2), False, id="kips-down-half"),
        pytest.param(EPDS, Fraction(-1), True, id="epds-down-one"),
        pytest.param(EPDS, Fraction(0), False, id="epds-no-change"),
        pytest.param(EPDS, Fraction(1), False, id="epds-up-one"),
    ],
)
def test_the_smallest_change_in_the_better_direction_is_an_improvement_R_CL_4(
    measure: Measure, change: Fraction, improved: bool
) -> None:
    """R-CL-4: any change for the better counts, however small; no change does not."""
    assert measure.improved(change) is improved


def test_a_catalogue_of_one_measure_or_text_is_refused_R_CL_4() -> None:
    """R-CL-4: a catalogue is built from a collection of measures."""
    with pytest.raises(InvalidRecord) as info:
        MeasureCatalogue("epds")  # type: ignore[arg-type]
    assert_refusal(info.value, "measures", "must be a collection of Measure values", "epds")
    with pytest.raises(InvalidRecord) as info:
        MeasureCatalogue(EPDS)  # type: ignore[arg-type]
    assert_refusal(info.value, "measures", "must be a collection of Measure values", EPDS)


def test_adding_something_other_than_a_measure_is_refused_R_CL_4() -> None:
    """R-CL-4: only measures join the catalogue."""
    with pytest.raises(InvalidRecord) as info:
        DEFAULT_MEASURES.with_measure("kips")  # type: ignore[arg-type]
    assert_refusal(info.value, "measures", "must hold Measure values", "kips")


# --------------------------------------------------------------------------- scores


def test_a_score_needs_a_measure_not_its_code_R_CL_4() -> None:
    """R-CL-4: a score is checked against its measure, so it must have one."""
    with pytest.raises(InvalidRecord) as info:
        Score(measure="epds", value=5, on=D(2026, 11, 2), who="mother", timepoint="baseline")  # type: ignore[arg-type]
    assert_refusal(info.value, "measure", "must be a Measure", "epds")


def test_an_unknown_timepoint_lists_the_known_ones_R_CL_4() -> None:
    """R-CL-4: baseline, follow-up or other."""
    with pytest.raises(InvalidRecord) as info:
        score("epds", 5, D(2026, 11, 2), "midway")
    assert_refusal(
        info.value, "timepoint", "must be one of 'baseline', 'follow-up', 'other'", "midway"
    )


# --------------------------------------------------------------------------- pairing


def test_a_change_needs_a_baseline_score_as_its_baseline_R_CL_4() -> None:
    """R-CL-4: the first of the pair is a baseline."""
    early = score("epds", 20, D(2026, 1, 5), "follow-up")
    late = score("epds", 12, D(2026, 6, 5), "follow-up")
    with pytest.raises(InvalidRecord) as info:
        Change(baseline=early, follow_up=late)
    assert_refusal(info.value, "baseline", "must be a baseline Score", early)
    with pytest.raises(InvalidRecord) as info:
        Change(baseline="epds 20", follow_up=late)  # type: ignore[arg-type]
    assert_refusal(info.value, "baseline", "must be a baseline Score", "epds 20")


def test_a_change_needs_a_follow_up_score_as_its_follow_up_R_CL_4() -> None:
    """R-CL-4: the second of the pair is a follow-up."""
    baseline = score("epds", 20, D(2026, 1, 5), "baseline")
    other = score("epds", 12, D(2026, 6, 5), "other")
    with pytest.raises(InvalidRecord) as info:
        Change(baseline=baseline, follow_up=other)
    assert_refusal(info.value, "follow_up", "must be a follow-up Score", other)


@pytest.mark.parametrize(
    ("code", "who"),
    [
        pytest.param("phq-9", "mother", id="other-measure"),
        pytest.param("epds", "father", id="other-person"),
    ],
)
def test_a_follow_up_on_another_measure_or_person_does_not_pair_R_CL_4(
    code: str, who: str
) -> None:
    """R-CL-4: a change compares one person on one measure."""
    baseline = score("epds", 20, D(2026, 1, 5), "baseline")
    follow_up = score(code, 12, D(2026, 6, 5), "follow-up", who=who)
    with pytest.raises(InvalidRecord) as info:
        Change(baseline=baseline, follow_up=follow_up)
    assert_refusal(
        info.value,
        "follow_up",
        "must be on the baseline's measure (epds) for the same person",
        (code, who),
    )


@pytest.mark.parametrize(
    "day",
    [pytest.param(D(2026, 1, 5), id="same-day"), pytest.param(D(2026, 1, 4), id="day-before")],
)
def test_a_follow_up_not_after_the_baseline_does_not_pair_R_CL_4(day: dt.date) -> None:
    """R-CL-4: a follow-up comes after the baseline, naming the baseline's day."""
    baseline = score("epds", 20, D(2026, 1, 5), "baseline")
    follow_up = score("epds", 12, day, "follow-up")
    with pytest.raises(InvalidRecord) as info:
        Change(baseline=baseline, follow_up=follow_up)
    assert_refusal(info.value, "follow_up", "must be taken after the baseline (2026-01-05)", day)


def test_a_follow_up_the_next_day_pairs_R_CL_4() -> None:
    """R-CL-4: the day after the baseline is after it."""
    change = Change(
        baseline=score("epds", 20, D(2026, 1, 5), "baseline"),
        follow_up=score("epds", 18, D(2026, 1, 6), "follow-up"),
    )
    assert (change.change, change.improved, change.weeks) == (Fraction(-2), True, 0)


# --------------------------------------------------------------------------- change_scores


@pytest.mark.parametrize(
    "scores",
    [
        pytest.param("epds", id="text"),
        pytest.param(17, id="number"),
    ],
)
def test_change_scores_refuses_what_is_not_a_collection_R_CL_4(scores: object) -> None:
    """R-CL-4: change scores come from a collection of scores."""
    with pytest.raises(InvalidRecord) as info:
        change_scores(scores)  # type: ignore[arg-type]
    assert_refusal(info.value, "scores", "must be a collection of Score values", scores)


def test_change_scores_refuses_a_single_score_R_CL_4() -> None:
    """R-CL-4: one score is not a collection of them."""
    one = score("epds", 20, D(2026, 1, 5), "baseline")
    with pytest.raises(InvalidRecord) as info:
        change_scores(one)  # type: ignore[arg-type]
    assert_refusal(info.value, "scores", "must be a collection of Score values", one)


def test_change_scores_refuses_an_item_that_is_not_a_score_R_CL_4() -> None:
    """R-CL-4: every item is a score."""
    with pytest.raises(InvalidRecord) as info:
        change_scores([score("epds", 20, D(2026, 1, 5), "baseline"), "epds 12"])  # type: ignore[list-item]
    assert_refusal(info.value, "scores", "must hold Score values", "epds 12")


def test_change_scores_refuses_two_definitions_of_one_code_R_CL_4() -> None:
    """R-CL-4: scores on 'epds' with different ranges cannot be compared."""
    wider = Measure(code="epds", name="EPDS, team variant", minimum=0, maximum=40,
                    higher_is_better=False)  # fmt: skip
    ours = Score(measure=wider, value=12, on=D(2026, 6, 5), who="mother", timepoint="follow-up")
    with pytest.raises(InvalidRecord) as info:
        change_scores([score("epds", 20, D(2026, 1, 5), "baseline"), ours])
    assert_refusal(info.value, "scores", "must use one definition of each measure code", "epds")


def test_changes_are_listed_by_measure_code_then_person_R_CL_4() -> None:
    """R-CL-4: the order of changes does not depend on the order scores were given."""
    given = [
        score("phq-9", 18, D(2026, 1, 5), "baseline", who="father"),
        score("phq-9", 10, D(2026, 6, 5), "follow-up", who="father"),
        score("epds", 20, D(2026, 1, 5), "baseline", who="mother"),
        score("epds", 12, D(2026, 6, 5), "follow-up", who="mother"),
        score("epds", 15, D(2026, 1, 5), "baseline", who="father"),
        score("epds", 16, D(2026, 6, 5), "follow-up", who="father"),
    ]
    result = change_scores(given)
    assert [(c.measure.code, c.who, c.change) for c in result.changes] == [
        ("epds", "father", Fraction(1)),
        ("epds", "mother", Fraction(-8)),
        ("phq-9", "father", Fraction(-8)),
    ]
    assert result.improved == 2
    assert change_scores(reversed(given)).changes == result.changes
    assert result.unpaired == ()


def test_a_follow_up_on_the_baseline_day_is_listed_unpaired_R_CL_4() -> None:
    """R-CL-4: a follow-up must come after the baseline; one on the day is kept, not dropped."""
    baseline = score("epds", 20, D(2026, 1, 5), "baseline")
    same_day = score("epds", 18, D(2026, 1, 5), "follow-up")
    result = change_scores([baseline, same_day])
    assert result.changes == ()
    reasons = {u.score.timepoint.value: u.reason for u in result.unpaired}
    assert reasons == {
        "follow-up": UnpairedReason.NOT_AFTER_BASELINE,
        "baseline": UnpairedReason.NO_FOLLOW_UP,
    }

"""Outcome measures: ranges, scores checked against them, and change scores (R-CL-4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant._outcomes import (
    DEFAULT_MEASURES,
    Change,
    Measure,
    MeasureCatalogue,
    Score,
    Timepoint,
    UnknownMeasure,
    UnpairedReason,
    change_scores,
    format_number,
)
from parentinfant.errors import InvalidRecord

D = dt.date
KIPS = Measure(
    code="kips",
    name="Keys to Interactive Parenting Scale",
    minimum=1,
    maximum=5,
    higher_is_better=True,
    whole_numbers=False,
    source="team: mean of 12 items rated 1-5",
)
ASQ_SE_2_12M = Measure(
    code="asq-se-2-12m",
    name="ASQ:SE-2, 12-month questionnaire",
    minimum=0,
    maximum=240,
    higher_is_better=False,
    source="team: the range it uses for the 12-month interval",
)


def score(code: str, value: object, on: dt.date, timepoint: str, who: str = "mother") -> Score:
    return DEFAULT_MEASURES.with_measure(KIPS).score(
        code, value, on=on, who=who, timepoint=timepoint
    )


# --------------------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    ("code", "minimum", "maximum", "higher_is_better"),
    [
        ("pir-gas", 1, 100, True),
        ("epds", 0, 30, False),
        ("phq-9", 0, 27, False),
        ("gad-7", 0, 21, False),
        ("core-10", 0, 40, False),
    ],
)
def test_default_measures_have_their_published_ranges_and_direction_R_CL_4(
    code: str, minimum: int, maximum: int, higher_is_better: bool
) -> None:
    measure = DEFAULT_MEASURES[code]
    assert (measure.minimum, measure.maximum) == (minimum, maximum)
    assert measure.higher_is_better is higher_is_better
    assert measure.whole_numbers
    assert measure.source


@pytest.mark.parametrize("code", list(DEFAULT_MEASURES))
def test_both_ends_of_the_range_are_valid_scores_R_CL_4(code: str) -> None:
    measure = DEFAULT_MEASURES[code]
    assert measure.check(int(measure.minimum)) == measure.minimum
    assert measure.check(int(measure.maximum)) == measure.maximum


@pytest.mark.parametrize("code", list(DEFAULT_MEASURES))
def test_one_beyond_either_end_is_refused_R_CL_4(code: str) -> None:
    measure = DEFAULT_MEASURES[code]
    for value in (int(measure.minimum) - 1, int(measure.maximum) + 1):
        with pytest.raises(InvalidRecord) as excinfo:
            measure.check(value)
        assert excinfo.value.value == value
        assert excinfo.value.rule == "R-CL-4"


def test_an_out_of_range_score_names_the_measure_the_range_and_the_value_R_CL_4() -> None:
    with pytest.raises(InvalidRecord) as excinfo:
        score("phq-9", 28, D(2026, 11, 2), "baseline")
    message = str(excinfo.value)
    assert "phq-9" in message
    assert "Patient Health Questionnaire-9" in message
    assert "from 0 to 27" in message
    assert message.endswith("got 28")


def test_a_fractional_score_on_a_whole_number_measure_is_refused_R_CL_4() -> None:
    with pytest.raises(InvalidRecord, match="whole number from 0 to 30"):
        DEFAULT_MEASURES["epds"].check(Fraction(25, 2))


@pytest.mark.parametrize("value", [True, "twelve", float("nan"), None, [12]])
def test_a_score_that_is_not_a_number_is_refused_R_CL_4(value: object) -> None:
    with pytest.raises(InvalidRecord, match="must be a finite number"):
        DEFAULT_MEASURES["epds"].check(value)


def test_a_mean_score_is_kept_exact_on_a_measure_that_allows_fractions_R_CL_4() -> None:
    assert KIPS.check(3.7) == Fraction(37, 10)
    assert KIPS.check(Decimal("4.25")) == Fraction(17, 4)
    assert KIPS.check("10/3") == Fraction(10, 3)


def test_a_score_cannot_exist_outside_its_range_R_CL_4() -> None:
    with pytest.raises(InvalidRecord, match="kips score"):
        Score(measure=KIPS, value="5.5", on=D(2026, 11, 2), who="mother", timepoint="baseline")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"code": "PHQ 9"}, "code"),
        ({"name": " "}, "name"),
        ({"maximum": 0}, "maximum"),
        ({"minimum": "0.5"}, "minimum"),
        ({"higher_is_better": "no"}, "higher_is_better"),
    ],
)
def test_a_malformed_measure_is_refused_R_CL_4(fields: dict[str, object], field: str) -> None:
    base: dict[str, object] = {
        "code": "phq-9",
        "name": "PHQ-9",
        "minimum": 0,
        "maximum": 27,
        "higher_is_better": False,
    }
    with pytest.raises(InvalidRecord) as excinfo:
        Measure(**(base | fields))  # type: ignore[arg-type]
    assert excinfo.value.field == field


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"on": dt.datetime(2026, 11, 2, 9)}, "on"),
        ({"who": ""}, "who"),
        ({"timepoint": "discharge"}, "timepoint"),
        ({"measure": "epds"}, "measure"),
    ],
)
def test_a_malformed_score_is_refused_R_CL_4(fields: dict[str, object], field: str) -> None:
    base: dict[str, object] = {
        "measure": DEFAULT_MEASURES["epds"],
        "value": 12,
        "on": D(2026, 11, 2),
        "who": "mother",
        "timepoint": "baseline",
    }
    with pytest.raises(InvalidRecord) as excinfo:
        Score(**(base | fields))  # type: ignore[arg-type]
    assert excinfo.value.field == field


# --------------------------------------------------------------------------- the catalogue


def test_a_team_adds_its_own_measures_without_changing_the_defaults_R_CL_4() -> None:
    ours = DEFAULT_MEASURES.with_measure(ASQ_SE_2_12M, KIPS)
    assert list(ours) == ["pir-gas", "epds", "phq-9", "gad-7", "core-10", "asq-se-2-12m", "kips"]
    assert "kips" not in DEFAULT_MEASURES
    assert ours.score("asq-se-2-12m", 35, on=D(2026, 11, 2), who="infant", timepoint="baseline")


def test_adding_a_measure_with_a_known_code_replaces_its_definition_R_CL_4() -> None:
    wider = Measure(code="pir-gas", name="PIR-GAS", minimum=0, maximum=100, higher_is_better=True)
    assert DEFAULT_MEASURES.with_measure(wider)["pir-gas"].minimum == 0
    assert len(DEFAULT_MEASURES.with_measure(wider)) == len(DEFAULT_MEASURES)


def test_an_unknown_measure_code_is_a_key_error_naming_the_code_R_CL_4() -> None:
    with pytest.raises(UnknownMeasure) as excinfo:
        DEFAULT_MEASURES.score("kips", 3, on=D(2026, 11, 2), who="mother", timepoint="baseline")
    assert isinstance(excinfo.value, KeyError)
    assert isinstance(excinfo.value, InvalidRecord)
    assert excinfo.value.value == "kips"
    assert DEFAULT_MEASURES.get("kips") is None


def test_a_catalogue_refuses_two_measures_with_one_code_R_CL_4() -> None:
    with pytest.raises(InvalidRecord, match="must not repeat a code"):
        MeasureCatalogue([KIPS, KIPS])


def test_catalogues_with_the_same_measures_are_equal_R_CL_4() -> None:
    assert MeasureCatalogue(DEFAULT_MEASURES.measures) == DEFAULT_MEASURES
    assert hash(MeasureCatalogue(DEFAULT_MEASURES.measures)) == hash(DEFAULT_MEASURES)


# --------------------------------------------------------------------------- direction


def test_a_fall_in_a_symptom_score_is_an_improvement_R_CL_4() -> None:
    change = Change(
        baseline=score("epds", 19, D(2026, 11, 2), "baseline"),
        follow_up=score("epds", 8, D(2027, 3, 1), "follow-up"),
    )
    assert (change.change, change.improved) == (-11, True)


def test_a_rise_in_pir_gas_is_an_improvement_and_a_fall_is_not_R_CL_4() -> None:
    up = Change(
        baseline=score("pir-gas", 45, D(2026, 11, 2), "baseline", who="dyad"),
        follow_up=score("pir-gas", 75, D(2027, 3, 1), "follow-up", who="dyad"),
    )
    down = Change(
        baseline=score("pir-gas", 75, D(2026, 11, 2), "baseline", who="dyad"),
        follow_up=score("pir-gas", 45, D(2027, 3, 1), "follow-up", who="dyad"),
    )
    assert (up.change, up.improved) == (30, True)
    assert (down.change, down.improved) == (-30, False)


@pytest.mark.parametrize("code", ["pir-gas", "epds", "kips"])
def test_no_change_is_not_an_improvement_R_CL_4(code: str) -> None:
    change = Change(
        baseline=score(code, 3, D(2026, 11, 2), "baseline"),
        follow_up=score(code, 3, D(2027, 3, 1), "follow-up"),
    )
    assert change.change == 0
    assert not change.improved


def test_a_change_on_a_mean_score_is_exact_R_CL_4() -> None:
    change = Change(
        baseline=score("kips", "2.9", D(2026, 11, 2), "baseline"),
        follow_up=score("kips", "3.6", D(2027, 3, 1), "follow-up"),
    )
    assert change.change == Fraction(7, 10)
    assert format_number(change.change) == "0.7"


# --------------------------------------------------------------------------- pairing


def test_the_first_baseline_pairs_with_the_latest_follow_up_R_CL_4() -> None:
    result = change_scores(
        [
            score("core-10", 14, D(2027, 5, 3), "follow-up"),
            score("core-10", 22, D(2026, 11, 2), "baseline"),
            score("core-10", 18, D(2027, 1, 11), "follow-up"),
        ]
    )
    (change,) = result.changes
    assert (change.baseline.value, change.follow_up.value, change.change) == (22, 14, -8)
    assert [(u.score.value, u.reason) for u in result.unpaired] == [
        (18, UnpairedReason.EARLIER_FOLLOW_UP)
    ]


def test_a_later_baseline_is_listed_not_used_R_CL_4() -> None:
    result = change_scores(
        [
            score("gad-7", 15, D(2026, 11, 2), "baseline"),
            score("gad-7", 13, D(2026, 12, 7), "baseline"),
            score("gad-7", 6, D(2027, 4, 5), "follow-up"),
        ]
    )
    assert [c.change for c in result.changes] == [-9]
    assert [(u.score.value, u.reason) for u in result.unpaired] == [
        (13, UnpairedReason.LATER_BASELINE)
    ]


def test_a_follow_up_on_or_before_the_baseline_day_is_not_paired_R_CL_4() -> None:
    result = change_scores(
        [
            score("epds", 14, D(2026, 11, 2), "baseline"),
            score("epds", 10, D(2026, 11, 2), "follow-up"),
            score("epds", 12, D(2026, 10, 1), "follow-up"),
        ]
    )
    assert result.changes == ()
    assert sorted((u.score.value, u.reason.value) for u in result.unpaired) == [
        (10, "not-after-baseline"),
        (12, "not-after-baseline"),
        (14, "no-follow-up"),
    ]


def test_a_follow_up_without_a_baseline_is_listed_R_CL_4() -> None:
    result = change_scores([score("phq-9", 7, D(2027, 3, 1), "follow-up")])
    assert result.changes == ()
    assert [u.reason for u in result.unpaired] == [UnpairedReason.NO_BASELINE]


def test_a_score_at_another_timepoint_is_listed_R_CL_4() -> None:
    result = change_scores(
        [
            score("phq-9", 17, D(2026, 11, 2), "baseline"),
            score("phq-9", 12, D(2026, 12, 14), "other"),
            score("phq-9", 9, D(2027, 3, 1), "follow-up"),
        ]
    )
    assert [c.change for c in result.changes] == [-8]
    assert [(u.score.value, u.reason) for u in result.unpaired] == [
        (12, UnpairedReason.OTHER_TIMEPOINT)
    ]


def test_scores_pair_per_person_and_per_measure_R_CL_4() -> None:
    result = change_scores(
        [
            score("phq-9", 20, D(2026, 11, 2), "baseline", who="mother"),
            score("phq-9", 8, D(2026, 11, 2), "baseline", who="father"),
            score("gad-7", 12, D(2026, 11, 2), "baseline", who="mother"),
            score("phq-9", 11, D(2027, 3, 1), "follow-up", who="mother"),
            score("phq-9", 10, D(2027, 3, 1), "follow-up", who="father"),
        ]
    )
    assert [(c.measure.code, c.who, c.change, c.improved) for c in result.changes] == [
        ("phq-9", "father", 2, False),
        ("phq-9", "mother", -9, True),
    ]
    assert [(u.score.measure.code, u.reason) for u in result.unpaired] == [
        ("gad-7", UnpairedReason.NO_FOLLOW_UP)
    ]
    assert result.improved == 1


def test_two_definitions_of_one_measure_code_are_refused_R_CL_4() -> None:
    other_kips = Measure(code="kips", name="KIPS", minimum=0, maximum=5, higher_is_better=True)
    with pytest.raises(InvalidRecord, match="one definition"):
        change_scores(
            [
                Score(measure=KIPS, value=3, on=D(2026, 11, 2), who="m", timepoint="baseline"),
                Score(
                    measure=other_kips, value=4, on=D(2027, 1, 4), who="m", timepoint="follow-up"
                ),
            ]
        )


def test_change_scores_refuses_what_is_not_a_score_R_CL_4() -> None:
    with pytest.raises(InvalidRecord, match="must hold Score values"):
        change_scores([12])  # type: ignore[list-item]


def test_a_change_refuses_scores_that_do_not_pair_R_CL_4() -> None:
    baseline = score("epds", 14, D(2026, 11, 2), "baseline")
    with pytest.raises(InvalidRecord, match="same person"):
        Change(baseline=baseline, follow_up=score("epds", 9, D(2027, 3, 1), "follow-up", who="x"))
    with pytest.raises(InvalidRecord, match="after the baseline"):
        Change(baseline=baseline, follow_up=score("epds", 9, D(2026, 11, 2), "follow-up"))
    with pytest.raises(InvalidRecord, match="baseline Score"):
        Change(baseline=score("epds", 9, D(2026, 1, 2), "other"), follow_up=baseline)


_SCORES = st.builds(
    lambda code, value, day, timepoint, who: DEFAULT_MEASURES.score(
        code, value, on=D(2026, 1, 1) + dt.timedelta(days=day), who=who, timepoint=timepoint
    ),
    st.sampled_from(["epds", "gad-7"]),
    st.integers(0, 21),
    st.integers(0, 400),
    st.sampled_from(Timepoint),
    st.sampled_from(["mother", "father"]),
)


@given(st.lists(_SCORES, max_size=20))
def test_every_score_is_paired_or_listed_exactly_once_R_CL_4(scores: list[Score]) -> None:
    result = change_scores(scores)
    used = [id(c.baseline) for c in result.changes] + [id(c.follow_up) for c in result.changes]
    used += [id(u.score) for u in result.unpaired]
    assert sorted(used) == sorted(id(s) for s in scores)
    pairs = {(c.measure.code, c.who) for c in result.changes}
    assert len(pairs) == len(result.changes)


@given(st.lists(_SCORES, max_size=20))
def test_each_change_uses_the_first_baseline_and_the_latest_follow_up_R_CL_4(
    scores: list[Score],
) -> None:
    for change in change_scores(scores).changes:
        mine = [s for s in scores if (s.measure.code, s.who) == (change.measure.code, change.who)]
        assert change.baseline.on == min(s.on for s in mine if s.timepoint is Timepoint.BASELINE)
        assert change.follow_up.on == max(s.on for s in mine if s.timepoint is Timepoint.FOLLOW_UP)
        assert change.improved is (change.change < 0)

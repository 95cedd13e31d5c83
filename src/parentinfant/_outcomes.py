"""Outcome measures: their valid ranges, scores checked against them, and change scores.

Teams record clinical outcomes with standard measures (R-CL-4): a score is
checked against its measure's published range when it is made, so an
out-of-range score cannot exist, and baseline and follow-up scores pair up
into change scores whose direction knows whether higher is better.

Public names are re-exported from `parentinfant.records`.

Examples:
    >>> import datetime as dt
    >>> from parentinfant._outcomes import DEFAULT_MEASURES, change_scores
    >>> before = DEFAULT_MEASURES.score("epds", 17, on=dt.date(2026, 11, 2), who="mother",
    ...                                 timepoint="baseline")
    >>> after = DEFAULT_MEASURES.score("epds", 9, on=dt.date(2027, 3, 1), who="mother",
    ...                                timepoint="follow-up")
    >>> (change,) = change_scores([before, after]).changes
    >>> change.change, change.improved
    (Fraction(-8, 1), True)
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar, final

import attrs

from parentinfant._coded import CodedCatalogue
from parentinfant._validate import (
    is_bool,
    is_date,
    is_text,
    non_empty_text,
    parse_enum,
    stable_code,
)
from parentinfant.errors import InvalidRecord

__all__ = [
    "DEFAULT_MEASURES",
    "Change",
    "ChangeScores",
    "Measure",
    "MeasureCatalogue",
    "Score",
    "Timepoint",
    "UnknownMeasure",
    "Unpaired",
    "UnpairedReason",
    "change_scores",
    "format_number",
]

_RULE = "R-CL-4"
_T = TypeVar("_T")


class UnknownMeasure(InvalidRecord, KeyError):
    """A measure code that is not in the catalogue; a `KeyError` too, as a failed look-up.

    Examples:
        >>> DEFAULT_MEASURES["kips"]
        Traceback (most recent call last):
        ...
        parentinfant._outcomes.UnknownMeasure: measure must be a code in the catalogue ('core-10', 'epds', 'gad-7', 'phq-9', 'pir-gas') (R-CL-4), got 'kips'
    """


def format_number(value: Fraction) -> str:
    """An exact number as text: whole, a terminating decimal, or ``n/d`` (never rounded).

    Examples:
        >>> format_number(Fraction(-8)), format_number(Fraction(7, 2)), format_number(Fraction(1, 3))
        ('-8', '3.5', '1/3')
    """
    if value.denominator == 1:
        return str(value.numerator)
    # A fraction terminates exactly when its denominator is 2**twos * 5**fives,
    # and then it has max(twos, fives) decimal places, the last not a zero.
    # Integer arithmetic keeps every digit (a Decimal would round at 28).
    rest, twos, fives = value.denominator, 0, 0
    while rest % 2 == 0:
        rest //= 2
        twos += 1
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    if rest != 1:
        return f"{value.numerator}/{value.denominator}"
    places = max(twos, fives)
    whole, part = divmod(abs(value.numerator) * 10**places // value.denominator, 10**places)
    sign = "-" if value < 0 else ""
    return f"{sign}{whole}.{part:0{places}d}"


def _exact(field: str, value: object) -> Fraction:
    """``value`` as an exact number; a float goes through its shortest repr (2.1 -> 21/10)."""
    if not isinstance(value, bool):
        try:
            if isinstance(value, float):
                if math.isfinite(value):
                    return Fraction(repr(value))
            elif isinstance(value, int | Decimal | Fraction | str):
                return Fraction(value)
        except (ValueError, ZeroDivisionError, ArithmeticError):
            pass
    raise InvalidRecord(field, "must be a finite number", value, rule=_RULE)


def _to_minimum(value: Any) -> Fraction:
    return _exact("minimum", value)


def _to_maximum(value: Any) -> Fraction:
    return _exact("maximum", value)


def _check_range(instance: Measure, _attribute: attrs.Attribute[Any], value: Fraction) -> None:
    if not value > instance.minimum:
        raise InvalidRecord(
            "maximum",
            f"must be more than the minimum ({format_number(instance.minimum)})",
            format_number(value),
            rule=_RULE,
        )
    if instance.whole_numbers and (instance.minimum.denominator != 1 or value.denominator != 1):
        raise InvalidRecord(
            "minimum",
            "and maximum must be whole numbers for a measure scored in whole numbers",
            (format_number(instance.minimum), format_number(value)),
            rule=_RULE,
        )


@final
@attrs.frozen(kw_only=True)
class Measure:
    """An outcome measure and its valid range (R-CL-4).

    Args:
        code: A stable code, lower-case words joined by hyphens (``"phq-9"``).
        name: The measure's name for people to read.
        minimum: The lowest valid score.
        maximum: The highest valid score.
        higher_is_better: Whether a higher score is the better outcome (PIR-GAS,
            KIPS) or the worse one (EPDS, PHQ-9, GAD-7, CORE-10).
        whole_numbers: Whether scores are whole numbers (a total of item
            scores); ``False`` for a mean of item scores such as KIPS.
        source: Where the range comes from: the published reference, or the
            team's own note for a measure it defines.

    Raises:
        InvalidRecord: When the code is malformed, the name empty, or the
            range empty or not whole for a whole-number measure.

    Examples:
        >>> kips = Measure(code="kips", name="Keys to Interactive Parenting Scale", minimum=1,
        ...                maximum=5, higher_is_better=True, whole_numbers=False,
        ...                source="Comfort and Gordon; mean of 12 items rated 1-5")
        >>> kips.check("3.5")
        Fraction(7, 2)
        >>> Measure(code="x", name="X", minimum=10, maximum=10, higher_is_better=True)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidRecord: maximum must be more than the minimum (10) (R-CL-4), got '10'
    """

    code: str = attrs.field(validator=stable_code(InvalidRecord, _RULE, "phq-9"))
    name: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    minimum: Fraction = attrs.field(converter=_to_minimum)
    maximum: Fraction = attrs.field(converter=_to_maximum, validator=_check_range)
    higher_is_better: bool = attrs.field(validator=is_bool(InvalidRecord, _RULE))
    whole_numbers: bool = attrs.field(default=True, validator=is_bool(InvalidRecord, _RULE))
    source: str = attrs.field(default="", validator=is_text(InvalidRecord, _RULE))

    @property
    def range_text(self) -> str:
        """The valid range in words, as error messages and reports show it.

        Examples:
            >>> DEFAULT_MEASURES["gad-7"].range_text
            '0 to 21'
        """
        return f"{format_number(self.minimum)} to {format_number(self.maximum)}"

    def check(self, value: object) -> Fraction:
        """``value`` as an exact score, if it is a valid score on this measure.

        Raises:
            InvalidRecord: Naming the measure, the range and the value, when
                the value is not a number, is outside the range, or is not
                whole on a whole-number measure.

        Examples:
            >>> DEFAULT_MEASURES["epds"].check(31)
            Traceback (most recent call last):
            ...
            parentinfant.errors.InvalidRecord: epds score must be a whole number from 0 to 30 (Edinburgh Postnatal Depression Scale) (R-CL-4), got 31
            >>> DEFAULT_MEASURES["pir-gas"].check(85)
            Fraction(85, 1)
        """
        field = f"{self.code} score"
        number = _exact(field, value)
        whole = "a whole number" if self.whole_numbers else "a number"
        if not self.minimum <= number <= self.maximum or (
            self.whole_numbers and number.denominator != 1
        ):
            raise InvalidRecord(
                field, f"must be {whole} from {self.range_text} ({self.name})", value, rule=_RULE
            )
        return number

    def improved(self, change: Fraction) -> bool:
        """Whether a change (follow-up minus baseline) is an improvement on this measure.

        Examples:
            >>> DEFAULT_MEASURES["phq-9"].improved(Fraction(-4)), DEFAULT_MEASURES["pir-gas"].improved(Fraction(-4))
            (True, False)
        """
        return change > 0 if self.higher_is_better else change < 0


def _to_measures(value: Iterable[Measure]) -> tuple[Measure, ...]:
    if isinstance(value, Measure | str) or not isinstance(value, Iterable):
        raise InvalidRecord(
            "measures", "must be a collection of Measure values", value, rule=_RULE
        )
    return tuple(value)


@final
class MeasureCatalogue(CodedCatalogue[Measure]):
    """The outcome measures a team uses, keyed by code; a value, never changed in place.

    `DEFAULT_MEASURES` holds five measures with their published ranges. A team
    adds the measures it uses as it uses them (ASQ:SE-2 for the age interval
    it works with, KIPS, its own) with `with_measure`, which returns a new
    catalogue: the list is extensible, and no range is guessed for it.

    Args:
        measures: The measures, in the order reports should list them.

    Raises:
        InvalidRecord: When a value is not a `Measure` or two share a code.

    Examples:
        >>> cat = MeasureCatalogue([DEFAULT_MEASURES["epds"]])
        >>> list(cat), "epds" in cat, cat.get("kips") is None
        (['epds'], True, True)
    """

    __slots__ = ()
    _item = Measure
    _field = "measures"
    _error = InvalidRecord
    _rule = _RULE

    def __init__(self, measures: Iterable[Measure] = ()) -> None:
        super().__init__(_to_measures(measures))

    def _unknown(self, code: str) -> Exception:
        known = tuple(sorted(self._by_code))
        return UnknownMeasure(
            "measure", f"must be a code in the catalogue {known}", code, rule=_RULE
        )

    def __repr__(self) -> str:
        return f"MeasureCatalogue({', '.join(self._by_code)})"

    @property
    def measures(self) -> tuple[Measure, ...]:
        """Every measure, in catalogue order.

        Examples:
            >>> [m.code for m in DEFAULT_MEASURES.measures]
            ['pir-gas', 'epds', 'phq-9', 'gad-7', 'core-10']
        """
        return tuple(self._by_code.values())

    def with_measure(self, *measures: Measure) -> MeasureCatalogue:
        """A new catalogue with ``measures`` added, replacing any with the same code.

        Examples:
            >>> asq = Measure(code="asq-se-2-12m", name="ASQ:SE-2, 12-month questionnaire",
            ...               minimum=0, maximum=240, higher_is_better=False,
            ...               source="team's range for the 12-month interval")
            >>> ours = DEFAULT_MEASURES.with_measure(asq)
            >>> len(ours), len(DEFAULT_MEASURES)
            (6, 5)
        """
        merged = dict(self._by_code)
        for measure in _to_measures(measures):
            if not isinstance(measure, Measure):
                raise InvalidRecord("measures", "must hold Measure values", measure, rule=_RULE)
            merged[measure.code] = measure
        return MeasureCatalogue(merged.values())

    def score(
        self, code: str, value: object, *, on: dt.date, who: str, timepoint: Timepoint | str
    ) -> Score:
        """A score on the measure ``code``, checked against its range.

        Raises:
            UnknownMeasure: When the catalogue has no such measure.
            InvalidRecord: When the value is out of range or another field is invalid.

        Examples:
            >>> import datetime as dt
            >>> DEFAULT_MEASURES.score("core-10", 12, on=dt.date(2026, 11, 2), who="father",
            ...                        timepoint="baseline").value
            Fraction(12, 1)
        """
        return Score(measure=self[code], value=value, on=on, who=who, timepoint=timepoint)


DEFAULT_MEASURES = MeasureCatalogue(
    [
        Measure(
            code="pir-gas",
            name="Parent-Infant Relationship Global Assessment Scale",
            minimum=1,
            maximum=100,
            higher_is_better=True,
            source="ZERO TO THREE (2005), DC:0-3R, Axis II; 1 (grossly impaired) "
            "to 100 (well adapted), rated by the clinician",
        ),
        Measure(
            code="epds",
            name="Edinburgh Postnatal Depression Scale",
            minimum=0,
            maximum=30,
            higher_is_better=False,
            source="Cox, Holden and Sagovsky (1987), British Journal of Psychiatry "
            "150:782-786; 10 items scored 0-3",
        ),
        Measure(
            code="phq-9",
            name="Patient Health Questionnaire-9",
            minimum=0,
            maximum=27,
            higher_is_better=False,
            source="Kroenke, Spitzer and Williams (2001), Journal of General Internal "
            "Medicine 16:606-613; 9 items scored 0-3",
        ),
        Measure(
            code="gad-7",
            name="Generalised Anxiety Disorder-7",
            minimum=0,
            maximum=21,
            higher_is_better=False,
            source="Spitzer, Kroenke, Williams and Löwe (2006), Archives of Internal "
            "Medicine 166:1092-1097; 7 items scored 0-3",
        ),
        Measure(
            code="core-10",
            name="CORE-10",
            minimum=0,
            maximum=40,
            higher_is_better=False,
            source="Barkham et al. (2013), Counselling and Psychotherapy Research "
            "13(1):3-13; 10 items scored 0-4",
        ),
    ]
)
"""PIR-GAS, EPDS, PHQ-9, GAD-7 and CORE-10 with their published ranges (R-CL-4).

ASQ:SE-2 (whose range depends on the age interval) and KIPS are left to the
team to add with `MeasureCatalogue.with_measure`, with the ranges it uses."""


class Timepoint(enum.Enum):
    """When in the work a score was taken (R-CL-4, R-EN-6).

    Examples:
        >>> Timepoint("follow-up")
        <Timepoint.FOLLOW_UP: 'follow-up'>
    """

    BASELINE = "baseline"
    FOLLOW_UP = "follow-up"
    OTHER = "other"


def _to_timepoint(value: Timepoint | str) -> Timepoint:
    return parse_enum(Timepoint, value, "timepoint", InvalidRecord, _RULE)


def _check_measure(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Measure):
        raise InvalidRecord(attribute.name, "must be a Measure", value, rule=_RULE)


def _to_value(value: Any) -> Any:
    # Any number is accepted here; ``Score.__attrs_post_init__`` checks it
    # against the measure's range and keeps it exact.
    return value


@final
@attrs.frozen(kw_only=True)
class Score:
    """One score on an outcome measure, checked against the measure's range (R-CL-4).

    Args:
        measure: The measure (look it up by code with `MeasureCatalogue.score`).
        value: The score; kept exact.
        on: The day it was taken.
        who: Whose score: a person's id in the record or their role
            (``"mother"``); change scores pair by measure and by ``who``.
        timepoint: Baseline, follow-up or another time.

    Raises:
        InvalidRecord: When the value is outside the measure's range (the
            message names the measure, the range and the value), or another
            field is invalid.

    Examples:
        >>> import datetime as dt
        >>> Score(measure=DEFAULT_MEASURES["gad-7"], value=22, on=dt.date(2026, 11, 2),
        ...       who="mother", timepoint="baseline")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidRecord: gad-7 score must be a whole number from 0 to 21 (Generalised Anxiety Disorder-7) (R-CL-4), got 22
    """

    measure: Measure = attrs.field(validator=_check_measure)
    value: Fraction = attrs.field(converter=_to_value)
    on: dt.date = attrs.field(validator=is_date(InvalidRecord, _RULE))
    who: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    timepoint: Timepoint = attrs.field(converter=_to_timepoint)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "value", self.measure.check(self.value))


class UnpairedReason(enum.Enum):
    """Why a score is not part of a change score: it is listed, never dropped.

    Examples:
        >>> UnpairedReason.NO_FOLLOW_UP.label
        'a baseline with no later follow-up'
    """

    NO_FOLLOW_UP = "no-follow-up"
    NO_BASELINE = "no-baseline"
    LATER_BASELINE = "later-baseline"
    EARLIER_FOLLOW_UP = "earlier-follow-up"
    NOT_AFTER_BASELINE = "not-after-baseline"
    OTHER_TIMEPOINT = "other-timepoint"

    @property
    def label(self) -> str:
        """The reason in words.

        Examples:
            >>> UnpairedReason.EARLIER_FOLLOW_UP.label
            'a follow-up superseded by a later one'
        """
        return _UNPAIRED_LABELS[self]


_UNPAIRED_LABELS = {
    UnpairedReason.NO_FOLLOW_UP: "a baseline with no later follow-up",
    UnpairedReason.NO_BASELINE: "a follow-up with no baseline",
    UnpairedReason.LATER_BASELINE: "a baseline after the first one",
    UnpairedReason.EARLIER_FOLLOW_UP: "a follow-up superseded by a later one",
    UnpairedReason.NOT_AFTER_BASELINE: "a follow-up on or before the baseline day",
    UnpairedReason.OTHER_TIMEPOINT: "neither baseline nor follow-up",
}


def _check_pair(instance: Change, _attribute: attrs.Attribute[Any], value: Score) -> None:
    baseline = instance.baseline
    if not isinstance(baseline, Score) or baseline.timepoint is not Timepoint.BASELINE:
        raise InvalidRecord("baseline", "must be a baseline Score", baseline, rule=_RULE)
    if not isinstance(value, Score) or value.timepoint is not Timepoint.FOLLOW_UP:
        raise InvalidRecord("follow_up", "must be a follow-up Score", value, rule=_RULE)
    if value.measure != baseline.measure or value.who != baseline.who:
        raise InvalidRecord(
            "follow_up",
            f"must be on the baseline's measure ({baseline.measure.code}) for the same person",
            (value.measure.code, value.who),
            rule=_RULE,
        )
    if not value.on > baseline.on:
        raise InvalidRecord(
            "follow_up",
            f"must be taken after the baseline ({baseline.on.isoformat()})",
            value.on,
            rule=_RULE,
        )


@final
@attrs.frozen(kw_only=True)
class Change:
    """A baseline and a follow-up on one measure for one person, and the change between them.

    Args:
        baseline: The baseline score.
        follow_up: A follow-up score on the same measure and person, taken
            after the baseline.

    Raises:
        InvalidRecord: When the two do not pair.

    Examples:
        >>> import datetime as dt
        >>> s = lambda v, d, t: DEFAULT_MEASURES.score("pir-gas", v, on=d, who="dyad-1", timepoint=t)
        >>> c = Change(baseline=s(45, dt.date(2026, 11, 2), "baseline"),
        ...            follow_up=s(70, dt.date(2027, 5, 3), "follow-up"))
        >>> c.change, c.improved, c.weeks
        (Fraction(25, 1), True, 26)
    """

    baseline: Score
    follow_up: Score = attrs.field(validator=_check_pair)

    @property
    def measure(self) -> Measure:
        """The measure both scores are on.

        Examples:
            >>> import datetime as dt
            >>> s = lambda v, d, t: DEFAULT_MEASURES.score("epds", v, on=d, who="m", timepoint=t)
            >>> Change(baseline=s(5, dt.date(2026, 1, 5), "baseline"),
            ...        follow_up=s(5, dt.date(2026, 6, 5), "follow-up")).measure.code
            'epds'
        """
        return self.baseline.measure

    @property
    def who(self) -> str:
        """Whose scores they are.

        Examples:
            >>> import datetime as dt
            >>> s = lambda v, d, t: DEFAULT_MEASURES.score("epds", v, on=d, who="m", timepoint=t)
            >>> Change(baseline=s(5, dt.date(2026, 1, 5), "baseline"),
            ...        follow_up=s(5, dt.date(2026, 6, 5), "follow-up")).who
            'm'
        """
        return self.baseline.who

    @property
    def change(self) -> Fraction:
        """Follow-up minus baseline, exact.

        Examples:
            >>> import datetime as dt
            >>> s = lambda v, d, t: DEFAULT_MEASURES.score("epds", v, on=d, who="m", timepoint=t)
            >>> Change(baseline=s(20, dt.date(2026, 1, 5), "baseline"),
            ...        follow_up=s(12, dt.date(2026, 6, 5), "follow-up")).change
            Fraction(-8, 1)
        """
        return self.follow_up.value - self.baseline.value

    @property
    def improved(self) -> bool:
        """Whether the change is for the better, by the measure's direction.

        No change is not an improvement.

        Examples:
            >>> import datetime as dt
            >>> s = lambda v, d, t: DEFAULT_MEASURES.score("epds", v, on=d, who="m", timepoint=t)
            >>> Change(baseline=s(20, dt.date(2026, 1, 5), "baseline"),
            ...        follow_up=s(22, dt.date(2026, 6, 5), "follow-up")).improved
            False
        """
        return self.measure.improved(self.change)

    @property
    def weeks(self) -> int:
        """Whole weeks from the baseline to the follow-up.

        Examples:
            >>> import datetime as dt
            >>> s = lambda v, d, t: DEFAULT_MEASURES.score("epds", v, on=d, who="m", timepoint=t)
            >>> Change(baseline=s(20, dt.date(2026, 1, 5), "baseline"),
            ...        follow_up=s(12, dt.date(2026, 1, 18), "follow-up")).weeks
            1
        """
        return (self.follow_up.on - self.baseline.on).days // 7


@final
@attrs.frozen
class Unpaired:
    """A score that is not part of any change score, and why.

    Examples:
        >>> import datetime as dt
        >>> s = DEFAULT_MEASURES.score("epds", 5, on=dt.date(2026, 1, 5), who="m", timepoint="other")
        >>> Unpaired(s, UnpairedReason.OTHER_TIMEPOINT).reason.value
        'other-timepoint'
    """

    score: Score
    reason: UnpairedReason


@final
@attrs.frozen(kw_only=True)
class ChangeScores:
    """The change scores from a set of scores, and every score left unpaired.

    Every score given is in exactly one place: as the baseline or follow-up
    of one change, or in ``unpaired`` with its reason.

    Args:
        changes: One change per measure and person that has a baseline and a
            later follow-up, by measure code, person and baseline day.
        unpaired: The other scores, by measure code, person and day.

    Examples:
        >>> change_scores([]).changes, change_scores([]).unpaired
        ((), ())
    """

    changes: tuple[Change, ...]
    unpaired: tuple[Unpaired, ...]

    @property
    def improved(self) -> int:
        """How many of the changes are improvements.

        Examples:
            >>> import datetime as dt
            >>> s = lambda v, d, t: DEFAULT_MEASURES.score("epds", v, on=d, who="m", timepoint=t)
            >>> change_scores([s(20, dt.date(2026, 1, 5), "baseline"),
            ...                s(12, dt.date(2026, 6, 5), "follow-up")]).improved
            1
        """
        return sum(1 for c in self.changes if c.improved)


def change_scores(scores: Iterable[Score]) -> ChangeScores:
    """Pair baseline and follow-up scores into change scores, per measure and person (R-CL-4).

    For each measure and person (``who``): the first baseline (the earliest;
    on a tie, the first given) pairs with the latest follow-up taken after it
    (on a tie, the last given: the most recently recorded), which is the
    six-month follow-up when the team makes one (R-EN-6). Every other score
    is listed in ``unpaired`` with its reason, never dropped. Scores of one
    episode of work are expected: split them by episode before calling.

    Args:
        scores: The scores, in any order.

    Returns:
        The changes and the unpaired scores.

    Raises:
        InvalidRecord: When an item is not a `Score`, or two scores use
            different definitions of one measure code.

    Examples:
        >>> import datetime as dt
        >>> d = dt.date
        >>> s = lambda code, v, day, t, who="mother": DEFAULT_MEASURES.score(
        ...     code, v, on=day, who=who, timepoint=t)
        >>> result = change_scores([
        ...     s("phq-9", 18, d(2026, 11, 2), "baseline"),
        ...     s("phq-9", 12, d(2027, 1, 11), "follow-up"),
        ...     s("phq-9", 7, d(2027, 5, 10), "follow-up"),
        ...     s("phq-9", 9, d(2026, 11, 2), "baseline", who="father"),
        ... ])
        >>> [(c.who, c.change, c.improved) for c in result.changes]
        [('mother', Fraction(-11, 1), True)]
        >>> [(u.score.who, u.score.value, u.reason.value) for u in result.unpaired]
        [('father', Fraction(9, 1), 'no-follow-up'), ('mother', Fraction(12, 1), 'earlier-follow-up')]
    """
    if isinstance(scores, Score | str) or not isinstance(scores, Iterable):
        raise InvalidRecord("scores", "must be a collection of Score values", scores, rule=_RULE)
    groups: dict[tuple[str, str], list[Score]] = {}
    definitions: dict[str, Measure] = {}
    for score in scores:
        if not isinstance(score, Score):
            raise InvalidRecord("scores", "must hold Score values", score, rule=_RULE)
        code = score.measure.code
        if definitions.setdefault(code, score.measure) != score.measure:
            raise InvalidRecord(
                "scores", "must use one definition of each measure code", code, rule=_RULE
            )
        groups.setdefault((code, score.who), []).append(score)
    changes: list[Change] = []
    unpaired: list[Unpaired] = []
    for _key, group in sorted(groups.items(), key=lambda item: item[0]):
        ordered = sorted(group, key=lambda s: s.on)  # stable: ties keep the order given
        baselines = [s for s in ordered if s.timepoint is Timepoint.BASELINE]
        follow_ups = [s for s in ordered if s.timepoint is Timepoint.FOLLOW_UP]
        unpaired.extend(
            Unpaired(s, UnpairedReason.OTHER_TIMEPOINT)
            for s in ordered
            if s.timepoint is Timepoint.OTHER
        )
        if not baselines:
            unpaired.extend(Unpaired(s, UnpairedReason.NO_BASELINE) for s in follow_ups)
            continue
        baseline, *later = baselines
        unpaired.extend(Unpaired(s, UnpairedReason.LATER_BASELINE) for s in later)
        after = [s for s in follow_ups if s.on > baseline.on]
        unpaired.extend(
            Unpaired(s, UnpairedReason.NOT_AFTER_BASELINE)
            for s in follow_ups
            if not s.on > baseline.on
        )
        if not after:
            unpaired.append(Unpaired(baseline, UnpairedReason.NO_FOLLOW_UP))
            continue
        *earlier, latest = after
        unpaired.extend(Unpaired(s, UnpairedReason.EARLIER_FOLLOW_UP) for s in earlier)
        changes.append(Change(baseline=baseline, follow_up=latest))
    unpaired.sort(key=lambda u: (u.score.measure.code, u.score.who, u.score.on))
    return ChangeScores(changes=tuple(changes), unpaired=tuple(unpaired))

"""Hypothesis strategies for parentinfant's domain objects, bounded to legal values.

Every strategy here builds objects that the library's constructors accept, so a
test that draws from them checks behaviour, not validation (validation has its
own example tests). Strategies that take dates take them as plain values, so a
test can pin ``today`` and draw referrals received on or before it.

Import from here rather than writing ad hoc builders in each test module::

    from strategies import referral_lists, risk_weighted_policies
"""

from __future__ import annotations

import datetime as dt
import math
import string
from collections.abc import Sequence
from fractions import Fraction

from hypothesis import strategies as st

from parentinfant._catalogue import DEFAULT_RISK_FACTORS, RiskFactor, RiskFactorCatalogue
from parentinfant._nhs_number import check_digit
from parentinfant._referral import (
    Consultation,
    ProfessionalReferral,
    Referral,
    SelfReferral,
    SupportingService,
    SupportStatus,
    TriageOutcome,
)
from parentinfant.caseload import (
    Activity,
    CapacityPolicy,
    Commitment,
    GroupWork,
    Practitioner,
    Team,
    group_hours_per_week,
)
from parentinfant.family import (
    ContactChannel,
    EthnicCategory,
    Family,
    Infant,
    Parent,
    ParentRole,
    Referrer,
    ReferrerRole,
    TimeWindow,
)
from parentinfant.prioritisation import DEFAULT_TRIAGE_BANDS, RiskWeighted, Triage
from parentinfant.team import TeamPolicy, Vocabulary
from parentinfant.workdays import Nation

__all__ = [
    "EARLIEST",
    "INTERVENTIONS",
    "LATEST",
    "bands_tuples",
    "capacity_hours",
    "capacity_policies",
    "commitments",
    "dates",
    "families",
    "group_works",
    "infants",
    "names",
    "nations",
    "nhs_numbers",
    "parents",
    "policies_and_practitioners",
    "practitioners",
    "referral_ids",
    "referral_lists",
    "referrals",
    "referrers",
    "risk_factor_sets",
    "risk_weighted_policies",
    "routes",
    "simple_families",
    "supporting_services",
    "team_policies",
    "teams",
    "triage_outcomes",
    "triage_strategies",
    "weights",
]

EARLIEST = dt.date(2020, 1, 1)
"""The earliest day the strategies draw by default (the bank-holiday data covers it)."""

LATEST = dt.date(2030, 12, 31)
"""The latest day the strategies draw by default."""


def dates(
    min_value: dt.date = EARLIEST, max_value: dt.date = LATEST
) -> st.SearchStrategy[dt.date]:
    """Plain dates (never datetimes) between ``min_value`` and ``max_value`` inclusive."""
    return st.dates(min_value=min_value, max_value=max_value)


_WORD = st.text(alphabet=st.characters(categories=("Lu", "Ll")), min_size=1, max_size=10)


def names() -> st.SearchStrategy[str]:
    """Non-empty names of one to three words (any letters, not only ASCII)."""
    return st.lists(_WORD, min_size=1, max_size=3).map(" ".join)


def _optional_text() -> st.SearchStrategy[str | None]:
    return st.none() | names()


def _phones() -> st.SearchStrategy[str]:
    return st.from_regex(r"07700 9[0-9]{5}", fullmatch=True)


def parents(*, roles: st.SearchStrategy[ParentRole] | None = None) -> st.SearchStrategy[Parent]:
    """A parent or partner (R-REC-5), with or without contact details and a birth date.

    Args:
        roles: Strategy for the role (default: any :class:`ParentRole`).
    """
    return st.builds(
        Parent,
        name=names(),
        role=roles if roles is not None else st.sampled_from(ParentRole),
        date_of_birth=st.none() | dates(dt.date(1960, 1, 1), dt.date(2012, 12, 31)),
        phone=st.none() | _phones(),
        address=_optional_text(),
        email=st.none() | st.from_regex(r"[a-z]{1,8}@example\.org", fullmatch=True),
        preferred_channel=st.none() | st.sampled_from(ContactChannel),
        literacy_or_learning_needs=st.booleans(),
        lives_with_infant=st.booleans(),
        contact_times=st.lists(time_windows(), max_size=2).map(tuple),
        do_not_contact=st.none() | st.sampled_from(["safety concern recorded", "asked not to be"]),
        relationship_to_baby=st.none() | st.sampled_from(["birth father", "mother's partner"]),
        parental_responsibility=st.none() | st.booleans(),
        contact_safe=st.none() | st.booleans(),
        ethnic_category=st.none() | st.sampled_from(EthnicCategory),
        nhs_number=st.none() | nhs_numbers(),
    )


def nhs_numbers() -> st.SearchStrategy[str]:
    """Valid NHS numbers as text: nine digits and their Modulus 11 check digit."""

    def complete(nine: str) -> str | None:
        digit = check_digit(nine)
        return None if digit is None else f"{nine}{digit}"

    return st.from_regex(r"[0-9]{9}", fullmatch=True).map(complete).filter(lambda n: n is not None)  # type: ignore[return-value]


@st.composite
def time_windows(draw: st.DrawFn) -> TimeWindow:
    """A window of the day on the quarter hour, start before end (R-AP-3, R-AL-4)."""
    start = draw(st.integers(min_value=0, max_value=94))
    end = draw(st.integers(min_value=start + 1, max_value=95))
    return TimeWindow(dt.time(start // 4, start % 4 * 15), dt.time(end // 4, end % 4 * 15))


@st.composite
def infants(draw: st.DrawFn, *, on: dt.date | None = None) -> Infant:
    """A baby, born or unborn, whose dates agree with ``born`` (R-IN-3).

    A born infant has a date of birth (and maybe the due date it had); an unborn
    one has an expected due date and no date of birth. With ``on`` given, a born
    infant was born on or before ``on`` and an unborn one is due after it, so
    the infant is consistent with a referral received that day.
    """
    name = draw(st.none() | names())
    born = draw(st.booleans())
    if born:
        latest = on or LATEST
        dob = draw(dates(max(EARLIEST, latest - dt.timedelta(days=3 * 365)), latest))
        edd = draw(st.none() | dates(dob - dt.timedelta(days=120), dob + dt.timedelta(days=21)))
        return Infant.born_on(dob, expected_due_date=edd, name=name)
    earliest = (on + dt.timedelta(days=1)) if on is not None else EARLIEST
    edd = draw(dates(earliest, earliest + dt.timedelta(days=280)))
    return Infant.unborn(edd, name=name)


def families(*, on: dt.date | None = None) -> st.SearchStrategy[Family]:
    """A family of one to three parents and an infant consistent with ``on``.

    See :func:`infants` for what consistent means.
    """
    return st.builds(
        Family,
        parents=st.lists(parents(), min_size=1, max_size=3).map(tuple),
        infant=infants(on=on),
        school_age_children=st.integers(min_value=0, max_value=5),
        gp=_optional_text(),
        health_visitor=_optional_text(),
        postcode_district=st.none() | st.from_regex(r"[A-Z]{1,2}[0-9]{1,2}", fullmatch=True),
        unsuitable_times=st.lists(time_windows(), max_size=2).map(tuple),
        unsuitable_days=st.lists(st.integers(min_value=0, max_value=6), max_size=3).map(tuple),
    )


def simple_families() -> st.SearchStrategy[Family]:
    """One fixed, minimal family: for tests where the family does not matter (faster to draw)."""
    return st.just(_SIMPLE_FAMILY)


def referrers() -> st.SearchStrategy[Referrer]:
    """A professional who refers or consults (R-IN-1), of any recognised role."""
    return st.builds(
        Referrer,
        name=names(),
        role=st.sampled_from(ReferrerRole),
        organisation=_optional_text(),
        phone=st.none() | _phones(),
        email=st.none() | st.from_regex(r"[a-z]{1,8}@nhs\.example", fullmatch=True),
    )


def routes() -> st.SearchStrategy[ProfessionalReferral | Consultation | SelfReferral]:
    """Any of the three intake routes (R-IN-1): professional referral, consultation, self."""
    return st.one_of(
        st.builds(ProfessionalReferral, referrers()),
        st.builds(Consultation, referrers()),
        st.builds(SelfReferral, how_heard=_optional_text()),
    )


def risk_factor_sets(
    catalogue: RiskFactorCatalogue = DEFAULT_RISK_FACTORS,
    *,
    min_size: int = 0,
    max_size: int = 6,
) -> st.SearchStrategy[tuple[RiskFactor, ...]]:
    """Distinct risk factors drawn from ``catalogue`` (default: DEFAULT_RISK_FACTORS, R-SC-2)."""
    return st.lists(
        st.sampled_from(catalogue.factors),
        min_size=min_size,
        max_size=min(max_size, len(catalogue)),
        unique_by=lambda f: f.code,
    ).map(tuple)


def supporting_services(
    *, statuses: st.SearchStrategy[SupportStatus] | None = None
) -> st.SearchStrategy[SupportingService]:
    """A service supporting a waiting family: active, reduced or ended (R-WL-1).

    Args:
        statuses: Strategy for the status (default: any :class:`SupportStatus`).
    """
    return st.builds(
        SupportingService,
        name=names(),
        status=statuses if statuses is not None else st.sampled_from(SupportStatus),
        since=st.none() | dates(),
    )


def triage_outcomes(
    received: dt.date,
    bands: Sequence[str] = DEFAULT_TRIAGE_BANDS,
    *,
    max_delay_days: int = 14,
) -> st.SearchStrategy[TriageOutcome]:
    """A triage outcome (R-PR-3): a band from ``bands``, decided on or after ``received``.

    The day decided is at most ``max_delay_days`` after ``received``, so it
    may fall after a list's ``today`` (such a referral counts as untriaged).
    """
    return st.builds(
        TriageOutcome,
        band=st.sampled_from(tuple(bands)),
        decided_by=names(),
        decided_on=dates(received, received + dt.timedelta(days=max_delay_days)),
        note=st.text(max_size=20),
    )


def referral_ids() -> st.SearchStrategy[str]:
    """Referral ids: short non-empty strings of letters, digits and hyphens."""
    return st.text(alphabet=string.ascii_letters + string.digits + "-", min_size=1, max_size=6)


_SERVICE_NAMES = ("Health visiting", "Midwifery", "Social care", "GP practice", "Family hub")
_TRIAGERS = ("Dr Rao", "Lee", "Sam")


# Built once: constructing strategies per draw dominates the cost of lean lists.
_LEAN_SERVICES = st.lists(
    st.builds(
        SupportingService,
        name=st.sampled_from(_SERVICE_NAMES),
        status=st.sampled_from(SupportStatus),
    ),
    max_size=3,
)
_DEFAULT_FACTOR_SETS = risk_factor_sets()
_SIMPLE_FAMILY = Family(
    parents=[Parent("P", ParentRole.MOTHER)], infant=Infant.unborn(dt.date(2031, 1, 1))
)


@st.composite
def referrals(
    draw: st.DrawFn,
    *,
    ids: st.SearchStrategy[str] | None = None,
    received: st.SearchStrategy[dt.date] | None = None,
    factors: st.SearchStrategy[tuple[RiskFactor, ...]] | None = None,
    family: st.SearchStrategy[Family] | None = None,
    bands: Sequence[str] | None = DEFAULT_TRIAGE_BANDS,
    max_triage_delay_days: int = 14,
    detailed: bool = True,
) -> Referral:
    """A valid referral (R-IN-1..3): any route, factors from the default catalogue.

    Args:
        ids: Strategy for the id (default :func:`referral_ids`).
        received: Strategy for the day received (default :func:`dates`).
        factors: Strategy for the risk factors (default :func:`risk_factor_sets`).
        family: Strategy for the family (default :func:`families` consistent
            with the day received when ``detailed``, else :func:`simple_families`).
        bands: Bands a triage outcome may name; ``None`` for never triaged.
            When given, the referral may or may not have been triaged.
        max_triage_delay_days: Latest triage, in days after receipt.
        detailed: ``True`` draws every field (routes, free text, consent
            flags); ``False`` draws only what ordering and the waiting list
            read (id, day, factors, support, triage), which is much faster for
            lists of referrals.
    """
    day = draw(received if received is not None else dates())
    triage = None
    if bands is not None:
        outcome = (
            triage_outcomes(day, bands, max_delay_days=max_triage_delay_days)
            if detailed
            else st.builds(
                TriageOutcome,
                band=st.sampled_from(tuple(bands)),
                decided_by=st.sampled_from(_TRIAGERS),
                decided_on=dates(day, day + dt.timedelta(days=max_triage_delay_days)),
            )
        )
        triage = draw(st.none() | outcome)
    if family is None:
        family = families(on=day) if detailed else simple_families()
    ident = draw(ids if ids is not None else referral_ids())
    risk = draw(factors if factors is not None else risk_factor_sets())
    if not detailed:
        return Referral(
            id=ident,
            received=day,
            route=SelfReferral(),
            family=draw(family),
            risk_factors=risk,
            supporting_services=draw(_LEAN_SERVICES),
            triage=triage,
        )
    return Referral(
        id=ident,
        received=day,
        route=draw(routes()),
        family=draw(family),
        risk_factors=risk,
        reason=draw(st.text(max_size=30)),
        family_aware=draw(st.none() | st.booleans()),
        family_agreed=draw(st.none() | st.booleans()),
        consent_to_share=draw(st.none() | st.booleans()),
        supporting_services=draw(st.lists(supporting_services(), max_size=3)),
        triage=triage,
    )


@st.composite
def referral_lists(
    draw: st.DrawFn,
    today: dt.date,
    *,
    min_size: int = 0,
    max_size: int = 12,
    max_wait_days: int = 120,
    factors: st.SearchStrategy[tuple[RiskFactor, ...]] | None = None,
    family: st.SearchStrategy[Family] | None = None,
    bands: Sequence[str] | None = None,
    max_triage_delay_days: int = 14,
    detailed: bool = False,
) -> list[Referral]:
    """Referrals with unique ids, each received on or before ``today``.

    Received days fall in ``[today - max_wait_days, today]``; a small window
    makes ties on the day received common, which exercises tie-breaking.
    Other arguments are as for :func:`referrals`; ``bands=None`` (the default
    here) means no referral is triaged, and ``detailed=False`` (the default
    here) draws lean referrals (self-referrals of one fixed family unless
    ``family`` is given), fast enough for long lists.
    """
    ids = draw(st.lists(referral_ids(), min_size=min_size, max_size=max_size, unique=True))
    if detailed:
        received = dates(today - dt.timedelta(days=max_wait_days), today)
        return [
            draw(
                referrals(
                    ids=st.just(i),
                    received=received,
                    factors=factors,
                    family=family,
                    bands=bands,
                    max_triage_delay_days=max_triage_delay_days,
                )
            )
            for i in ids
        ]
    # Lean path: build each strategy once per list, draw primitives per referral.
    waits = st.integers(min_value=0, max_value=max_wait_days)
    delays = st.integers(min_value=0, max_value=max_triage_delay_days)
    factor_sets = factors if factors is not None else _DEFAULT_FACTOR_SETS
    band_choice = st.sampled_from(tuple(bands)) if bands is not None else None
    triagers = st.sampled_from(_TRIAGERS)
    services = _LEAN_SERVICES
    out = []
    for ident in ids:
        day = today - dt.timedelta(days=draw(waits))
        triage = None
        if band_choice is not None and draw(st.booleans()):
            triage = TriageOutcome(
                band=draw(band_choice),
                decided_by=draw(triagers),
                decided_on=day + dt.timedelta(days=draw(delays)),
            )
        out.append(
            Referral(
                id=ident,
                received=day,
                route=SelfReferral(),
                family=draw(family) if family is not None else _SIMPLE_FAMILY,
                risk_factors=draw(factor_sets),
                supporting_services=draw(services),
                triage=triage,
            )
        )
    return out


def weights(
    *, max_value: int = 10, max_denominator: int = 12, min_value: int = 0
) -> st.SearchStrategy[Fraction]:
    """Non-negative weights, often fractional, for :class:`RiskWeighted`."""
    return st.fractions(min_value=min_value, max_value=max_value, max_denominator=max_denominator)


def risk_weighted_policies(
    *, ageing: bool | None = None, capped: bool | None = None
) -> st.SearchStrategy[RiskWeighted]:
    """A :class:`RiskWeighted` strategy with legal, possibly fractional weights (R-PR-2).

    Args:
        ageing: ``True`` for a positive ageing rate, ``False`` for none, ``None``
            for either.
        capped: ``True`` for a score cap, ``False`` for none, ``None`` for either.
    """
    positive = st.fractions(min_value=Fraction(1, 8), max_value=8, max_denominator=8)
    ageing_strategy = {True: positive, False: st.none(), None: st.none() | positive}[ageing]
    cap_strategy = {True: weights(), False: st.none(), None: st.none() | weights()}[capped]
    return st.builds(
        RiskWeighted,
        significant_weight=weights(),
        minor_weight=weights(),
        ageing_per_week=ageing_strategy,
        score_cap=cap_strategy,
    )


def bands_tuples() -> st.SearchStrategy[tuple[str, ...]]:
    """Legal triage bands (R-PR-3): one or more distinct, non-blank names."""
    return st.lists(
        st.from_regex(r"[a-z][a-z-]{0,9}", fullmatch=True), min_size=1, max_size=5, unique=True
    ).map(tuple)


def nations() -> st.SearchStrategy[Nation]:
    """One of the four UK nations (R-SC-5)."""
    return st.sampled_from(Nation)


def team_policies() -> st.SearchStrategy[TeamPolicy]:
    """A team policy with any nation, a few closure days and legal deadlines."""
    return st.builds(
        TeamPolicy,
        name=names(),
        nation=nations(),
        closures=st.frozensets(dates(), max_size=5),
        vocabulary=st.sampled_from(Vocabulary),
        decision_working_days=st.integers(min_value=0, max_value=15),
        triage_working_days=st.integers(min_value=0, max_value=10),
    )


def triage_strategies(
    bands: st.SearchStrategy[tuple[str, ...]] | None = None,
) -> st.SearchStrategy[Triage]:
    """A :class:`Triage` strategy with the given (or drawn) bands and any team policy."""
    return st.builds(
        Triage,
        bands=bands if bands is not None else bands_tuples(),
        policy=team_policies(),
    )


# --------------------------------------------------------------------------- capacity

INTERVENTIONS = ("baby-massage", "circle-of-security", "mellow-babies", "video-interaction")
"""Group interventions the capacity strategies draw from (R-CL-2)."""


def capacity_hours(
    *, min_value: Fraction | int = 0, max_value: Fraction | int = 168, max_denominator: int = 4
) -> st.SearchStrategy[Fraction]:
    """Exact hours between ``min_value`` and ``max_value`` in steps of ``1 / max_denominator``.

    Quarter hours by default (so whole and half hours too). Bounds between
    steps are moved inwards to the nearest step, so a bound such as 1001/6
    hours left in a week is accepted. Drawn as whole numbers of steps, which
    is much faster than ``st.fractions``.
    """
    low = math.ceil(Fraction(min_value) * max_denominator)
    high = math.floor(Fraction(max_value) * max_denominator)
    return st.integers(min_value=low, max_value=high).map(
        lambda steps: Fraction(steps, max_denominator)
    )


def commitments(*, max_hours: Fraction | int = 20) -> st.SearchStrategy[Commitment]:
    """A commitment of any activity, routine or beyond it (R-TM-1), of up to ``max_hours``."""
    return st.builds(
        Commitment,
        activity=st.sampled_from(Activity),
        hours_per_week=capacity_hours(max_value=max_hours),
        beyond_routine=st.booleans(),
    )


def group_works() -> st.SearchStrategy[GroupWork]:
    """A weekly, fortnightly or twice-weekly group of 1 to 3 hours (R-CL-2)."""
    return st.builds(
        GroupWork,
        intervention=st.sampled_from(INTERVENTIONS),
        sessions_per_week=st.sampled_from((Fraction(1, 2), Fraction(1), Fraction(2))),
        duration_hours=st.sampled_from((Fraction(1), Fraction(3, 2), Fraction(2), Fraction(3))),
    )


def capacity_policies() -> st.SearchStrategy[CapacityPolicy]:
    """Capacity assumptions with legal, modest values (R-CL-1, R-CL-2).

    Group preparation and follow-up stay at most 3 hours and the new-facilitator
    multiplier at most 3, so :func:`practitioners` can always fit groups into
    a week.
    """
    return st.builds(
        CapacityPolicy,
        day_hours=capacity_hours(min_value=1, max_value=12),
        families_per_day=capacity_hours(max_value=8),
        full_time_hours=capacity_hours(min_value=20, max_value=48),
        annual_leave_days=capacity_hours(max_value=40),
        sessions_per_family_per_week=capacity_hours(min_value=Fraction(1, 4), max_value=3),
        group_preparation_hours=capacity_hours(max_value=3),
        group_follow_up_hours=capacity_hours(max_value=3),
        new_facilitator_multiplier=capacity_hours(min_value=1, max_value=3),
    )


_DUTY_LISTS = st.lists(commitments(), max_size=4)  # at most 4 x 20 = 80 hours
_GROUP_LISTS = st.lists(group_works(), max_size=2)
_EXPERIENCE = st.frozensets(st.sampled_from(INTERVENTIONS))
_QUARTER_HOURS = st.integers(min_value=0, max_value=4 * 168)
_WEEKDAY_SETS = st.lists(
    st.integers(min_value=0, max_value=6), min_size=1, max_size=7, unique=True
)
_ROLES = st.sampled_from(("psychotherapist", "keyworker", "health visitor"))
_ENTITLEMENTS = st.none() | capacity_hours(max_value=40)
_CASELOADS = st.integers(min_value=0, max_value=40)
_DAY_OFFSETS = st.frozensets(st.integers(min_value=0, max_value=5000), max_size=40)
_PRACTITIONER_NAMES = names()
_CAPACITY_POLICIES = capacity_policies()
_DEFAULT_TEAM_POLICY = st.just(TeamPolicy())


def _draw_practitioner(
    draw: st.DrawFn,
    policy: CapacityPolicy,
    leave_between: tuple[dt.date, dt.date] | None,
    max_spare_hours: Fraction | int,
) -> Practitioner:
    # Draws only from strategies built once above: building strategies per draw
    # dominates the cost of a property otherwise.
    duties = draw(_DUTY_LISTS)
    groups = draw(_GROUP_LISTS)
    experience = draw(_EXPERIENCE)
    probe = Practitioner(
        name="probe", contracted_hours=168, groups=groups, group_experience=experience
    )
    if group_hours_per_week(probe, policy) + 80 > 168:  # 80: the most duties take out
        groups = []
        probe = Practitioner(name="probe", contracted_hours=168)
    taken = group_hours_per_week(probe, policy) + sum(
        (c.hours_taken_out for c in duties), Fraction(0)
    )
    # Routine time takes nothing out, but all commitments must fit the contract.
    base = max(taken, sum((c.hours_per_week for c in duties), Fraction(0)))
    most = min(Fraction(168) - base, Fraction(max_spare_hours))
    spare = min(Fraction(draw(_QUARTER_HOURS), 4), most)
    leave: frozenset[dt.date] = frozenset()
    if leave_between is not None:
        first, last = leave_between
        span = (last - first).days + 1
        leave = frozenset(first + dt.timedelta(days=o % span) for o in draw(_DAY_OFFSETS))
    return Practitioner(
        name=draw(_PRACTITIONER_NAMES),
        role=draw(_ROLES),
        contracted_hours=base + spare,
        working_days=draw(_WEEKDAY_SETS),
        commitments=duties,
        groups=groups,
        group_experience=experience,
        annual_leave_days=draw(_ENTITLEMENTS),
        leave=leave,
        caseload=draw(_CASELOADS),
    )


@st.composite
def practitioners(
    draw: st.DrawFn,
    *,
    policy: CapacityPolicy | None = None,
    leave_between: tuple[dt.date, dt.date] | None = None,
    max_spare_hours: Fraction | int = 60,
) -> Practitioner:
    """A practitioner whose groups and duties fit their contracted hours under ``policy``.

    Contracted hours are what groups and other duties take out (R-CL-1,
    R-CL-2, R-TM-1) plus up to ``max_spare_hours`` more, never above 168, so
    :func:`~parentinfant.caseload.practitioner_capacity` accepts every draw.
    Commitments are any activity, routine or beyond it; working days may
    include weekends.

    Args:
        policy: The capacity assumptions the groups are costed under (default
            ``CapacityPolicy()``).
        leave_between: First and last day booked leave may fall on (default:
            no leave booked).
        max_spare_hours: Most contracted hours beyond those taken out.
    """
    chosen = policy if policy is not None else CapacityPolicy()
    return _draw_practitioner(draw, chosen, leave_between, max_spare_hours)


@st.composite
def policies_and_practitioners(
    draw: st.DrawFn, *, leave_between: tuple[dt.date, dt.date] | None = None
) -> tuple[CapacityPolicy, Practitioner]:
    """A capacity policy from :func:`capacity_policies` and a practitioner who fits it."""
    policy = draw(_CAPACITY_POLICIES)
    return policy, _draw_practitioner(draw, policy, leave_between, 60)


@st.composite
def teams(
    draw: st.DrawFn,
    *,
    max_size: int = 4,
    policies: st.SearchStrategy[TeamPolicy] | None = None,
    capacity: st.SearchStrategy[CapacityPolicy] | None = None,
    leave_between: tuple[dt.date, dt.date] | None = None,
) -> Team:
    """A team of up to ``max_size`` uniquely named practitioners who all fit its policy.

    Args:
        max_size: Most practitioners (a drawn name already taken is dropped,
            so a team may have fewer).
        policies: Strategy for the shared team policy (default ``TeamPolicy()``).
        capacity: Strategy for the capacity assumptions (default
            :func:`capacity_policies`).
        leave_between: As for :func:`practitioners`.
    """
    assumptions = draw(capacity if capacity is not None else _CAPACITY_POLICIES)
    people: dict[str, Practitioner] = {}
    for _ in range(draw(st.integers(min_value=0, max_value=max_size))):
        person = _draw_practitioner(draw, assumptions, leave_between, 60)
        people.setdefault(person.name, person)
    return Team(
        policy=draw(policies if policies is not None else _DEFAULT_TEAM_POLICY),
        capacity=assumptions,
        practitioners=list(people.values()),
    )


# --------------------------------------------------------------------------- any public value
#
# Generic strategies for round-trip properties (R-IN-1: JSON travels exactly):
# each field is drawn from its type, bounded to modest values, and a draw the
# constructor refuses is rejected, so only legal objects come out. Types whose
# rules a random draw rarely meets have their own strategy below.

_ZONES = (None, dt.UTC, dt.timezone(dt.timedelta(hours=1)))
_FINITE = st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False)


def datetimes() -> st.SearchStrategy[dt.datetime]:
    """Moments between 2020 and 2030, naive or with a fixed UTC offset."""
    return st.sampled_from(_ZONES).flatmap(
        lambda zone: st.datetimes(
            min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 12, 31)
        ).map(lambda moment: moment if zone is None else moment.replace(tzinfo=zone))
    )


def _for_type(kind: object) -> st.SearchStrategy[object]:
    import enum
    import types
    import typing

    import attrs

    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        return st.one_of([_for_type(a) for a in args])
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return st.lists(_for_type(args[0]), max_size=3).map(tuple)
        return st.tuples(*(_for_type(a) for a in args))
    if origin in (frozenset, set):
        return st.frozensets(_for_type(args[0]), max_size=3)
    simple: dict[object, st.SearchStrategy[object]] = {
        type(None): st.none(),
        str: names(),
        int: st.integers(min_value=0, max_value=20),
        float: _FINITE,
        bool: st.booleans(),
        Fraction: capacity_hours(max_value=40),
        dt.date: dates(),
        dt.datetime: datetimes(),
        dt.timedelta: st.integers(min_value=0, max_value=4 * 24).map(
            lambda q: dt.timedelta(minutes=15 * q)
        ),
        dt.time: time_windows().map(lambda w: w.start),
        RiskFactor: st.sampled_from(DEFAULT_RISK_FACTORS.factors),
        Referral: referrals(),
        Family: families(),
        TeamPolicy: team_policies(),
    }
    if kind in simple:
        return simple[kind]
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return st.sampled_from(kind)
    if isinstance(kind, type) and attrs.has(kind):
        return values_of(kind)
    raise TypeError(f"no strategy for {kind!r}")


@st.composite
def _legal(draw: st.DrawFn, cls: type, fields: dict[str, st.SearchStrategy[object]]) -> object:
    from hypothesis import reject

    from parentinfant.errors import ParentInfantError

    kwargs = {name: draw(strategy) for name, strategy in fields.items()}
    try:
        return cls(**kwargs)
    except (ParentInfantError, ValueError, TypeError):
        reject()


def values_of(cls: type, **overrides: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """Legal instances of the attrs class ``cls``, each field drawn from its type.

    Args:
        cls: An attrs class.
        **overrides: Strategies for named fields (the rest are drawn from
            their annotations; optional fields sometimes keep their default).
    """
    import typing

    import attrs

    hints = typing.get_type_hints(cls)
    fields: dict[str, st.SearchStrategy[object]] = {}
    for field in attrs.fields(cls):
        if not field.init:
            continue
        if field.name in overrides:
            fields[field.name] = overrides[field.name]
        else:
            fields[field.name] = st.deferred(lambda h=hints[field.name]: _for_type(h))
    return _legal(cls, fields)


@st.composite
def cases(draw: st.DrawFn, *, max_steps: int = 12) -> object:
    """A case with a whole event history: opened, then up to ``max_steps`` commands applied.

    Each step draws one of the commands the case's state allows (section 11),
    appointments booked and attendance recorded included; a command a rule
    refuses (a reason that does not fit, a clash) is skipped, so the history
    is one a real case could have.
    """
    from hypothesis import assume

    from parentinfant.contact import Appointment, Attendance
    from parentinfant.errors import ParentInfantError
    from parentinfant.lifecycle import (
        AcceptToWaitingList,
        Allocate,
        AllocationBasis,
        BookAppointment,
        Close,
        ClosureReason,
        ContactOutcome,
        DeclineCase,
        Direction,
        LogCommunication,
        Open,
        Reallocate,
        ReceiveInformation,
        RecordAttendance,
        RecordContactAttempt,
        ReferBack,
        Reopen,
        RequestInformation,
        ResumeIntervention,
        StartAssessment,
        StartEnding,
        StartIntervention,
        StartScreening,
        Withdraw,
        apply,
        open_case,
    )
    from parentinfant.screening import DeclineReason, InformationItem

    zone = draw(st.sampled_from(_ZONES))
    clock = draw(st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2028, 1, 1)))
    clock = clock.replace(microsecond=0, tzinfo=zone)
    case, _ = open_case(draw(referral_ids()), at=clock, note=draw(st.sampled_from(["", "Via HV"])))
    who = draw(names())
    booked: list[dt.datetime] = []
    notes = st.sampled_from(["", "Agreed at the review"])
    for _ in range(draw(st.integers(min_value=0, max_value=max_steps))):
        clock += dt.timedelta(hours=draw(st.integers(min_value=0, max_value=24 * 20)))
        if not case.allowed:
            break
        name = draw(st.sampled_from(case.allowed))
        builders: dict[str, st.SearchStrategy[object]] = {
            "open": st.builds(Open, note=notes),
            "start-screening": st.builds(StartScreening, note=notes),
            "request-information": st.builds(
                RequestInformation,
                missing=st.lists(st.sampled_from(InformationItem), min_size=1, unique=True),
                note=notes,
            ),
            "receive-information": st.builds(ReceiveInformation, note=notes),
            "decline": st.builds(
                DeclineCase, reason=st.sampled_from(DeclineReason), explanation=names()
            ),
            "accept": st.builds(AcceptToWaitingList, note=notes),
            "allocate": st.builds(
                Allocate,
                practitioner=st.just(who),
                basis=st.sampled_from(AllocationBasis),
                keyworker=st.none() | names(),
                note=notes,
            ),
            "reallocate": st.builds(
                Reallocate,
                practitioner=names(),
                basis=st.sampled_from(AllocationBasis),
                keyworker=st.none() | names(),
                note=notes,
            ),
            "record-contact-attempt": st.builds(
                RecordContactAttempt,
                channel=st.sampled_from(ContactChannel),
                outcome=st.sampled_from(ContactOutcome),
                summary=notes,
            ),
            "log-communication": st.builds(
                LogCommunication,
                channel=st.sampled_from(ContactChannel),
                summary=names(),
                direction=st.sampled_from(Direction),
                with_whom=st.none() | names(),
            ),
            "book-appointment": st.builds(
                BookAppointment,
                appointment=st.builds(
                    Appointment,
                    start=st.integers(min_value=1, max_value=30).map(
                        lambda d, now=clock: now.replace(minute=0, second=0) + dt.timedelta(days=d)
                    ),
                    duration=st.just(dt.timedelta(hours=1)),
                    session_type=st.sampled_from(["assessment", "intervention", "review"]),
                    mode=st.sampled_from(["home-visit", "clinic", "video"]),
                    practitioner=st.just(who),
                ),
            ),
            "record-attendance": st.builds(
                RecordAttendance,
                start=st.sampled_from(booked) if booked else st.just(clock),
                attendance=st.sampled_from(Attendance),
                attended_by=st.just(()),
            ),
            "refer-back": st.builds(ReferBack, note=notes),
            "start-assessment": st.builds(StartAssessment, note=notes),
            "start-intervention": st.builds(StartIntervention, note=notes),
            "start-ending": st.builds(StartEnding, note=notes),
            "resume-intervention": st.builds(ResumeIntervention, note=notes),
            "close": st.builds(Close, reason=st.sampled_from(ClosureReason), note=names()),
            "withdraw": st.builds(Withdraw, reason=st.sampled_from(ClosureReason), note=names()),
            "reopen": st.builds(Reopen, note=notes),
        }
        if name not in builders:
            continue
        try:
            command = draw(builders[name])
            case, _ = apply(case, command, at=clock)  # type: ignore[arg-type]
        except (ParentInfantError, ValueError):
            continue
        if isinstance(command, BookAppointment):
            booked.append(command.appointment.start)
    assume(len(case.events) >= 1)
    return case


@st.composite
def session_plans(draw: st.DrawFn) -> object:
    """A session plan from a drawn policy, then sessions recorded, extended and re-planned.

    Built through `plan_sessions` and the plan's own methods, as a team
    would, so every plan meets R-EN-2..4 (see :func:`plan_changes` for the
    changes those steps report).
    """
    return draw(_plans_and_changes())[0]


def plan_changes() -> st.SearchStrategy[object]:
    """A `PlanChange` from a real step of a session plan (record, extend, new issue)."""
    return _plans_and_changes().filter(lambda pair: pair[1] is not None).map(lambda p: p[1])


@st.composite
def _plans_and_changes(draw: st.DrawFn) -> tuple[object, object]:
    from parentinfant.endings import EndingsPolicy, Manualised, NewIssueAction, plan_sessions
    from parentinfant.errors import ParentInfantError

    policy = EndingsPolicy(
        session_limit=draw(st.integers(min_value=4, max_value=12)),
        ending_sessions=draw(st.integers(min_value=1, max_value=2)),
        missed_offered_again=draw(st.integers(min_value=0, max_value=2)),
    )
    manual = draw(st.none() | st.builds(Manualised, name=names(), sessions=st.integers(6, 10)))
    plan = plan_sessions(policy, manualised=manual)
    change = None
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        step = draw(st.sampled_from(["record", "record", "extend", "issue"]))
        try:
            if step == "record":
                recorded = len(plan.recorded)
                plan, change = plan.record(recorded + 1, attended=draw(st.booleans()))
            elif step == "extend":
                plan, change = plan.extend(
                    draw(st.integers(1, 3)),
                    reason=draw(names()),
                    departs_from_manual=manual is not None,
                )
            else:
                plan, change = plan.new_issue(
                    draw(names()), action=draw(st.sampled_from(NewIssueAction))
                )
        except (ParentInfantError, ValueError):
            continue
    return plan, change


def measures() -> st.SearchStrategy[object]:
    """An outcome measure with a range of whole or quarter points (R-CL-4)."""
    from parentinfant.records import Measure

    return st.builds(
        Measure,
        code=st.from_regex(r"[a-z]{2,6}", fullmatch=True),
        name=names(),
        minimum=st.integers(min_value=0, max_value=5).map(Fraction),
        maximum=st.integers(min_value=10, max_value=40).map(Fraction),
        higher_is_better=st.booleans(),
        whole_numbers=st.booleans(),
    )


def scores(
    measure: st.SearchStrategy[object] | None = None,
    *,
    timepoint: st.SearchStrategy[object] | None = None,
    on: st.SearchStrategy[dt.date] | None = None,
    who: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[object]:
    """A score within its measure's range, whole when the measure says so.

    Args:
        measure: Strategy for the measure (default :func:`measures`).
        timepoint: Strategy for the timepoint (default: any `Timepoint`).
        on: Strategy for the day scored (default :func:`dates`).
        who: Strategy for whom it scores (default :func:`names`).
    """
    from parentinfant.records import Score, Timepoint

    def build(m: object) -> st.SearchStrategy[object]:
        low, high = int(m.minimum), int(m.maximum)  # type: ignore[attr-defined]
        steps = 1 if m.whole_numbers else 4  # type: ignore[attr-defined]
        value = st.integers(low * steps, high * steps).map(lambda v: Fraction(v, steps))
        return st.builds(
            Score,
            measure=st.just(m),
            value=value,
            on=on if on is not None else dates(),
            who=who if who is not None else names(),
            timepoint=timepoint if timepoint is not None else st.sampled_from(Timepoint),
        )

    return (measure if measure is not None else measures()).flatmap(build)


def consents() -> st.SearchStrategy[object]:
    """Consent to share, naming kinds of recipient and named recipients (R-REC-4)."""
    from parentinfant.records import Consent, InformationKind, RecipientKind, SharingRecipient

    kinds = [k for k in RecipientKind if k is not RecipientKind.OTHER]
    recipient = st.sampled_from(kinds) | st.builds(
        SharingRecipient, kind=st.sampled_from(RecipientKind), name=names()
    )
    given = dates(max_value=dt.date(2025, 12, 31))
    return given.flatmap(
        lambda on: st.builds(
            Consent,
            given_by=names(),
            given_on=st.just(on),
            information=st.frozensets(st.sampled_from(InformationKind), min_size=1, max_size=3),
            recipients=st.frozensets(recipient, min_size=1, max_size=3),
            valid_from=st.just(on),
            valid_until=st.none() | dates(dt.date(2026, 1, 1)),
            reference=st.none() | names(),
        )
    )


def nhs_number_values() -> st.SearchStrategy[object]:
    """Valid NHS numbers as `NhsNumber` values (R-REC-2)."""
    from parentinfant.records import NhsNumber

    return nhs_numbers().map(NhsNumber)


@st.composite
def changes(draw: st.DrawFn) -> object:
    """A baseline and a later follow-up on one measure for one person (R-CL-4)."""
    from parentinfant.records import Change, Timepoint

    measure = draw(measures())
    who = draw(names())
    first = draw(dates(max_value=dt.date(2029, 12, 31)))
    baseline = draw(
        scores(
            st.just(measure),
            timepoint=st.just(Timepoint.BASELINE),
            on=st.just(first),
            who=st.just(who),
        )
    )
    later = dates(first + dt.timedelta(days=1), LATEST)
    follow_up = draw(
        scores(
            st.just(measure), timepoint=st.just(Timepoint.FOLLOW_UP), on=later, who=st.just(who)
        )
    )
    return Change(baseline=baseline, follow_up=follow_up)


def record_identities() -> st.SearchStrategy[object]:
    """A record's identity: whose name it is in and its versions in date order (R-REC-3)."""
    from parentinfant.records import RecordHolder, RecordIdentity, RecordVersion

    versions = st.lists(values_of(RecordVersion), min_size=1, max_size=3).map(
        lambda vs: tuple(sorted(vs, key=lambda v: v.from_day))  # type: ignore[attr-defined]
    )
    return st.builds(RecordIdentity, holder=st.sampled_from(RecordHolder), versions=versions)


def waiting_strategies() -> st.SearchStrategy[object]:
    """Any of the three waiting-list strategies (R-PR-1..4)."""
    from parentinfant.prioritisation import Chronological, Triage

    return st.one_of(
        st.just(Chronological()),
        risk_weighted_policies(),
        st.builds(Triage, policy=team_policies()),
    )


@st.composite
def sharing_allowed(draw: st.DrawFn) -> object:
    """A sharing decision made on consent that covers it (R-REC-4)."""
    from hypothesis import assume

    from parentinfant.records import SharingAllowed, SharingRecipient

    consent = draw(consents())
    recipient = draw(st.sampled_from(sorted(consent.recipients, key=repr)))  # type: ignore[attr-defined]
    if not isinstance(recipient, SharingRecipient):
        recipient = SharingRecipient(kind=recipient, name=draw(names()))
    last = consent.valid_until or LATEST  # type: ignore[attr-defined]
    day = draw(dates(consent.valid_from, max(consent.valid_from, last)))  # type: ignore[attr-defined]
    information = draw(st.sampled_from(sorted(consent.information, key=repr)))  # type: ignore[attr-defined]
    at = dt.datetime.combine(day, dt.time(10, 0))
    assume(consent.covers(information, recipient, day))  # type: ignore[attr-defined]
    return SharingAllowed(information=information, recipient=recipient, at=at, basis=consent)


@st.composite
def consultation_records(draw: st.DrawFn) -> object:
    """A consultation with another professional, anonymous or about a named family (R-REC-6)."""
    from parentinfant.records import ConsultationRecord, FamilyConsent

    anonymous = draw(st.booleans())
    held_at = draw(datetimes())
    return ConsultationRecord(
        consultant=draw(names()),
        consultee=draw(
            st.builds(
                Referrer, name=names(), role=st.sampled_from(ReferrerRole), organisation=names()
            )
        ),
        held_at=held_at,
        duration=dt.timedelta(minutes=draw(st.sampled_from([15, 30, 60, 90]))),
        anonymous=anonymous,
        family_id=None if anonymous else draw(referral_ids()),
        consent=None
        if anonymous
        else draw(
            st.builds(FamilyConsent, given_by=names(), given_on=dates(max_value=held_at.date()))
        ),
    )


@st.composite
def access_records(draw: st.DrawFn) -> object:
    """A family's record: one child, some adults, entries about them (R-REC-4)."""
    from parentinfant.records import Person, PersonKind, Record, RecordEntry

    adults = draw(
        st.lists(st.sampled_from([PersonKind.PARENT, PersonKind.OTHER_ADULT]), max_size=2)
    )
    people = [Person(person_id="P0", name=draw(names()), kind=PersonKind.CHILD)]
    people += [
        Person(person_id=f"P{i + 1}", name=draw(names()), kind=k) for i, k in enumerate(adults)
    ]
    ids = [p.person_id for p in people]
    entries = [
        RecordEntry(
            entry_id=f"E{i}",
            written=draw(datetimes()),
            author=draw(names()),
            text=draw(names()),
            about=tuple(draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True))),
        )
        for i in range(draw(st.integers(min_value=0, max_value=3)))
    ]
    return Record(people=people, entries=entries)


@st.composite
def k_anonymity_reports(draw: st.DrawFn) -> object:
    """A `KAnonymityReport` whose counts fit together (H-22): classes within rows, and so on."""
    from parentinfant.records import QUASI_IDENTIFIERS, KAnonymityReport

    rows = draw(st.integers(min_value=0, max_value=60))
    classes = draw(st.integers(min_value=0, max_value=rows))
    suppressed = draw(st.integers(min_value=0, max_value=rows))
    return KAnonymityReport(
        k=draw(st.integers(min_value=1, max_value=10)),
        quasi_identifiers=draw(
            st.lists(st.sampled_from(QUASI_IDENTIFIERS[:7]), unique=True, max_size=7).map(tuple)
        ),
        rows=rows,
        classes=classes,
        small_classes=draw(st.integers(min_value=0, max_value=classes)),
        suppressed_rows=suppressed,
        protecting_rows=draw(st.integers(min_value=0, max_value=suppressed)),
        suppressed_cells=draw(st.integers(min_value=0, max_value=400)),
        week_band=draw(st.none() | st.integers(min_value=2, max_value=26)),
    )

"""A team described in a TOML file: its policy, capacity assumptions, practitioners and demand.

This is what ``parentinfant capacity TEAM.toml`` and ``parentinfant forecast
TEAM.toml`` read, and what a notebook loads to plan with. Every problem in
the file is reported at once with its key path; nothing is half-loaded.

The format::

    [team]                       # TeamPolicy: name, nation, closures, vocabulary
    name = "Riverside Parent-Infant Team"
    nation = "england"
    closures = [2026-12-24, 2026-12-31]

    [capacity]                   # CapacityPolicy, every key optional
    day_hours = 7.5
    families_per_day = 4

    [demand]                     # optional: for forecasts
    referrals_per_week = 2.0
    acceptance_rate = 0.8
    mean_episode_weeks = 16
    episode_cv = 0.3

    [episodes]                   # optional: how work runs, for the simulation
    sessions = [6, 12]
    attendance = 0.85

    [maturity]                   # optional: a new team's ramp (R-CL-5)
    started = 2025-04-01

    [waiting]                    # optional: when the families waiting were received
    received = [2026-09-14, 2026-10-02]

    [[practitioners]]
    name = "Priya Shah"
    contracted_hours = 37.5
    working_days = ["mon", "tue", "wed", "thu", "fri"]
    skills = ["parent-infant-psychotherapy"]
    caseload = 3
    sessions_remaining = [2, 6, 9]  # optional: per family held, for forecasts

    [[practitioners.commitments]]
    activity = "consultation"
    hours_per_week = 3

    [[practitioners.groups]]
    intervention = "circle-of-security"
    sessions_per_week = 1

Examples:
    >>> plan = team_from_toml('''
    ... [team]
    ... name = "Riverside PIP"
    ... [[practitioners]]
    ... name = "Ann"
    ... contracted_hours = 22.5
    ... ''')
    >>> plan.team.policy.name, plan.team.practitioners[0].contracted_hours
    ('Riverside PIP', Fraction(45, 2))
    >>> team_from_toml('[[practitioners]]\\nname = "Ann"\\ncontracted_hours = -1\\ncolour = "red"',
    ...                source="team.toml")
    Traceback (most recent call last):
    ...
    parentinfant.errors.InvalidDocument: team.toml: 2 problems
      practitioners[0].colour: is not a practitioner key
      practitioners[0].contracted_hours: contracted_hours must be between 0 and 168 (R-CL-1), got -1
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import os
import tomllib
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, final

import attrs

from parentinfant._capacity import (
    CapacityPolicy,
    Commitment,
    GroupWork,
    Practitioner,
    Team,
)
from parentinfant._planning import Demand, MaturityRamp
from parentinfant.errors import InvalidDocument, InvalidValue, ParentInfantError, Problem
from parentinfant.forecast import Episodes
from parentinfant.interop.files import read_text
from parentinfant.team import TeamPolicy

__all__ = ["TeamFile", "load_team", "sample_team", "team_from_toml"]

T = TypeVar("T")

_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


@final
@attrs.frozen(kw_only=True)
class TeamFile:
    """What a team file holds: the team, and the demand, ramp and waiting list when given.

    Args:
        team: The team.
        demand: Referrals and episode length, for forecasts (``[demand]``).
        maturity: A new team's ramp (``[maturity]``, R-CL-5).
        waiting: The days the families already waiting were received
            (``[waiting] received = [...]``), oldest first.
        sessions_remaining: For practitioners whose table gives
            ``sessions_remaining``, the sessions each family they hold has left.
        episodes: How work with a family runs, for the simulation
            (``[episodes]``: sessions, attendance, dnas_before_discharge,
            extension_probability, extension_sessions, days_to_first_session).

    Examples:
        >>> plan = team_from_toml('[demand]\\nreferrals_per_week = 2\\nmean_episode_weeks = 16')
        >>> plan.demand.arrival_rate, plan.maturity is None
        (2.0, True)
    """

    team: Team
    demand: Demand | None = None
    maturity: MaturityRamp | None = None
    waiting: tuple[dt.date, ...] = ()
    sessions_remaining: Mapping[str, tuple[int, ...]] = attrs.field(factory=dict)
    episodes: Episodes | None = None


def _fields(cls: type[Any]) -> frozenset[str]:
    return frozenset(a.name for a in attrs.fields(cls))


def _build(
    cls: Callable[..., T],
    table: object,
    where: str,
    keys: frozenset[str],
    kind: str,
    problems: list[Problem],
) -> T | None:
    if not isinstance(table, Mapping):
        problems.append(Problem(where, f"must be a table of {kind} settings"))
        return None
    ok = True
    article = "an" if kind[0] in "aeiou" else "a"
    for key in sorted(set(table) - keys):
        problems.append(Problem(f"{where}.{key}", f"is not {article} {kind} key"))
        ok = False
    try:
        built = cls(**{k: v for k, v in table.items() if k in keys})
    except InvalidValue as exc:
        problems.append(Problem(f"{where}.{exc.field}", str(exc)))
        return None
    except ParentInfantError as exc:
        problems.append(Problem(where, str(exc)))
        return None
    except TypeError as exc:
        # A required key is missing (attrs names it in its message).
        missing = str(exc).split("argument", 1)[-1].strip(": '")
        problems.append(Problem(f"{where}.{missing.strip(chr(39))}", "is required"))
        return None
    return built if ok else None


def _weekdays(value: object, where: str, problems: list[Problem]) -> object:
    if not isinstance(value, list):
        return value
    days: list[object] = []
    for item in value:
        if isinstance(item, str):
            if item.lower()[:3] not in _WEEKDAYS:
                problems.append(Problem(where, f"must name weekdays like 'mon', got {item!r}"))
                return None
            days.append(_WEEKDAYS[item.lower()[:3]])
        else:
            days.append(item)
    return days


def _practitioner(
    entry: object, where: str, problems: list[Problem], sessions: dict[str, tuple[int, ...]]
) -> Practitioner | None:
    if not isinstance(entry, Mapping):
        problems.append(Problem(where, "must be a table ([[practitioners]])"))
        return None
    fields = dict(entry)
    before = len(problems)
    commitments = []
    for i, item in enumerate(fields.pop("commitments", [])):
        built = _build(
            Commitment,
            item,
            f"{where}.commitments[{i}]",
            _fields(Commitment),
            "commitment",
            problems,
        )
        if built is not None:
            commitments.append(built)
    groups = []
    for i, item in enumerate(fields.pop("groups", [])):
        built_group = _build(
            GroupWork, item, f"{where}.groups[{i}]", _fields(GroupWork), "group", problems
        )
        if built_group is not None:
            groups.append(built_group)
    if "working_days" in fields:
        days = _weekdays(fields["working_days"], f"{where}.working_days", problems)
        if days is None:
            del fields["working_days"]
        else:
            fields["working_days"] = days
    remaining = fields.pop("sessions_remaining", None)
    if remaining is not None:
        if not isinstance(remaining, list) or not all(
            isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in remaining
        ):
            problems.append(
                Problem(
                    f"{where}.sessions_remaining",
                    f"must list whole numbers of sessions, each at least 1, got {remaining!r}",
                )
            )
        elif len(remaining) != fields.get("caseload", 0):
            problems.append(
                Problem(
                    f"{where}.sessions_remaining",
                    f"must list one entry per family held (caseload "
                    f"{fields.get('caseload', 0)!r}), got {len(remaining)}",
                )
            )
        else:
            sessions[str(fields.get("name"))] = tuple(remaining)
    keys = _fields(Practitioner) - {"commitments", "groups"}
    person = _build(
        lambda **kw: Practitioner(commitments=commitments, groups=groups, **kw),
        fields,
        where,
        keys,
        "practitioner",
        problems,
    )
    return person if len(problems) == before else None


def team_from_toml(text: str, *, source: str = "team") -> TeamFile:
    """Read a team file from TOML text, reporting every problem at once.

    Raises:
        InvalidDocument: Listing every problem with its key path.

    Examples:
        >>> team_from_toml("[team]\\nnation = 'narnia'", source="t.toml")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidDocument: t.toml: 1 problem
          team.nation: nation must be one of 'england', 'wales', 'scotland', 'northern-ireland' (R-SC-5), got 'narnia'
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidDocument(
            source, [Problem("(document)", f"is not valid TOML: {exc}")]
        ) from None
    problems: list[Problem] = []
    known = {"team", "capacity", "demand", "episodes", "maturity", "waiting", "practitioners"}
    for key in sorted(set(document) - known):
        problems.append(Problem(key, "is not a team file key"))
    policy = _build(
        TeamPolicy, document.get("team", {}), "team", _fields(TeamPolicy), "team", problems
    )
    capacity = _build(
        CapacityPolicy,
        document.get("capacity", {}),
        "capacity",
        _fields(CapacityPolicy),
        "capacity",
        problems,
    )
    demand = None
    if "demand" in document:
        demand = _build(Demand, document["demand"], "demand", _fields(Demand), "demand", problems)
    episodes = None
    if "episodes" in document:
        table = document["episodes"]
        if isinstance(table, Mapping) and isinstance(table.get("sessions"), list):
            table = {**table, "sessions": tuple(table["sessions"])}
        episodes = _build(Episodes, table, "episodes", _fields(Episodes), "episodes", problems)
    maturity = None
    if "maturity" in document:
        maturity = _build(
            MaturityRamp,
            document["maturity"],
            "maturity",
            _fields(MaturityRamp),
            "maturity",
            problems,
        )
    waiting: tuple[dt.date, ...] = ()
    if "waiting" in document:
        table = document["waiting"]
        if not isinstance(table, Mapping):
            problems.append(Problem("waiting", "must be a table with only 'received = [dates]'"))
        else:
            for key in sorted(set(table) - {"received"}):
                problems.append(Problem(f"waiting.{key}", "is not a waiting key"))
            days = table.get("received", [])
            if not isinstance(days, list):
                problems.append(Problem("waiting.received", "must be a list of dates"))
                days = []
            for i, day in enumerate(days):
                if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
                    problems.append(
                        Problem(f"waiting.received[{i}]", f"must be a date, got {day!r}")
                    )
            waiting = tuple(sorted(d for d in days if type(d) is dt.date))
    entries = document.get("practitioners", [])
    people: list[Practitioner] = []
    if not isinstance(entries, list):
        problems.append(Problem("practitioners", "must be an array of tables ([[practitioners]])"))
        entries = []
    seen: dict[str, int] = {}
    sessions: dict[str, tuple[int, ...]] = {}
    for index, entry in enumerate(entries):
        person = _practitioner(entry, f"practitioners[{index}]", problems, sessions)
        if person is None:
            continue
        if person.name in seen:
            problems.append(
                Problem(
                    f"practitioners[{index}].name",
                    f"must be unique; also practitioners[{seen[person.name]}], got {person.name!r}",
                )
            )
            continue
        seen[person.name] = index
        people.append(person)
    if problems:
        raise InvalidDocument(source, problems)
    assert policy is not None
    assert capacity is not None
    team = Team(policy=policy, capacity=capacity, practitioners=people)
    return TeamFile(
        team=team,
        demand=demand,
        maturity=maturity,
        waiting=waiting,
        sessions_remaining=sessions,
        episodes=episodes,
    )


def load_team(path: str | os.PathLike[str]) -> TeamFile:
    """Load a team file (see the module docs for its format).

    Raises:
        InvalidDocument: When the file cannot be read or decoded, or has
            problems; each is listed with its key path.

    Examples:
        >>> load_team("/no/such/team.toml")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidDocument: /no/such/team.toml: 1 problem
          (file): cannot be read: No such file or directory
    """
    name, text = read_text(path)
    return team_from_toml(text, source=name)


def sample_team() -> TeamFile:
    """The fictional sample team that ships with the package (the CLI's default).

    Examples:
        >>> plan = sample_team()
        >>> plan.team.policy.name
        'Riverside Parent-Infant Relationship Team (fictional)'
        >>> plan.demand is not None
        True
    """
    text = (
        importlib.resources.files("parentinfant")
        .joinpath("data", "team.toml")
        .read_text(encoding="utf-8")
    )
    return team_from_toml(text, source="parentinfant/data/team.toml")

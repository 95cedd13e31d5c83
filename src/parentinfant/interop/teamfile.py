"""A team described in a TOML file: its policy, capacity assumptions, practitioners and demand.

This is what ``parentinfant capacity TEAM.toml`` and ``parentinfant forecast
TEAM.toml`` read, and what a notebook loads to plan with. Every problem in
the file is reported at once with its key path; nothing is half-loaded.

A setting the file leaves out takes the library's default. Some of those
defaults are placeholders that nothing in practice fixes (see "Defaults and
safe behaviour"); `TeamFile.placeholders` lists each one the file leaves to
the library, at the key that sets it, so a team cannot take them for its own
agreed policy without noticing (hazard H-28). `PLACEHOLDER_SETTINGS` lists
them all.

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
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
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
from parentinfant._validate import is_bool, non_empty_text
from parentinfant.errors import InvalidDocument, InvalidValue, ParentInfantError, Problem
from parentinfant.forecast import Episodes
from parentinfant.interop.files import read_text
from parentinfant.team import TeamPolicy

__all__ = [
    "PLACEHOLDER_SETTINGS",
    "PlaceholderSetting",
    "TeamFile",
    "load_team",
    "sample_team",
    "team_from_toml",
]

T = TypeVar("T")

_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


_KEY = re.compile(r"[a-z_]+(\[(\*|0|[1-9][0-9]*)\])?\.[a-z_]+")
_RULE = re.compile(r"R-[A-Z]+-[0-9]+")


def _check_key(_instance: object, _attribute: object, value: Any) -> None:
    if not isinstance(value, str) or not _KEY.fullmatch(value):
        raise InvalidValue("key", "must be a team-file location like 'team.nation'", value)


def _check_rule(_instance: object, _attribute: object, value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not _RULE.fullmatch(value)):
        raise InvalidValue("rule", "must be a DOMAIN.md rule id like 'R-CL-1', or None", value)


def _to_placeholders(value: Iterable[PlaceholderSetting]) -> tuple[PlaceholderSetting, ...]:
    if not isinstance(value, Iterable) or isinstance(value, str | bytes):
        raise InvalidValue("placeholders", "must hold PlaceholderSetting values", value)
    settings = tuple(value)
    for setting in settings:
        if not isinstance(setting, PlaceholderSetting):
            raise InvalidValue("placeholders", "must hold PlaceholderSetting values", setting)
    return settings


@final
@attrs.frozen(kw_only=True)
class PlaceholderSetting:
    """A team-file setting whose library default is a placeholder: set your own.

    Nothing in practice fixes these figures; the library has to start
    somewhere (the rows marked "Placeholder" in "Defaults and safe behaviour").

    Args:
        key: Where a team file sets it, as ``table.key``: exactly what a team
            writes in TOML (``capacity.new_facilitator_multiplier`` is
            ``new_facilitator_multiplier = ...`` under ``[capacity]``). A
            practitioner's setting is ``practitioners[*].working_days`` in
            `PLACEHOLDER_SETTINGS`, and names the entry in
            `TeamFile.placeholders` (``practitioners[2].working_days``, the
            third ``[[practitioners]]``).
        rule: The DOMAIN.md rule the setting belongs to; ``None`` for the team
            name, which no rule covers.
        setting: What the setting is, in words.
        only_with_table: Listed only when the file has the table: without it
            the library does not use the setting at all (no ``[maturity]``
            means no ramp; no ``[demand]``, no closed-form forecast).

    Raises:
        InvalidValue: When the key is not a ``table.key`` location, or the
            rule not a DOMAIN.md rule id.

    Examples:
        >>> PLACEHOLDER_SETTINGS[1]
        PlaceholderSetting(key='team.nation', rule='R-SC-5', setting='UK nation for bank holidays', only_with_table=False)
        >>> PlaceholderSetting(key="nation", rule="R-SC-5", setting="UK nation")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidValue: key must be a team-file location like 'team.nation', got 'nation'
    """

    key: str = attrs.field(validator=_check_key)
    rule: str | None = attrs.field(validator=_check_rule)
    setting: str = attrs.field(validator=non_empty_text(InvalidValue, None))
    only_with_table: bool = attrs.field(default=False, validator=is_bool(InvalidValue, None))

    @property
    def table(self) -> str:
        """The TOML table the key goes in.

        Examples:
            >>> PLACEHOLDER_SETTINGS[-1].table, PLACEHOLDER_SETTINGS[-1].name
            ('practitioners', 'working_days')
        """
        return self.key.partition(".")[0].partition("[")[0]

    @property
    def name(self) -> str:
        """The key within its table.

        Examples:
            >>> PLACEHOLDER_SETTINGS[0].name
            'name'
        """
        return self.key.rpartition(".")[2]


PLACEHOLDER_SETTINGS: tuple[PlaceholderSetting, ...] = (
    PlaceholderSetting(key="team.name", rule=None, setting="Team name"),
    PlaceholderSetting(key="team.nation", rule="R-SC-5", setting="UK nation for bank holidays"),
    PlaceholderSetting(key="team.closures", rule="R-SC-5", setting="Team closure days"),
    PlaceholderSetting(
        key="team.triage_working_days",
        rule="R-PR-3",
        setting="Working days to triage (triage strategy)",
    ),
    PlaceholderSetting(
        key="capacity.sessions_per_family_per_week",
        rule="R-CL-1",
        setting="Sessions per family per week",
    ),
    PlaceholderSetting(
        key="capacity.new_facilitator_multiplier",
        rule="R-CL-2",
        setting="Multiplier for a facilitator new to the intervention",
    ),
    PlaceholderSetting(
        key="demand.acceptance_rate", rule="R-CL-6", setting="Share of referrals accepted"
    ),
    PlaceholderSetting(
        key="demand.episode_cv",
        rule="R-CL-6",
        setting="Spread of episode lengths (coefficient of variation)",
        only_with_table=True,
    ),
    PlaceholderSetting(key="episodes.sessions", rule="R-EN-2", setting="Sessions in an episode"),
    PlaceholderSetting(
        key="episodes.attendance", rule="R-EN-2", setting="Chance a family attends a session"
    ),
    PlaceholderSetting(
        key="episodes.dnas_before_discharge",
        rule="R-EN-2",
        setting="Missed sessions before discharge (model only)",
    ),
    PlaceholderSetting(
        key="episodes.extension_probability", rule="R-EN-2", setting="Chance of an extension"
    ),
    PlaceholderSetting(
        key="episodes.extension_sessions", rule="R-EN-2", setting="Sessions in an extension"
    ),
    PlaceholderSetting(
        key="episodes.days_to_first_session",
        rule="R-AL-2",
        setting="Days from allocation to the first session",
    ),
    PlaceholderSetting(
        key="maturity.start_share",
        rule="R-CL-5",
        setting="New team's starting share of full output",
        only_with_table=True,
    ),
    PlaceholderSetting(
        key="practitioners[*].working_days", rule="R-CL-1", setting="Practitioner's working days"
    ),
)
"""Every team-file setting whose default is a placeholder, with its rule (H-28).

These are the rows of "Defaults and safe behaviour" whose source is
"Placeholder" and that a team file can set. A file that leaves one out takes
the library's placeholder, and `TeamFile.placeholders` says so.

Examples:
    >>> [(s.key, s.rule) for s in PLACEHOLDER_SETTINGS][3:6]
    [('team.triage_working_days', 'R-PR-3'), ('capacity.sessions_per_family_per_week', 'R-CL-1'), ('capacity.new_facilitator_multiplier', 'R-CL-2')]
"""


def _placeholders(document: Mapping[str, Any]) -> tuple[PlaceholderSetting, ...]:
    """The placeholder settings a valid team file leaves to the library, in `PLACEHOLDER_SETTINGS` order."""
    found: list[PlaceholderSetting] = []
    for setting in PLACEHOLDER_SETTINGS:
        if setting.table == "practitioners":
            for index, entry in enumerate(document.get("practitioners", [])):
                if setting.name not in entry:
                    found.append(
                        attrs.evolve(
                            setting,
                            key=f"practitioners[{index}].{setting.name}",
                            setting=f"{setting.setting} ({entry['name']})",
                        )
                    )
        elif setting.table not in document:
            if not setting.only_with_table:
                found.append(setting)
        elif setting.name not in document[setting.table]:
            found.append(setting)
    return tuple(found)


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
        placeholders: The placeholder settings (`PLACEHOLDER_SETTINGS`) the
            file does not set, so takes from the library, each at the key that
            sets it (H-28). Empty for a team built in Python.

    Examples:
        >>> plan = team_from_toml('[demand]\\nreferrals_per_week = 2\\nmean_episode_weeks = 16')
        >>> plan.demand.arrival_rate, plan.maturity is None
        (2.0, True)
        >>> [p.key for p in plan.placeholders][:4]
        ['team.name', 'team.nation', 'team.closures', 'team.triage_working_days']
    """

    team: Team
    demand: Demand | None = None
    maturity: MaturityRamp | None = None
    waiting: tuple[dt.date, ...] = ()
    sessions_remaining: Mapping[str, tuple[int, ...]] = attrs.field(factory=dict)
    episodes: Episodes | None = None
    placeholders: tuple[PlaceholderSetting, ...] = attrs.field(
        default=(), converter=_to_placeholders
    )


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


def _array(value: object, where: str, problems: list[Problem]) -> list[object]:
    """``value`` when it is an array; otherwise nothing, and the problem reported."""
    if isinstance(value, list):
        return value
    problems.append(Problem(where, f"must be an array of tables, got {value!r}"))
    return []


def _practitioner(
    entry: object, where: str, problems: list[Problem], sessions: dict[str, tuple[int, ...]]
) -> Practitioner | None:
    if not isinstance(entry, Mapping):
        problems.append(Problem(where, "must be a table ([[practitioners]])"))
        return None
    fields = dict(entry)
    before = len(problems)
    commitments = []
    for i, item in enumerate(
        _array(fields.pop("commitments", []), f"{where}.commitments", problems)
    ):
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
    for i, item in enumerate(_array(fields.pop("groups", []), f"{where}.groups", problems)):
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
        placeholders=_placeholders(document),
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

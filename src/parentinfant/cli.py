"""The ``parentinfant`` command line: ``parentinfant demo`` on the shipped sample data.

Examples:
    >>> main(["demo", "--json"]) == 0   # doctest: +ELLIPSIS
    {...}
    True
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys
import textwrap
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import attrs

from parentinfant._demo_plans import capacity_data as demo_capacity_data
from parentinfant._demo_plans import capacity_lines, forecast_result, next_family_lines
from parentinfant._demo_records import (
    access_data,
    access_lines,
    anonymised_data,
    anonymised_lines,
)
from parentinfant._export import (
    DEFAULT_SAMPLE_CASE,
    export_text,
    read_case_file,
    sample_case,
)
from parentinfant._referral import Referral
from parentinfant._report import (
    capacity_data,
    capacity_text,
    financial_year_of,
    forecast_model,
    forecast_text,
    table,
)
from parentinfant.errors import InvalidDocument, InvalidForecast, ParentInfantError, Problem
from parentinfant.forecast import simulate
from parentinfant.interop.files import load_catalogue
from parentinfant.interop.json import dumps, unstructure
from parentinfant.interop.sample import Sample, build_case, decide, load_sample
from parentinfant.interop.sheets import (
    COLUMNS,
    REQUIRED_COLUMNS,
    SheetResult,
    load_sheet,
    sample_sheet,
    template,
)
from parentinfant.interop.teamfile import TeamFile, load_team, sample_team
from parentinfant.lifecycle import (
    TRANSITIONS,
    Allocate,
    BookAppointment,
    Case,
    CaseState,
    Close,
    DeclineCase,
    Event,
    LogCommunication,
    Reallocate,
    RecordAttendance,
    RecordContactAttempt,
    RequestInformation,
    Withdraw,
    mermaid_diagram,
)
from parentinfant.prioritisation import (
    Chronological,
    RiskWeighted,
    Strategy,
    Triage,
    UntriagedEntry,
    WaitingEntry,
    WaitingList,
)
from parentinfant.screening import (
    Accept,
    Decline,
    Destination,
    MoreInformationNeeded,
    Recipient,
    ScreeningDecision,
    notifications,
    screen,
)
from parentinfant.team import TeamPolicy, Vocabulary
from parentinfant.workdays import Nation

__all__ = ["main"]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date like 2026-11-30, got {text!r}") from None


def _forecast(args: argparse.Namespace) -> int:
    try:
        plan = _team_file(args.team_file)
        today = args.today or dt.date.today()
        strategy = RiskWeighted() if args.strategy == "risk" else Chronological()
        model = forecast_model(
            plan, today=today, referrals_per_month=args.referrals_per_month, strategy=strategy
        )
        if not 1 <= args.months <= 600:
            raise InvalidForecast("months", "must be from 1 to 600", args.months, rule="R-CL-6")
        weeks = max(1, round(args.months * 52 / 12))
        if dt.date.max.toordinal() - today.toordinal() < 7 * weeks:
            raise InvalidForecast(
                "today",
                f"must leave the {weeks} weeks forecast before {dt.date.max.isoformat()}",
                today.isoformat(),
                rule="R-CL-6",
            )
        show = sys.stderr.isatty() and not args.json
        result = simulate(
            model,
            weeks=weeks,
            replications=args.replications,
            seed=args.seed,
            progress=_progress if show else None,
        )
        if show:
            print(file=sys.stderr)
        if args.plot:
            from parentinfant.interop.frames import plot_waiting_list  # optional extra

            figure = plot_waiting_list(result, title=plan.team.policy.name).figure
            try:
                figure.savefig(args.plot)
            except OSError as exc:
                print(
                    f"parentinfant forecast: --plot {args.plot}: cannot be written: "
                    f"{exc.strerror or exc}",
                    file=sys.stderr,
                )
                return 2
            finally:
                importlib.import_module("matplotlib.pyplot").close(figure)
    except ImportError as exc:
        print(
            f"parentinfant forecast: --plot needs matplotlib: pip install 'parentinfant[notebook]' "
            f"({exc})",
            file=sys.stderr,
        )
        return 2
    except ParentInfantError as exc:
        print(f"parentinfant forecast: {exc}", file=sys.stderr)
        return 2
    note = _placeholder_note("forecast", plan, sample=args.team_file is None)
    if note is not None:
        print(note, file=sys.stderr)
    if args.json:
        print(
            dumps(
                {
                    "team": plan.team.policy.name,
                    "start": result.start.isoformat(),
                    "weeks": result.weeks,
                    "replications": result.replications,
                    "seed": result.seed,
                    "places": result.places,
                    "measures": result.rows(),
                    "series": [
                        {**row, "date": row["date"].isoformat()} for row in result.series()
                    ],
                    "counts": unstructure(result.counts),
                    "placeholders": _placeholder_data(plan, sample=args.team_file is None),
                }
            )
        )
    else:
        print(forecast_text(model, result, name=plan.team.policy.name))
    return 0


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    print(
        f"\rreplications [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
        end="",
        file=sys.stderr,
        flush=True,
    )


def _team_file(path: str | None) -> TeamFile:
    return sample_team() if path is None else load_team(path)


_DEFAULTS_PAGE = '"Defaults and safe behaviour" in the docs'


def _placeholder_note(command: str, plan: TeamFile, *, sample: bool) -> str | None:
    """The note on stderr naming the placeholder settings left to the library (H-28)."""
    keys = ", ".join(p.key for p in plan.placeholders)
    count = len(plan.placeholders)
    settings = f"{count} placeholder setting{'s' if count != 1 else ''}"
    if sample:
        text = (
            "note: no team file given, so this is the fictional sample team: its figures "
            "are invented"
            + (f", and it leaves {settings} to the library ({keys})" if keys else "")
            + f". Give your own team file; see {_DEFAULTS_PAGE}."
        )
    elif keys:
        text = (
            f"note: the team file leaves {settings} to the library, not to your "
            f"team's agreed policy: {keys}. Set your own; see {_DEFAULTS_PAGE}."
        )
    else:
        return None
    return "\n".join(
        textwrap.wrap(
            f"parentinfant {command}: {text}",
            80,
            subsequent_indent="  ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    )


def _placeholder_data(plan: TeamFile, *, sample: bool) -> dict[str, Any]:
    """The ``"placeholders"`` entry of ``--json`` output (H-28)."""
    return {
        "fictional_sample": sample,
        "not_set": [
            {"key": p.key, "rule": p.rule, "setting": p.setting} for p in plan.placeholders
        ],
        "see": "Defaults and safe behaviour",
    }


def _route_name(kind: str, vocabulary: Vocabulary) -> str:
    return {
        "self": vocabulary.self_referral,
        "professional": "professional",
        "consultation": "consultation",
    }[kind]


def _recipient(recipient: Recipient, vocabulary: Vocabulary) -> str:
    if recipient is Recipient.REFERRER:
        return vocabulary.referrer
    return str(recipient.value).replace("-", " ")


def _support_text(entry: WaitingEntry | UntriagedEntry) -> str:
    if entry.support_flagged:
        return "ENDED/REDUCED: " + ", ".join(s.name for s in entry.support_flagged)
    return "ok" if entry.supported_by else "none recorded"


def _strategies(sample: Sample) -> list[tuple[str, Strategy]]:
    return [
        ("chronological (R-PR-1)", Chronological()),
        (
            "risk-weighted, ageing 1/2 per week (R-PR-2, R-PR-4)",
            RiskWeighted(ageing_per_week=Fraction(1, 2)),
        ),
        ("triage (R-PR-3)", Triage(policy=sample.team)),
    ]


def _demo(as_json: bool, vocabulary: Vocabulary) -> int:
    sample = load_sample()
    team = attrs.evolve(sample.team, vocabulary=vocabulary)
    v = vocabulary
    screened = []
    waiting = []
    timelines: list[Case] = []
    cases: list[tuple[Referral, Case]] = []
    for entry in sample.referrals:
        decision = decide(entry, team)
        plan = notifications(entry.referral, decision, vocabulary=v)
        screened.append((entry.referral, decision, plan))
        case = build_case(entry, team)
        cases.append((entry.referral, case))
        if case.state is CaseState.WAITING:  # accepted and not yet allocated or withdrawn
            waiting.append(entry.referral)
        if entry.steps:
            timelines.append(case)
    lists: list[tuple[str, WaitingList]] = [
        (label, strategy.rank(waiting, today=sample.today, vocabulary=v))
        for label, strategy in _strategies(sample)
    ]
    team_file = sample_team()
    forecast = forecast_result(team_file, sample.today, waiting)
    if as_json:
        data = _as_data(sample, team, screened, lists, timelines)
        data["capacity"] = demo_capacity_data(team_file, forecast)
        couple = next(e.referral for e in sample.referrals if len(e.referral.family.parents) > 1)
        data["records"] = {
            "referral_id": couple.id,
            "access": access_data(couple),
            "anonymised": anonymised_data(cases),
        }
        print(dumps(data))
        return 0
    out = [
        f"{team.name}: {len(sample.referrals)} {v.referral}s, today {sample.today.isoformat()}",
        f"({sample.about})",
        "",
        f"Screening decisions (due {team.decision_working_days} working days after receipt, "
        f"{team.nation.value} bank holidays and team closures excluded; R-SC-5)",
        "",
    ]
    rows = []
    for referral, decision, plan in screened:
        match decision:
            case Accept():
                what = (
                    "accept: waiting list"
                    if decision.destination is Destination.WAITING_LIST
                    else f"accept: to {decision.practitioner}"
                )
                why = (
                    "; ".join(decision.eligibility.reasons)
                    if decision.eligibility
                    else "clinical decision"
                )
            case Decline():
                what = f"decline: {decision.reason.value}"
                why = decision.explanation + (
                    f" Suggested: {decision.alternative_service}."
                    if decision.alternative_service
                    else ""
                )
            case MoreInformationNeeded():  # pragma: no branch - a decision is one of the three
                what = "more information"
                why = "needs " + "; ".join(item.phrase(v) for item in decision.missing)
        if decision.late:
            why += f" [late: {decision.delay_reason}]"
        tell = ", ".join(_recipient(n.recipient, v) for n in plan.send)
        if plan.withheld:
            withheld = ", ".join(_recipient(w.recipient, v) for w in plan.withheld)
            tell += f" (withheld: {withheld})"
        rows.append(
            [
                referral.id,
                _route_name(referral.route.kind.value, v),
                referral.received.isoformat(),
                decision.due.isoformat(),
                decision.decided_on.isoformat(),
                what,
                tell,
                why,
            ]
        )
    out.append(
        table(
            [
                v.capitalised("referral"),
                "Route",
                "Received",
                "Due",
                "Decided",
                "Decision",
                "Tell (R-SC-6)",
                "Why",
            ],
            rows,
        )
    )
    for label, ranked in lists:
        out += [
            "",
            f"Waiting list: {label} - {len(ranked)} ranked"
            + (f", {len(ranked.untriaged)} not yet triaged" if ranked.untriaged else ""),
            "",
        ]
        rows = [
            [
                str(e.position),
                e.referral.id,
                e.referral.received.isoformat(),
                str(e.waited.days),
                _support_text(e),
                e.explanation,
            ]
            for e in ranked
        ]
        out.append(
            table(
                ["#", v.capitalised("referral"), "Received", "Days", "Support (R-WL-1)", "Why"],
                rows,
            )
        )
        for u in ranked.untriaged:
            out.append(f"   -  {u.referral.id}  {u.explanation}; support: {_support_text(u)}")
        out.extend(f"   note: {note}" for note in ranked.notes)
    out += ["", f"Timelines: {len(timelines)} families after screening (DOMAIN.md section 11)"]
    for case in timelines:
        out += [
            "",
            f"{case.id}: now {case.state.value}"
            + (f" ({case.closure.reason.label})" if case.closure else ""),
        ]
        out.extend(f"  {_event_line(event)}" for event in case.events)
    out += ["", "Planning for the family at the top of the chronological list", ""]
    out += next_family_lines(
        lists[0][1], team_file, today=sample.today, calendar=sample.team.calendar
    )
    out += ["", *capacity_lines(team_file, forecast, sample.today)]
    couple = next(e.referral for e in sample.referrals if len(e.referral.family.parents) > 1)
    out += ["", *access_lines(couple)]
    out += ["", *anonymised_lines(cases)]
    print("\n".join(out))
    return 0


def _template(output: str | None, force: bool) -> int:
    text = template()
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        # A byte-order mark, so Excel reads accented names as UTF-8.
        with open(output, "w" if force else "x", encoding="utf-8-sig", newline="") as handle:
            handle.write(text)
    except FileExistsError:
        print(
            f"parentinfant referral-template: {output} already exists; give --force to replace it",
            file=sys.stderr,
        )
        return 2
    except (OSError, ValueError) as exc:  # ValueError: a NUL or lone surrogate in the name
        reason = getattr(exc, "strerror", None) or exc
        print(
            f"parentinfant referral-template: {output}: cannot be written: {reason}",
            file=sys.stderr,
        )
        return 2
    return 0


_SHEET_STRATEGIES = ("chronological", "risk", "triage")


def _decision_text(decision: ScreeningDecision, vocabulary: Vocabulary) -> tuple[str, str]:
    match decision:
        case Accept():
            what = "accept"
            why = (
                "; ".join(decision.eligibility.reasons)
                if decision.eligibility
                else "clinical decision"
            )
        case Decline():
            what = f"decline: {decision.reason.value}"
            why = decision.explanation
        case MoreInformationNeeded():  # pragma: no branch - a decision is one of the three
            what = "more information"
            why = "needs " + "; ".join(item.phrase(vocabulary) for item in decision.missing)
    return (what + (", late" if decision.late else "")), why


def _wrapped(headers: list[str], rows: list[tuple[list[str], str]]) -> list[str]:
    """A table whose last cell of each row is wrapped below it, within 80 columns."""
    lines = table(headers, [cells for cells, _ in rows]).splitlines()
    out = lines[:2]
    for line, (_, note) in zip(lines[2:], rows, strict=True):
        out.append(line)
        out.extend(textwrap.wrap(note, 80, initial_indent="    ", subsequent_indent="    "))
    return out


def _short(text: str, width: int = 24) -> str:
    return text if len(text) <= width else text[: width - 1] + "~"


def _screen(args: argparse.Namespace) -> int:
    name = "parentinfant screen"
    try:
        catalogue = load_catalogue(args.catalogue) if args.catalogue else None
        if args.file is None:
            sample = load_sample()
            result: SheetResult = sample_sheet()
            source = "the fictional sample (parentinfant/data/referrals.csv)"
            policy = sample.team
            today = args.today or sample.today
        else:
            result = (
                load_sheet(args.file, catalogue=catalogue) if catalogue else load_sheet(args.file)
            )
            source = args.file
            policy = TeamPolicy()
            today = args.today or dt.date.today()
        if args.nation:
            policy = attrs.evolve(policy, nation=args.nation)
    except InvalidDocument as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return 2
    problems = list(result.problems)
    screened: list[tuple[Referral, ScreeningDecision]] = []
    for referral, row in zip(result.referrals, result.row_numbers, strict=True):
        if referral.received > today:
            problems.append(
                Problem(
                    f"row {row}, column received",
                    f"is after the day of screening ({today.isoformat()}): not screened",
                )
            )
            continue
        decision = screen(
            referral,
            on=today,
            policy=policy,
            delay_reason="proposed by `parentinfant screen` after the decision was due",
        )
        screened.append((referral, decision))
    if problems:
        used = len(screened)
        print(
            f"{name}: {source}: {len(problems)} problem{'s' if len(problems) != 1 else ''}; "
            f"{used} of {result.rows} row{'s' if result.rows != 1 else ''} used",
            file=sys.stderr,
        )
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
    if not screened:
        print(
            f"{name}: no row could be used"
            + ("" if result.rows else " (the sheet has no referral rows)"),
            file=sys.stderr,
        )
        return 1
    strategies: dict[str, Strategy] = {
        "chronological": Chronological(),
        "risk": RiskWeighted(),
        "triage": Triage(policy=policy),
    }
    strategy = strategies[args.strategy]
    accepted = [r for r, d in screened if isinstance(d, Accept)]
    try:
        ranked = strategy.rank(accepted, today=today, vocabulary=policy.vocabulary)
    except ParentInfantError as exc:  # pragma: no cover - ids are unique, days checked
        print(f"{name}: {exc}", file=sys.stderr)
        return 2
    v = policy.vocabulary
    if args.json:
        print(
            dumps(
                {
                    "source": source,
                    "today": today.isoformat(),
                    "nation": policy.nation.value,
                    "strategy": args.strategy,
                    "rows": result.rows,
                    "problems": [{"location": p.location, "message": p.message} for p in problems],
                    "screening": [
                        {
                            "referral_id": r.id,
                            "received": r.received.isoformat(),
                            "due": d.due.isoformat(),
                            "decision": unstructure(d),
                            "late": d.late,
                            "notifications": unstructure(notifications(r, d, vocabulary=v)),
                        }
                        for r, d in screened
                    ],
                    "waiting_list": unstructure(ranked),
                }
            )
        )
        return 0
    out = [
        f"Screening {len(screened)} {v.referral}{'s' if len(screened) != 1 else ''} "
        f"on {today.isoformat()} from",
        f"  {source}",
        f"Decisions are due {policy.decision_working_days} working days after receipt",
        f"({policy.nation.value} bank holidays and team closures excluded; R-SC-5).",
        "",
    ]
    rows: list[tuple[list[str], str]] = []
    for referral, decision in screened:
        what, why = _decision_text(decision, v)
        plan = notifications(referral, decision, vocabulary=v)
        tell = ", ".join(_recipient(n.recipient, v) for n in plan.send) or "nobody"
        rows.append(
            (
                [
                    _short(referral.id),
                    referral.received.isoformat(),
                    decision.due.isoformat(),
                    what,
                ],
                f"{why.rstrip('.')}; tell: {tell}",
            )
        )
    out += _wrapped([v.capitalised("referral"), "Received", "Due", "Decision"], rows)
    out += [
        "",
        f"Waiting list ({args.strategy}): {len(ranked)} ranked"
        + (f", {len(ranked.untriaged)} not yet triaged" if ranked.untriaged else ""),
        "",
    ]
    out += _wrapped(
        ["#", v.capitalised("referral"), "Received", "Days"],
        [
            (
                [
                    str(e.position),
                    _short(e.referral.id),
                    e.referral.received.isoformat(),
                    str(e.waited.days),
                ],
                f"{e.explanation}; support: {_support_text(e)}",
            )
            for e in ranked
        ],
    )
    for u in ranked.untriaged:
        out += textwrap.wrap(
            f"-  {u.referral.id}: {u.explanation}; support: {_support_text(u)}",
            80,
            subsequent_indent="   ",
        )
    for note in ranked.notes:
        out += textwrap.wrap(f"note: {note}", 80, subsequent_indent="  ")
    print("\n".join(out))
    return 0


def _event_line(event: Event) -> str:
    command = event.command
    detail = ""
    match command:
        case Allocate() | Reallocate():
            detail = f"{command.practitioner} ({command.basis.value})" + (
                f", keyworker {command.keyworker}" if command.keyworker else ""
            )
        case RecordContactAttempt():
            detail = f"{command.channel.value}, {command.outcome.value}: {command.summary}"
        case LogCommunication():
            detail = f"{command.channel.value}, {command.direction.value}: {command.summary}"
        case Close() | Withdraw():
            detail = command.reason.value + (f": {command.note}" if command.note else "")
        case DeclineCase():
            detail = f"{command.reason.value}: {command.explanation}"
        case RequestInformation():
            detail = ", ".join(item.value for item in command.missing)
        case BookAppointment():
            a = command.appointment
            detail = (
                f"{a.session_type.value}, {a.mode.value}, {a.start:%Y-%m-%d %H:%M} "
                f"with {a.practitioner}"
            )
        case RecordAttendance():
            detail = (
                f"{command.start:%Y-%m-%d %H:%M}: {command.attendance.value} "
                f"(MHSDS {command.attendance.mhsds_code})"
                + (f", {', '.join(command.attended_by)}" if command.attended_by else "")
            )
        case _:
            detail = getattr(command, "note", "")
    when = event.at.strftime("%Y-%m-%d %H:%M")
    text = f"{when}  {command.name:<22} -> {event.to_state.value:<20}"
    return f"{text} {detail}".rstrip()


def _as_data(
    sample: Sample,
    team: Any,
    screened: list[Any],
    lists: list[tuple[str, WaitingList]],
    timelines: list[Case],
) -> dict[str, Any]:
    return {
        "team": unstructure(team),
        "today": sample.today.isoformat(),
        "screening": [
            {
                "referral_id": referral.id,
                "route": referral.route.kind.value,
                "received": referral.received.isoformat(),
                "decision": unstructure(decision),
                "late": decision.late,
                "notifications": unstructure(plan),
            }
            for referral, decision, plan in screened
        ],
        "waiting_lists": [{"label": label, **unstructure(ranked)} for label, ranked in lists],
        "timelines": [unstructure(case) for case in timelines],
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` if omitted.

    Examples:
        >>> main(["demo"])   # doctest: +ELLIPSIS
        Riverside Parent-Infant Relationship Team (fictional): 34 referrals, today 2026-11-27
        ...
        0
    """
    parser = argparse.ArgumentParser(
        prog="parentinfant",
        description="Referrals, screening and waiting lists for parent-infant relationship teams.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo", help="screen the fictional sample referrals and rank the waiting list"
    )
    demo.add_argument("--json", action="store_true", help="print the results as JSON")
    demo.add_argument(
        "--vocabulary",
        choices=[v.value for v in Vocabulary],
        default=Vocabulary.REFERRAL.value,
        help="say 'referral' or 'registration' in text shown to people (R-IN-2)",
    )
    diagram = commands.add_parser(
        "diagram", help="print the case lifecycle as a Mermaid state diagram"
    )
    diagram.add_argument(
        "--compact", action="store_true", help="leave out withdraw edges and self-loops"
    )
    diagram.add_argument(
        "--json", action="store_true", help="print the transition table as JSON instead"
    )
    capacity = commands.add_parser(
        "capacity",
        help="a team's capacity: each practitioner, the team, the financial year, a forecast",
    )
    capacity.add_argument(
        "team_file", nargs="?", help="the team's TOML file (default: the fictional sample team)"
    )
    capacity.add_argument(
        "--year", type=int, help="financial year by its starting year (default: this one)"
    )
    capacity.add_argument(
        "--today", type=_date, help="the day to report on, YYYY-MM-DD (default: today)"
    )
    capacity.add_argument("--json", action="store_true", help="print the results as JSON")
    forecast = commands.add_parser(
        "forecast",
        help="simulate a team's waiting list forward from today (seeded, with intervals)",
    )
    forecast.add_argument(
        "team_file", nargs="?", help="the team's TOML file (default: the fictional sample team)"
    )
    forecast.add_argument(
        "--referrals-per-month",
        type=float,
        help="referrals a month (default: the file's [demand] rate)",
    )
    forecast.add_argument("--months", type=int, default=24, help="months ahead (default 24)")
    forecast.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    forecast.add_argument(
        "--replications", type=int, default=20, help="independent runs (default 20)"
    )
    forecast.add_argument(
        "--strategy",
        choices=["chronological", "risk"],
        default="chronological",
        help="how the list is ordered at the weekly meeting (default chronological)",
    )
    forecast.add_argument(
        "--today", type=_date, help="the day to start from, YYYY-MM-DD (default: today)"
    )
    forecast.add_argument("--plot", help="also draw the list over time to this PNG file")
    forecast.add_argument("--json", action="store_true", help="print the results as JSON")
    sheet = commands.add_parser(
        "referral-template",
        help="write an empty referral sheet (CSV): the header and one example row",
    )
    sheet.add_argument("--output", help="write to this file instead of the screen")
    sheet.add_argument("--force", action="store_true", help="replace --output if it exists")
    sheet.add_argument(
        "--json",
        action="store_true",
        help="print the sheet's columns as JSON (name, required) instead",
    )
    screening = commands.add_parser(
        "screen",
        help="screen every referral in a sheet (CSV) and rank the accepted families",
    )
    screening.add_argument(
        "file",
        nargs="?",
        help="the referral sheet (default: the fictional sample sheet, on its own day)",
    )
    screening.add_argument(
        "--nation",
        choices=[n.value for n in Nation],
        help="whose bank holidays count (default england, or the sample team's)",
    )
    screening.add_argument(
        "--strategy",
        choices=_SHEET_STRATEGIES,
        default="chronological",
        help="how the waiting list is ordered (default chronological)",
    )
    screening.add_argument(
        "--today",
        type=_date,
        help="the day of screening, YYYY-MM-DD (default: today; the sample's day for the sample)",
    )
    screening.add_argument(
        "--catalogue", help="the team's risk-factor catalogue, TOML (default: the built-in one)"
    )
    screening.add_argument("--json", action="store_true", help="print the results as JSON")
    export = commands.add_parser(
        "export", help="write a case as JSON (a case file), FHIR R4 or iCalendar"
    )
    export.add_argument("format", choices=["json", "fhir", "ical"], help="what to write")
    export.add_argument(
        "case_file", nargs="?", help="the case file, JSON (default: a case from the sample)"
    )
    export.add_argument(
        "--sample",
        default=None,
        help="which sample referral's case to export when no file is given (default RPI-2026-055)",
    )
    export.add_argument(
        "--stamp",
        type=_datetime,
        help="the calendar's timestamp, YYYY-MM-DDTHH:MM (default: the case's last event)",
    )
    export.add_argument(
        "--json",
        action="store_true",
        help="json and fhir are JSON already; for ical, wrap the calendar in a JSON object",
    )
    args = parser.parse_args(argv)
    try:
        return _run(parser, args)
    except BrokenPipeError:  # pragma: no cover - the reader (`| head`) went away
        # Point stdout at nothing so the interpreter's final flush stays quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command == "export":
        return _export(args)
    return _run_rest(parser, args)


def _export(args: argparse.Namespace) -> int:
    try:
        if args.case_file is not None:
            if args.sample is not None:
                print(
                    "parentinfant export: give a case file or --sample, not both",
                    file=sys.stderr,
                )
                return 2
            referral, case = read_case_file(args.case_file)
        else:
            referral, case = sample_case(args.sample or DEFAULT_SAMPLE_CASE)
        text = export_text(args.format, referral, case, stamp=args.stamp)
        if args.json and args.format == "ical":
            text = dumps({"format": "text/calendar", "case_id": case.id, "calendar": text})
    except ImportError as exc:
        print(f"parentinfant export: needs an optional extra: {exc}", file=sys.stderr)
        return 2
    except ParentInfantError as exc:
        print(f"parentinfant export: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _datetime(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a date and time like 2026-11-30T09:00, got {text!r}"
        ) from None


def _run_rest(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command == "forecast":
        return _forecast(args)
    if args.command == "capacity":
        try:
            plan = _team_file(args.team_file)
        except InvalidDocument as exc:
            print(f"parentinfant capacity: {exc}", file=sys.stderr)
            return 2
        today = args.today or dt.date.today()
        year = args.year if args.year is not None else financial_year_of(today)
        sample = args.team_file is None
        try:
            if args.json:
                data = capacity_data(plan, year=year, today=today)
                data["placeholders"] = _placeholder_data(plan, sample=sample)
                report = dumps(data)
            else:
                report = capacity_text(plan, year=year, today=today)
        except ParentInfantError as exc:
            print(f"parentinfant capacity: {exc}", file=sys.stderr)
            return 2
        note = _placeholder_note("capacity", plan, sample=sample)
        if note is not None:
            print(note, file=sys.stderr)
        print(report)
        return 0
    if args.command == "diagram":
        if args.json:
            print(
                dumps(
                    {
                        state.value: {command: target.value for command, target in moves.items()}
                        for state, moves in TRANSITIONS.items()
                    }
                )
            )
            return 0
        print(mermaid_diagram(compact=args.compact))
        return 0
    if args.command == "demo":
        return _demo(args.json, Vocabulary(args.vocabulary))
    if args.command == "referral-template":
        if args.json:
            print(
                dumps(
                    [{"column": c, "required": c in REQUIRED_COLUMNS} for c in COLUMNS],
                )
            )
            return 0
        return _template(args.output, args.force)
    if args.command == "screen":
        return _screen(args)
    parser.error(f"unknown command {args.command!r}")  # pragma: no cover - argparse refuses first
    return 2  # pragma: no cover - parser.error exits with status 2


if __name__ == "__main__":  # pragma: no cover - run as a script, not under the tests
    sys.exit(main())

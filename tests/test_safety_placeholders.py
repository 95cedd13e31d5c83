"""Placeholder defaults are named, not silently taken as team policy (hazard H-28).

A team file that leaves out a setting whose library default is a placeholder
(the "Placeholder" rows of docs/safety/defaults.md) gets that setting listed in
`TeamFile.placeholders`, at the key the team writes to set it; ``parentinfant
capacity`` and ``parentinfant forecast`` say so in a note on stderr and under
``"placeholders"`` in ``--json``.
"""

from __future__ import annotations

import json
import pathlib
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant.cli import main
from parentinfant.errors import InvalidValue
from parentinfant.interop.teamfile import (
    PLACEHOLDER_SETTINGS,
    PlaceholderSetting,
    TeamFile,
    sample_team,
    team_from_toml,
)

DEFAULTS_PAGE = pathlib.Path(__file__).parents[1] / "docs" / "safety" / "defaults.md"
TABLES = ("team", "capacity", "demand", "episodes", "maturity")
# The keys each table cannot do without; none of them is a placeholder.
REQUIRED = {
    "team": [],
    "capacity": [],
    "demand": ["referrals_per_week = 2", "mean_episode_weeks = 12"],
    "episodes": [],
    "maturity": ["started = 2025-04-01"],
}
PRACTITIONERS = (
    ['name = "Ann"', "contracted_hours = 37.5"],
    ['name = "Bo"', "contracted_hours = 15"],
)
# For every placeholder, a valid value that differs from the library's default.
VALUES = {
    "team.name": '"Riverside PIP"',
    "team.nation": '"wales"',
    "team.closures": "[2026-12-24]",
    "team.triage_working_days": "3",
    "capacity.sessions_per_family_per_week": "2",
    "capacity.new_facilitator_multiplier": "3",
    "demand.acceptance_rate": "0.8",
    "demand.episode_cv": "0.3",
    "episodes.sessions": "[4, 8]",
    "episodes.attendance": "0.9",
    "episodes.dnas_before_discharge": "2",
    "episodes.extension_probability": "0.2",
    "episodes.extension_sessions": "3",
    "episodes.days_to_first_session": "5",
    "maturity.start_share": "0.25",
    "practitioners[*].working_days": '["mon", "tue", "wed"]',
}
# Every place a placeholder can be set in a file with every table and both practitioners.
LOCATIONS = tuple(
    location
    for setting in PLACEHOLDER_SETTINGS
    for location in (
        [f"practitioners[{i}].{setting.name}" for i in range(len(PRACTITIONERS))]
        if setting.table == "practitioners"
        else [setting.key]
    )
)
CLI_FAST = {
    "capacity": ["--today", "2026-11-30"],
    "forecast": ["--today", "2026-11-30", "--months", "1", "--replications", "1"],
}


def _where(location: str) -> tuple[str, int | None, str]:
    """A listed location, read as a team reads it: table, entry (for arrays) and key."""
    match = re.fullmatch(r"([a-z_]+)(?:\[(\d+)\])?\.([a-z_]+)", location)
    assert match is not None, location
    table, index, key = match.groups()
    return table, None if index is None else int(index), key


def _value(location: str) -> str:
    table, index, key = _where(location)
    return VALUES[f"{table}[*].{key}" if index is not None else location]


def _toml(set_here: set[str] | frozenset[str], *, tables: tuple[str, ...] = TABLES) -> str:
    """A team file with ``tables`` and both practitioners, writing each location in ``set_here``."""
    writes: dict[tuple[str, int | None], list[str]] = {}
    for location in sorted(set_here):
        table, index, key = _where(location)
        writes.setdefault((table, index), []).append(f"{key} = {_value(location)}")
    lines: list[str] = []
    for table in tables:
        lines += [f"[{table}]", *REQUIRED[table], *writes.get((table, None), [])]
    for index, required in enumerate(PRACTITIONERS):
        lines += ["[[practitioners]]", *required, *writes.get(("practitioners", index), [])]
    return "\n".join(lines) + "\n"


def _keys(plan: TeamFile) -> list[str]:
    return [p.key for p in plan.placeholders]


def _setting_in(plan: TeamFile, location: str) -> object:
    table, index, key = _where(location)
    holders: dict[str, Any] = {
        "team": plan.team.policy,
        "capacity": plan.team.capacity,
        "demand": plan.demand,
        "episodes": plan.episodes,
        "maturity": plan.maturity,
    }
    holder = plan.team.practitioners[index] if index is not None else holders[table]
    return getattr(holder, key)


def test_every_placeholder_setting_has_a_test_value_and_a_rule_R_CL_1() -> None:
    assert set(VALUES) == {s.key for s in PLACEHOLDER_SETTINGS}
    assert len({s.key for s in PLACEHOLDER_SETTINGS}) == len(PLACEHOLDER_SETTINGS)
    assert [s.key for s in PLACEHOLDER_SETTINGS if s.rule is None] == ["team.name"]


def test_placeholder_settings_are_the_placeholder_rows_of_the_defaults_page_R_CL_1() -> None:
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in DEFAULTS_PAGE.read_text(encoding="utf-8").splitlines()
        if line.startswith("|") and not line.startswith("|---")
    ]
    placeholder_rows = [row for row in rows if len(row) == 5 and row[3].startswith("Placeholder")]
    # Every placeholder row the page says a team file sets is in the list ...
    in_team_file = {
        f"{table}.{key}"
        for row in placeholder_rows
        for table, key in re.findall(r"team file `\[(\w+)\] (\w+)`", row[4])
    }
    assert in_team_file <= {s.key for s in PLACEHOLDER_SETTINGS}
    # ... and every entry in the list is a placeholder row of the page, with its rule.
    for setting in PLACEHOLDER_SETTINGS:
        spelled = (
            f"] {setting.name}`",
            f".{setting.name}`",
            f"({setting.name}=",
            f" {setting.name}=",
        )
        matching = [row for row in placeholder_rows if any(s in row[4] for s in spelled)]
        assert matching, setting.key
        rules = [row[2] for row in matching]
        assert any((setting.rule or "none") in rule for rule in rules), (setting.key, rules)


def test_a_file_that_sets_no_placeholder_lists_every_one_R_CL_1_R_CL_2_R_CL_5_R_CL_6() -> None:
    plan = team_from_toml(_toml(set()))
    assert _keys(plan) == list(LOCATIONS)
    assert {p.rule for p in plan.placeholders} == {s.rule for s in PLACEHOLDER_SETTINGS}


def test_a_file_that_sets_every_placeholder_lists_none_R_CL_1_R_CL_2_R_CL_5_R_CL_6() -> None:
    assert team_from_toml(_toml(set(LOCATIONS))).placeholders == ()


def test_an_empty_file_lists_what_the_library_still_uses_R_SC_5_R_PR_3_R_EN_2() -> None:
    # No [maturity] means no ramp and no [demand] no closed-form forecast, so
    # start_share and episode_cv are not used; the forecast still uses the
    # default acceptance rate and [episodes] (R-CL-6).
    plan = team_from_toml("")
    assert _keys(plan) == [
        s.key for s in PLACEHOLDER_SETTINGS if not s.only_with_table and s.table != "practitioners"
    ]
    assert "demand.acceptance_rate" in _keys(plan)
    assert "episodes.sessions" in _keys(plan)
    assert "maturity.start_share" not in _keys(plan)
    assert "demand.episode_cv" not in _keys(plan)


def test_a_practitioner_placeholder_names_the_entry_and_the_person_R_CL_1() -> None:
    plan = team_from_toml(_toml({"practitioners[0].working_days"}))
    (listed,) = [p for p in plan.placeholders if p.table == "practitioners"]
    assert listed.key == "practitioners[1].working_days"
    assert listed.rule == "R-CL-1"
    assert listed.setting == "Practitioner's working days (Bo)"


@pytest.mark.parametrize("location", LOCATIONS)
def test_each_listed_key_is_what_a_team_writes_to_set_it_R_CL_1(location: str) -> None:
    before = team_from_toml(_toml(set()))
    assert location in _keys(before)
    after = team_from_toml(_toml({location}))
    assert _keys(after) == [k for k in _keys(before) if k != location]
    # The key written is the setting the library uses, not a look-alike.
    assert _setting_in(after, location) != _setting_in(before, location)


@given(st.sets(st.sampled_from(LOCATIONS)))
def test_listed_is_every_placeholder_less_those_the_file_sets_R_CL_1(
    set_here: set[str],
) -> None:
    listed = _keys(team_from_toml(_toml(set_here)))
    assert listed == [location for location in LOCATIONS if location not in set_here]


def test_the_sample_team_lists_what_it_leaves_to_the_library_R_PR_3_R_CL_5_R_CL_1() -> None:
    assert _keys(sample_team()) == [
        "team.triage_working_days",
        "maturity.start_share",
        "practitioners[0].working_days",
        "practitioners[3].working_days",
    ]


def test_a_team_file_built_in_python_lists_nothing_R_CL_1() -> None:
    assert TeamFile(team=sample_team().team).placeholders == ()


def test_a_placeholder_setting_refuses_a_rule_that_is_not_a_rule_id_R_CL_1() -> None:
    with pytest.raises(InvalidValue, match=r"rule must be a DOMAIN\.md rule id"):
        PlaceholderSetting(key="team.nation", rule="CL-1", setting="UK nation")
    with pytest.raises(InvalidValue, match="placeholders must hold PlaceholderSetting"):
        TeamFile(team=sample_team().team, placeholders=["team.nation"])  # type: ignore[list-item]


def _run(
    capsys: pytest.CaptureFixture[str], command: str, *args: str
) -> tuple[str, str, dict[str, Any]]:
    """Run ``command`` as text and as ``--json``: the text's stderr, the JSON's stderr and data."""
    assert main([command, *args, *CLI_FAST[command]]) == 0
    text_err = capsys.readouterr().err
    assert main([command, *args, *CLI_FAST[command], "--json"]) == 0
    captured = capsys.readouterr()
    data: dict[str, Any] = json.loads(captured.out)
    return text_err, captured.err, data


def _file(tmp_path: pathlib.Path, text: str) -> str:
    path = tmp_path / "team.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("command", ["capacity", "forecast"])
def test_the_cli_notes_unset_placeholders_on_stderr_and_in_json_R_CL_1_R_CL_6(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path, command: str
) -> None:
    set_here = {"team.nation", "capacity.new_facilitator_multiplier"}
    path = _file(tmp_path, _toml(set_here))
    text_err, json_err, data = _run(capsys, command, path)
    expected = [location for location in LOCATIONS if location not in set_here]
    for err in (text_err, json_err):
        assert err.startswith(f"parentinfant {command}: note: the team file leaves ")
        assert f"{len(expected)} placeholder settings" in err
        words = " ".join(err.split())
        assert all(f" {key}," in words or f" {key}." in words for key in expected)
        assert "team.nation" not in words
        assert '"Defaults and safe behaviour"' in words
        assert all(len(line) <= 80 for line in err.splitlines())
        assert "replications [" not in err  # a note, not a progress bar
    assert data["placeholders"] == {
        "fictional_sample": False,
        "not_set": [
            {"key": p.key, "rule": p.rule, "setting": p.setting}
            for p in team_from_toml(_toml(set_here)).placeholders
        ],
        "see": "Defaults and safe behaviour",
    }
    assert [entry["key"] for entry in data["placeholders"]["not_set"]] == expected


@pytest.mark.parametrize("command", ["capacity", "forecast"])
def test_no_note_when_the_team_file_sets_every_placeholder_R_CL_1_R_CL_6(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path, command: str
) -> None:
    path = _file(tmp_path, _toml(set(LOCATIONS)))
    text_err, json_err, data = _run(capsys, command, path)
    assert text_err == json_err == ""
    assert data["placeholders"]["fictional_sample"] is False
    assert data["placeholders"]["not_set"] == []


@pytest.mark.parametrize("command", ["capacity", "forecast"])
def test_the_sample_team_is_named_as_the_fictional_sample_R_CL_1_R_CL_6(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    text_err, json_err, data = _run(capsys, command)
    for err in (text_err, json_err):
        words = " ".join(err.split())
        assert words.startswith(
            f"parentinfant {command}: note: no team file given, so this is the fictional "
            "sample team: its figures are invented, and it leaves 4 placeholder settings"
        )
        assert "practitioners[3].working_days" in words
        assert all(len(line) <= 80 for line in err.splitlines())
    assert data["placeholders"]["fictional_sample"] is True
    assert [e["key"] for e in data["placeholders"]["not_set"]] == _keys(sample_team())


@pytest.mark.parametrize("command", ["capacity", "forecast"])
def test_a_note_leaves_the_exit_status_and_stdout_as_they_were_R_CL_1(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path, command: str
) -> None:
    assert main([command, _file(tmp_path, _toml(set())), *CLI_FAST[command]]) == 0
    captured = capsys.readouterr()
    assert "note:" in captured.err
    assert "note:" not in captured.out
    assert "placeholder" not in captured.out


def test_the_note_shown_in_the_cli_guide_is_what_capacity_prints_R_CL_1(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
) -> None:
    guide = (DEFAULTS_PAGE.parents[1] / "guides" / "cli.md").read_text(encoding="utf-8")
    section = guide.split("### Placeholder settings the team file leaves out", 1)[1]
    shown = section.split("```text\n", 1)[1].split("```", 1)[0]
    shown_json = section.split("```json\n", 1)[1].split("```", 1)[0]
    left = {"team.triage_working_days", "maturity.start_share", "practitioners[1].working_days"}
    path = _file(tmp_path, _toml(set(LOCATIONS) - left))
    text_err, _, data = _run(capsys, "capacity", path)
    assert text_err == shown
    assert json.loads("{" + shown_json + "}") == {"placeholders": data["placeholders"]}

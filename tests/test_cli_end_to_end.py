"""Every `parentinfant` subcommand run as a real subprocess, on the shipped samples and on broken input.

These run the installed console script's code path (``python -m parentinfant.cli``
through the same interpreter), so argument parsing, exit codes, stdout and
stderr are what a user sees.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

TODAY = ["--today", "2026-11-30"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "parentinfant.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        check=False,
    )


def test_help_lists_every_subcommand() -> None:
    result = run("--help")
    assert result.returncode == 0
    for name in COMMANDS:
        assert name in result.stdout


COMMANDS = (
    "demo",
    "diagram",
    "capacity",
    "forecast",
    "screen",
    "referral-template",
    "export",
)


@pytest.mark.parametrize("name", COMMANDS)
def test_each_subcommand_has_help(name: str) -> None:
    result = run(name, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: parentinfant {name}")


def test_demo_runs_on_the_shipped_sample() -> None:
    result = run("demo")
    assert result.returncode == 0
    assert result.stdout.startswith("Riverside Parent-Infant Relationship Team (fictional)")
    assert result.stderr == ""


def test_demo_json_is_one_json_document() -> None:
    result = run("demo", "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert {"screening", "waiting_lists", "timelines", "capacity", "records"} <= set(data)


def test_diagram_is_mermaid() -> None:
    result = run("diagram", "--compact")
    assert result.returncode == 0
    assert result.stdout.startswith("stateDiagram-v2")


def test_capacity_on_the_sample_team_and_as_json() -> None:
    text = run("capacity", *TODAY)
    assert text.returncode == 0
    assert "Team" in text.stdout
    as_json = run("capacity", "--json", *TODAY)
    assert json.loads(as_json.stdout)["week"]["caseload"] == 47


def test_forecast_on_the_sample_team_as_json() -> None:
    result = run("forecast", "--months", "2", "--replications", "2", "--json", *TODAY)
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["replications"] == 2
    # No progress bar when stderr is not a terminal: only the note that this is
    # the fictional sample team, and which placeholders it leaves (H-28).
    assert result.stderr.startswith("parentinfant forecast: note: no team file given")
    assert "replications [" not in result.stderr


def test_a_broken_team_file_is_one_line_per_problem_on_stderr_with_exit_2(
    tmp_path: pathlib.Path,
) -> None:
    path = tmp_path / "team.toml"
    path.write_text("[[practitioners]]\nname = 'A'\ncontracted_hours = 'lots'\n", encoding="utf-8")
    for command in ("capacity", "forecast"):
        result = run(command, str(path), *TODAY)
        assert result.returncode == 2, command
        assert result.stdout == ""
        assert "practitioners[0].contracted_hours" in result.stderr
        assert str(path) in result.stderr


def test_a_missing_file_is_exit_2() -> None:
    result = run("capacity", "/no/such/team.toml")
    assert result.returncode == 2
    assert "cannot be read" in result.stderr


def test_bad_arguments_are_exit_2_from_argparse() -> None:
    result = run("forecast", "--months", "many")
    assert result.returncode == 2
    assert "invalid int value" in result.stderr
    assert run("no-such-command").returncode == 2


def test_screen_on_the_shipped_sample_sheet_and_as_json() -> None:
    text = run("screen")
    assert text.returncode == 0
    assert "RPI-2026-041" in text.stdout
    assert all(len(line) <= 80 for line in text.stdout.splitlines())
    as_json = run("screen", "--json", "--strategy", "risk")
    assert as_json.returncode == 0
    json.loads(as_json.stdout)


def test_the_template_screens_and_a_sheet_of_only_bad_rows_is_exit_1(
    tmp_path: pathlib.Path,
) -> None:
    template = run("referral-template")
    assert template.returncode == 0
    sheet = tmp_path / "referrals.csv"
    sheet.write_text(template.stdout, encoding="utf-8")
    assert run("screen", str(sheet), *TODAY).returncode == 0
    header = template.stdout.splitlines()[0]
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "\n" + ",".join(["x"] * len(header.split(","))) + "\n", "utf-8")
    result = run("screen", str(bad), *TODAY)
    assert result.returncode == 1
    assert "no row could be used" in result.stderr
    assert "row 2" in result.stderr


def test_a_sheet_that_is_not_a_sheet_is_exit_2(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "referrals.csv"
    path.write_bytes(b"\xff\xfe\x00junk")
    result = run("screen", str(path), *TODAY)
    assert result.returncode == 2
    assert result.stdout == ""


def test_export_every_format_from_a_case_file(tmp_path: pathlib.Path) -> None:
    case_file = tmp_path / "case.json"
    written = run("export", "json")
    assert written.returncode == 0
    case_file.write_text(written.stdout, encoding="utf-8")
    fhir = run("export", "fhir", str(case_file))
    assert fhir.returncode == 0
    assert json.loads(fhir.stdout)["resourceType"] == "Bundle"
    ical = run("export", "ical", str(case_file))
    assert ical.returncode == 0
    assert ical.stdout.startswith("BEGIN:VCALENDAR")
    broken = tmp_path / "broken.json"
    broken.write_text('{"referral": {}, "case": {}}', encoding="utf-8")
    failed = run("export", "fhir", str(broken))
    assert failed.returncode == 2
    assert "$.referral.id" in failed.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("demo", "--json"),
        ("diagram", "--json"),
        ("capacity", "--json", *TODAY),
        ("forecast", "--json", "--months", "1", "--replications", "2", *TODAY),
        ("screen", "--json"),
        ("referral-template", "--json"),
        ("export", "json", "--json"),
        ("export", "fhir", "--json"),
        ("export", "ical", "--json"),
    ],
)
def test_every_subcommand_prints_one_json_document_with_json(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)

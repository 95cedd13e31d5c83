"""``parentinfant capacity``: a team's capacity from its TOML file (R-CL-1..7, R-TM-1)."""

from __future__ import annotations

import json
import pathlib

import pytest

from parentinfant.cli import main

TODAY = ["--today", "2026-11-30"]


def test_capacity_of_the_sample_team_prints_every_practitioner_and_the_team(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["capacity", *TODAY]) == 0
    out = capsys.readouterr().out
    for name in ("Priya Shah", "Tom Whitfield", "Grace Mensah", "Sam Lee", "Team"):
        assert name in out
    assert "Financial year 2026-27" in out
    assert "Non-clinical activity to report (R-CL-3): 4.50 hours a week" in out
    assert "Funding (R-CL-7): 2027-04-01: financial year 2027-28 starts" in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_capacity_as_json_keeps_exact_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["capacity", "--json", *TODAY]) == 0
    data = json.loads(capsys.readouterr().out)
    # 15.47 + 13.87 + 12 + 10 = 232/15 + 208/15 + 12 + 10 = 440/15 + 22 = 154/3
    assert data["week"]["families_at_once"] == "154/3"
    assert data["week"]["caseload"] == 47
    assert data["financial_year"]["year"] == "2026-27"
    assert data["forecast"]["places"] == 51
    assert data["maturity"]["started"] == "2025-04-01"


def test_capacity_for_a_chosen_year(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["capacity", "--year", "2027", *TODAY]) == 0
    assert "Financial year 2027-28" in capsys.readouterr().out


def test_capacity_reads_a_team_file(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "team.toml"
    path.write_text(
        '[team]\nname = "Small team"\n[[practitioners]]\nname = "Ann"\ncontracted_hours = 15\n',
        encoding="utf-8",
    )
    assert main(["capacity", str(path), *TODAY]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Small team: capacity on 2026-11-30")
    assert "Forecast" not in out  # no [demand] in the file, so no forecast


def test_a_bad_team_file_is_reported_on_stderr_with_exit_2(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "team.toml"
    path.write_text('[[practitioners]]\nname = "Ann"\ncontracted_hours = -3\n', encoding="utf-8")
    assert main(["capacity", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "practitioners[0].contracted_hours" in captured.err
    assert "-3" in captured.err


def test_a_year_out_of_range_is_reported_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["capacity", "--year", "1800", *TODAY]) == 2
    assert "year must be a year between 1900 and 2200" in capsys.readouterr().err


def test_a_bad_date_is_an_argument_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["capacity", "--today", "30/11/2026"])
    assert excinfo.value.code == 2
    assert "must be a date like 2026-11-30" in capsys.readouterr().err

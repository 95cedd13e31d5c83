"""``parentinfant forecast``: a team file's waiting list simulated forward (R-CL-6, R-AL-1).

Runs are kept small (3 months, 3 replications). Figures for the fictional
sample team, worked by hand: 3 months is 3 x 52 / 12 = 13 weeks. Places,
rounded down (R-CL-1): Priya 29 h -> 232/15 = 15.47 -> 15 (holds 14), Tom
26 h -> 208/15 = 13.87 -> 13 (holds 13), Grace 22.5 h -> 12 (holds 11), Sam
18.75 h -> 10 (holds 9): 15 + 13 + 12 + 10 = 50 places, 14 + 13 + 11 + 9 = 47
families held. Fourteen families are waiting (``[waiting]``), and referrals
come at 4.5 a week (``[demand]``).
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from parentinfant.cli import main

FAST = ["--today", "2026-11-30", "--months", "3", "--replications", "3"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SMALL_TEAM = (
    '[team]\nname = "Small team"\n[[practitioners]]\nname = "Ann"\ncontracted_hours = 15\n'
)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def _text(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["forecast", *FAST, *args]) == 0
    captured = capsys.readouterr()
    assert _only_the_note(captured.err)
    return captured.out


def _only_the_note(err: str) -> bool:
    """Stderr holds nothing but the note on placeholder settings (H-28), if that."""
    return err == "" or (
        err.startswith("parentinfant forecast: note: ")
        and err.count("note:") == 1
        and "replications [" not in err
    )


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_text(capsys, "--json", *args))
    return data


def _words(text: str) -> str:
    """The text with line breaks and indents as single spaces, for phrases that wrap."""
    return " ".join(text.split())


def _file(tmp_path: pathlib.Path, text: str) -> str:
    path = tmp_path / "team.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


# --------------------------------------------------------------------------- the text


def test_the_text_opens_with_the_team_and_the_run_R_CL_6(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _words(_text(capsys))
    assert out.startswith(
        "Riverside Parent-Infant Relationship Team (fictional): forecast from 2026-11-30, "
        "13 weeks, 3 replications, seed 1"
    )


def test_the_text_describes_the_team_today_R_CL_1_R_AL_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _words(_text(capsys))
    assert (
        "The team today: 50 caseload places, 47 families held, 14 waiting; 4.50 referrals "
        "a week, 80% accepted; allocation at the weekly meeting by chronological (R-AL-1); "
        "courses of 6 to 12 weekly sessions." in out
    )


def test_the_table_has_a_row_every_four_weeks_R_CL_6(capsys: pytest.CaptureFixture[str]) -> None:
    lines = _text(capsys).splitlines()
    header = lines.index(next(line for line in lines if line.startswith("Week  Date")))
    rows = [line.split()[:2] for line in lines[header + 2 : header + 6]]
    # Weeks 0, 4, 8, 12 of 13; 2026-11-30 + 28 days = 2026-12-28, + 56 = 2027-01-25,
    # + 84 = 2027-02-22 (December 31 days, January 31 days).
    assert rows == [
        ["0", "2026-11-30"],
        ["4", "2026-12-28"],
        ["8", "2027-01-25"],
        ["12", "2027-02-22"],
    ]
    assert lines[header + 6] == ""


def test_week_0_shows_the_team_as_it_is_today_R_CL_6(capsys: pytest.CaptureFixture[str]) -> None:
    # Nothing has happened yet: 14 waiting and 47 held in every replication.
    out = _text(capsys)
    assert "0     2026-11-30  14.0 (14.0-14.0)  47.0 (47.0-47.0)" in out


def test_the_text_gives_the_wait_and_where_families_went_R_CL_6(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _text(capsys)
    words = _words(out)
    assert "Wait to allocation, weeks (families allocated): mean " in out
    assert "90th percentile" in words
    assert "Waited longer than 8 weeks: " in out
    # 14 waiting x 3 replications = 42 at the start.
    assert "Where families went (all replications): 42 waiting at the start and " in words


def test_every_line_fits_80_columns_R_CL_6(capsys: pytest.CaptureFixture[str]) -> None:
    out = _text(capsys)
    assert [line for line in out.splitlines() if len(line) > 80] == []


def test_long_waits_still_fit_80_columns_R_CL_6(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # One practitioner, one day a week: 4 places, all held; 30 families waiting
    # since late 2025 and 40 more referrals a month. Waits run to tens of weeks,
    # so each estimate is as wide as "55.1 (50.2-60.3)".
    received = ", ".join(
        (dt.date(2025, 9, 1) + dt.timedelta(weeks=k)).isoformat() for k in range(30)
    )
    path = _file(
        tmp_path,
        '[team]\nname = "A team with a long name, as people write them (fictional)"\n'
        f"[waiting]\nreceived = [{received}]\n"
        '[[practitioners]]\nname = "Ann"\ncontracted_hours = 7.5\ncaseload = 4\n',
    )
    out = _text(capsys, path, "--referrals-per-month", "40")
    assert [line for line in out.splitlines() if len(line) > 80] == []


# --------------------------------------------------------------------------- JSON


def test_json_has_the_run_measures_series_and_counts_R_CL_6(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = _json(capsys)
    assert (data["start"], data["weeks"], data["replications"], data["seed"]) == (
        "2026-11-30",
        13,
        3,
        1,
    )
    assert data["places"] == 50
    assert [m["measure"] for m in data["measures"]][:2] == ["mean_wait", "wait_p50"]
    # Week 0 to week 13: 14 rows; week 13 ends 2026-11-30 + 91 days = 2027-03-01.
    assert len(data["series"]) == 14
    assert data["series"][-1]["date"] == "2027-03-01"
    assert data["counts"]["started_waiting"] == 42  # 14 waiting x 3 replications
    assert data["counts"]["started_held"] == 141  # 47 held x 3 replications


def test_json_counts_lose_no_family_R_CL_6(capsys: pytest.CaptureFixture[str]) -> None:
    c = _json(capsys)["counts"]
    assert (
        c["started_waiting"] + c["arrived"] == c["declined"] + c["allocated"] + c["still_waiting"]
    )
    assert c["started_held"] + c["allocated"] == c["completed"] + c["discharged"] + c["still_held"]


def test_the_same_seed_gives_the_same_forecast_R_CL_6(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _json(capsys, "--seed", "7") == _json(capsys, "--seed", "7")


def test_another_seed_gives_another_forecast_R_CL_6(capsys: pytest.CaptureFixture[str]) -> None:
    first, second = _json(capsys, "--seed", "7"), _json(capsys, "--seed", "8")
    assert second["seed"] == 8
    assert first["counts"] != second["counts"] or first["series"] != second["series"]


# --------------------------------------------------------------------------- options


def test_referrals_per_month_replace_the_files_rate_R_CL_6(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 26 a month x 12 months / 52 weeks = 6 a week.
    out = _words(_text(capsys, "--referrals-per-month", "26"))
    assert "6.00 referrals a week" in out
    assert "4.50 referrals a week" not in out


def test_a_team_file_without_demand_runs_with_referrals_per_month_R_CL_6(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Ann: 15 h / 7.5 x 4 = 8 places; no one waiting, no one held; 13 a month
    # x 12 / 52 = 3 a week, all accepted with no [demand] to say otherwise.
    out = _words(_text(capsys, _file(tmp_path, SMALL_TEAM), "--referrals-per-month", "13"))
    assert out.startswith("Small team: forecast from 2026-11-30, 13 weeks")
    assert "The team today: 8 caseload places, 0 families held, 0 waiting; 3.00 referrals" in out
    assert "100% accepted" in out


def test_a_team_file_without_demand_needs_referrals_per_month_R_CL_6(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["forecast", _file(tmp_path, SMALL_TEAM), *FAST]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("parentinfant forecast: referrals_per_month must be given")


@pytest.mark.parametrize("rate", ["0", "-5", "nan"])
def test_referrals_per_month_must_be_above_0_R_CL_6(
    rate: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["forecast", *FAST, f"--referrals-per-month={rate}"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("parentinfant forecast: referrals_per_month must be a finite number")


def test_zero_months_is_refused_with_exit_2_R_CL_6(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forecast", *FAST, "--months", "0"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "months must be from 1 to 600" in captured.err


def test_zero_replications_is_refused_with_exit_2_R_CL_6(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["forecast", *FAST, "--replications", "0"]) == 2
    assert "replications must be" in capsys.readouterr().err


def test_a_bad_team_file_is_reported_with_its_key_path_R_CL_1(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, '[[practitioners]]\nname = "Ann"\ncontracted_hours = -3\n')
    assert main(["forecast", path, *FAST]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "practitioners[0].contracted_hours" in captured.err
    assert "-3" in captured.err


def test_a_missing_team_file_is_reported_with_exit_2(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["forecast", str(tmp_path / "none.toml"), *FAST]) == 2
    assert "(file): cannot be read" in capsys.readouterr().err


def test_risk_weighted_allocation_runs_R_AL_1(capsys: pytest.CaptureFixture[str]) -> None:
    out = _words(_text(capsys, "--strategy", "risk"))
    assert "allocation at the weekly meeting by risk-weighted (R-AL-1)" in out


def test_an_unknown_strategy_is_an_argument_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["forecast", *FAST, "--strategy", "loudest"])
    assert excinfo.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


# --------------------------------------------------------------------------- plot and progress


def test_plot_writes_a_png_R_CL_6(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "forecast.png"
    _text(capsys, "--plot", str(path))
    assert path.read_bytes().startswith(PNG_SIGNATURE)


def test_a_plot_that_cannot_be_written_is_exit_2(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "no such folder" / "forecast.png"
    assert main(["forecast", *FAST, "--plot", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"parentinfant forecast: --plot {path}: cannot be written")


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["forecast", *FAST]) == 0
    assert _only_the_note(capsys.readouterr().err)


def test_a_progress_bar_on_a_terminal_R_CL_6(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["forecast", *FAST]) == 0
    err = capsys.readouterr().err
    bar, _, note = err.partition("] 3/3\n")  # the bar, then a newline before the report
    assert "\rreplications [" in bar
    assert _only_the_note(note)  # and only then the note on placeholders (H-28)


def test_no_progress_bar_with_json_even_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["forecast", *FAST, "--json"]) == 0
    assert _only_the_note(capsys.readouterr().err)

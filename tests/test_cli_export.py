"""`parentinfant export json|fhir|ical`: a case file written, read back and exported."""

from __future__ import annotations

import json
import pathlib

import pytest

from parentinfant._export import read_case_file, sample_case
from parentinfant.cli import main
from parentinfant.errors import InvalidDocument


def test_a_case_file_round_trips_the_referral_and_its_whole_history(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "json"]) == 0
    path = tmp_path / "case.json"
    path.write_text(capsys.readouterr().out, encoding="utf-8")
    referral, case = read_case_file(str(path))
    assert (referral, case) == sample_case()
    assert len(case.events) == 11


def test_fhir_export_of_a_case_file_is_a_collection_bundle(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "json", "--sample", "RPI-2026-041"]) == 0
    path = tmp_path / "case.json"
    path.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["export", "fhir", str(path)]) == 0
    bundle = json.loads(capsys.readouterr().out)
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "collection"
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"ServiceRequest", "Task", "EpisodeOfCare"} <= kinds


def test_ical_export_is_the_same_bytes_every_time(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "ical"]) == 0
    first = capsys.readouterr().out
    assert main(["export", "ical"]) == 0
    assert capsys.readouterr().out == first
    assert first.startswith("BEGIN:VCALENDAR")
    assert "Megan Price" not in first  # no family name in a practitioner's calendar


def test_a_case_file_with_problems_lists_each_with_its_path(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "case.json"
    path.write_text('{"referral": {}, "case": {}}', encoding="utf-8")
    assert main(["export", "fhir", str(path)]) == 2
    err = capsys.readouterr().err
    assert "$.referral.id: is required" in err
    assert "$.case:" in err


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("not json", "is not JSON"),
        ('{"referral": 3}', "must be an object with exactly 'referral' and 'case'"),
    ],
)
def test_a_file_that_is_not_a_case_file_is_refused(
    tmp_path: pathlib.Path, text: str, problem: str
) -> None:
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidDocument) as excinfo:
        read_case_file(str(path))
    assert problem in str(excinfo.value)


def test_a_case_of_another_referral_is_refused(tmp_path: pathlib.Path) -> None:
    from parentinfant.interop.json import unstructure

    referral, _ = sample_case("RPI-2026-041")
    _, case = sample_case("RPI-2026-055")
    path = tmp_path / "case.json"
    path.write_text(
        json.dumps({"referral": unstructure(referral), "case": unstructure(case)}),
        encoding="utf-8",
    )
    with pytest.raises(InvalidDocument) as excinfo:
        read_case_file(str(path))
    assert "$.case.id" in str(excinfo.value)


def test_an_unknown_sample_and_a_file_with_a_sample_are_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export", "json", "--sample", "NOPE"]) == 2
    assert "must name a sample referral" in capsys.readouterr().err
    assert main(["export", "json", "case.json", "--sample", "RPI-2026-041"]) == 2
    assert "not both" in capsys.readouterr().err

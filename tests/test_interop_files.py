"""Reading a team's risk-factor catalogue from a file (R-SC-3).

A file that cannot be used raises `InvalidDocument` naming the file and listing
every problem with its key path, so the team can fix them all in one pass.
"""

from __future__ import annotations

import pathlib

import pytest

from parentinfant.errors import InvalidDocument
from parentinfant.interop.files import load_catalogue
from parentinfant.screening import DEFAULT_RISK_FACTORS, RiskFactor

GOOD = """\
extends = "default"
remove = ["housing-problems"]

[[factors]]
code = "parent-in-prison"
label = "a parent in prison"
significant = true
domain = "circumstances"

[[factors]]
code = "social-isolation"
label = "social isolation, no family nearby"
significant = true
"""

# Seven problems: an unknown top-level key, a bad "extends", a factor without
# a label, a malformed code and a non-boolean "significant" in one factor, a
# repeated code, and a removal of a factor that no catalogue holds.
SEVERAL_PROBLEMS = """\
colour = "blue"
extends = "mine"
remove = ["no-such-factor"]

[[factors]]
code = "parent-in-prison"
significant = true

[[factors]]
code = "Bad Code"
label = "bad"
significant = "yes"

[[factors]]
code = "twins-plus"
label = "twins or more"
significant = false

[[factors]]
code = "twins-plus"
label = "twins again"
significant = false
"""


def write(tmp_path: pathlib.Path, text: str) -> pathlib.Path:
    path = tmp_path / "catalogue.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_adds_the_team_factor_R_SC_3(tmp_path: pathlib.Path) -> None:
    catalogue = load_catalogue(write(tmp_path, GOOD))
    assert catalogue["parent-in-prison"] == RiskFactor(
        "parent-in-prison", "a parent in prison", True, domain="circumstances"
    )


def test_good_file_replaces_a_default_factor_with_the_same_code_R_SC_3(
    tmp_path: pathlib.Path,
) -> None:
    catalogue = load_catalogue(write(tmp_path, GOOD))
    assert catalogue["social-isolation"].significant is True
    assert DEFAULT_RISK_FACTORS["social-isolation"].significant is False


def test_good_file_removes_the_factors_it_names_R_SC_3(tmp_path: pathlib.Path) -> None:
    catalogue = load_catalogue(write(tmp_path, GOOD))
    assert "housing-problems" not in catalogue
    # one removed, one added, one replaced
    assert len(catalogue) == len(DEFAULT_RISK_FACTORS)


def test_good_file_loads_from_a_str_path_as_from_a_path_object_R_SC_3(
    tmp_path: pathlib.Path,
) -> None:
    path = write(tmp_path, GOOD)
    assert load_catalogue(str(path)) == load_catalogue(path)


def test_file_without_extends_holds_only_its_own_factors_R_SC_3(tmp_path: pathlib.Path) -> None:
    text = '[[factors]]\ncode = "a"\nlabel = "first"\nsignificant = false\n'
    catalogue = load_catalogue(write(tmp_path, text))
    assert list(catalogue) == ["a"]


def test_catalogue_written_by_to_toml_reads_back_equal_R_SC_3(tmp_path: pathlib.Path) -> None:
    assert load_catalogue(write(tmp_path, DEFAULT_RISK_FACTORS.to_toml())) == DEFAULT_RISK_FACTORS


def test_missing_file_is_an_invalid_document_naming_the_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(InvalidDocument) as caught:
        load_catalogue(path)
    assert caught.value.source == str(path)
    assert [p.location for p in caught.value.problems] == ["(file)"]
    assert "cannot be read" in caught.value.problems[0].message
    assert str(caught.value).startswith(f"{path}: 1 problem")


def test_directory_is_an_invalid_document_not_an_os_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(InvalidDocument) as caught:
        load_catalogue(tmp_path)
    assert [p.location for p in caught.value.problems] == ["(file)"]


def test_non_utf8_bytes_are_an_invalid_document_naming_the_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(
        '[[factors]]\ncode = "a"\nlabel = "café"\nsignificant = true\n'.encode("latin-1")
    )
    with pytest.raises(InvalidDocument) as caught:
        load_catalogue(path)
    assert caught.value.source == str(path)
    assert [p.location for p in caught.value.problems] == ["(file)"]
    assert "UTF-8" in caught.value.problems[0].message


def test_invalid_toml_is_an_invalid_document_naming_the_file(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, "[[factors]\ncode = \n")
    with pytest.raises(InvalidDocument) as caught:
        load_catalogue(path)
    assert caught.value.source == str(path)
    assert [p.location for p in caught.value.problems] == ["(document)"]


def test_every_problem_in_a_file_is_listed_with_its_key_path_R_SC_3(
    tmp_path: pathlib.Path,
) -> None:
    with pytest.raises(InvalidDocument) as caught:
        load_catalogue(write(tmp_path, SEVERAL_PROBLEMS))
    assert sorted(p.location for p in caught.value.problems) == sorted(
        [
            "colour",
            "extends",
            "factors[0].label",
            "factors[1].code",
            "factors[1].significant",
            "factors[3].code",
            "remove[0]",
        ]
    )


def test_a_file_with_several_problems_is_named_with_their_count(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, SEVERAL_PROBLEMS)
    with pytest.raises(InvalidDocument) as caught:
        load_catalogue(path)
    assert caught.value.source == str(path)
    assert str(caught.value).startswith(f"{path}: 7 problems\n")


def test_every_problem_appears_in_the_message(tmp_path: pathlib.Path) -> None:
    with pytest.raises(InvalidDocument) as caught:
        load_catalogue(write(tmp_path, SEVERAL_PROBLEMS))
    text = str(caught.value)
    assert all(str(problem) in text for problem in caught.value.problems)


def test_repeated_code_problem_points_at_the_first_use(tmp_path: pathlib.Path) -> None:
    with pytest.raises(InvalidDocument) as caught:
        load_catalogue(write(tmp_path, SEVERAL_PROBLEMS))
    (repeat,) = [p for p in caught.value.problems if p.location == "factors[3].code"]
    assert "factors[2]" in repeat.message


def test_invalid_document_is_a_value_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError, match="nowhere"):
        load_catalogue(tmp_path / "nowhere.toml")

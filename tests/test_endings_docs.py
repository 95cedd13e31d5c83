"""The reference page for `parentinfant.endings` renders every public name.

The names are defined in private modules and re-exported by the front door;
docs/reference/endings.md lists them explicitly (to keep the page in reading
order), so the list must name exactly the module's ``__all__``.
"""

from __future__ import annotations

import pathlib
import re

import parentinfant.endings

PAGE = pathlib.Path(__file__).parent.parent / "docs" / "reference" / "endings.md"


def test_the_reference_page_lists_exactly_the_public_names_once() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert "::: parentinfant.endings" in text
    listed = re.findall(r"^ {8}- (\w+)$", text, flags=re.MULTILINE)
    assert len(listed) == len(set(listed))
    assert sorted(listed) == sorted(parentinfant.endings.__all__)


def test_every_public_name_is_importable_from_the_front_door() -> None:
    namespace: dict[str, object] = {}
    exec("from parentinfant.endings import *", namespace)
    assert set(parentinfant.endings.__all__) <= set(namespace)
    assert set(parentinfant.endings.__all__) == {
        "DEFAULT_STEP_DOWN_OPTIONS",
        "ChangeCause",
        "EndingsPolicy",
        "Extension",
        "Manualised",
        "NewIssue",
        "NewIssueAction",
        "PlanChange",
        "SessionPlan",
        "SessionRole",
        "SessionSlot",
        "SessionStatus",
        "StepDown",
        "StepDownOption",
        "follow_up_commands",
        "follow_up_due",
        "plan_sessions",
        "step_down",
    }

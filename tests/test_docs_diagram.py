"""The lifecycle diagram in the docs is the one the transition table draws."""

from __future__ import annotations

import pathlib

from parentinfant.lifecycle import mermaid_diagram

PAGE = pathlib.Path(__file__).resolve().parent.parent / "docs" / "concepts" / "lifecycle.md"


def test_docs_lifecycle_diagram_is_generated_from_the_transition_table() -> None:
    text = PAGE.read_text(encoding="utf-8")
    block = text.split("<!-- diagram:start -->", 1)[1].split("<!-- diagram:end -->", 1)[0]
    body = block.strip().removeprefix("```mermaid").removesuffix("```").strip()
    assert body == mermaid_diagram(compact=True).strip(), (
        "docs/concepts/lifecycle.md is out of date: paste mermaid_diagram(compact=True) "
        "(`parentinfant diagram --compact`) between the diagram markers"
    )

"""schema/schema.graphql is the committed contract: regenerate it with `make schema` when the API changes."""

from __future__ import annotations

from pathlib import Path

from schema.build import build_schema

SNAPSHOT = Path(__file__).resolve().parent.parent / "schema" / "schema.graphql"


def test_schema_matches_the_committed_snapshot() -> None:
    assert build_schema().as_str() + "\n" == SNAPSHOT.read_text(encoding="utf-8"), (
        "run `make schema` and review the diff"
    )

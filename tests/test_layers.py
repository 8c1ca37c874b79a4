"""Rules of the house that import-linter cannot state: only domain/ opens transactions and writes the audit."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE_DOMAIN = ["api", "schema", "policies"]
WRITES = {"in_transaction", "atomic", "audited", "Change", "AuditEntry.create", "AuditEntry.bulk_create"}


def imported_names(path: Path) -> set[str]:
    """Names a module imports, and the `AuditEntry.<method>` it calls."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name.rsplit(".", 1)[-1] for alias in node.names)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "AuditEntry":
            names.add(f"AuditEntry.{node.attr}")
    return names


def test_no_module_outside_domain_opens_a_transaction_or_writes_the_audit() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_names(path) & WRITES)
        for folder in OUTSIDE_DOMAIN
        for path in (ROOT / folder).rglob("*.py")
        if imported_names(path) & WRITES
    }
    assert offenders == {}


def test_downloads_reach_data_through_domain_actions_only() -> None:
    modules = set()
    for node in ast.walk(ast.parse((ROOT / "api" / "downloads.py").read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    assert not {m for m in modules if m.startswith("domain.") and m.endswith((".store", ".models"))}
    assert "domain.submissions.actions" in modules

"""Every argument of every field passes domain.validation's hygiene before its resolver runs.

Codes and ids answer as SPEC section 10 says a malformed one must: a lookup
(`unit(code:)`, `submission(id:)`) reads null, as a missing record does; a
mutation naming one is NOT_FOUND; a filter is BAD_USER_INPUT. Every other
string is checked for control and invisible characters and its length by
name (domain.validation.TEXT_LIMITS), inside input objects and lists too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLResolveInfo
from strawberry.extensions import SchemaExtension

from domain import validation
from domain.errors import BadUserInput, NotFound

LOOKUPS = {("Query", "unit"), ("Query", "submission")}
# Codes a mutation creates rather than names: a malformed one is bad input, not a missing record.
NEW_CODES = {"openSchool": frozenset({"code"})}


def _malformed_identifier(name: str, value: Any) -> bool:
    if not isinstance(value, str):
        return False
    if name in validation.CODE_ARGUMENTS:
        return not validation.is_code(value)
    if name in validation.ID_ARGUMENTS:
        return validation.record_id(value) is None
    return False


def check_strings(name: str, value: Any, in_mutation: bool, new_codes: frozenset[str] = frozenset()) -> None:
    """Hygiene of every string below an argument (input objects are dicts here, lists are lists)."""
    if isinstance(value, str):
        if _malformed_identifier(name, value):
            raise _refusal(name, in_mutation and name not in new_codes)
        if name not in validation.CODE_ARGUMENTS and name not in validation.ID_ARGUMENTS:
            validation.argument_text(name, value)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_strings(key, item, in_mutation, new_codes)
    elif isinstance(value, list):
        for item in value:
            check_strings(name, item, in_mutation, new_codes)


def _refusal(name: str, in_mutation: bool) -> Exception:
    if in_mutation:
        return NotFound(f"No record has the {name} given: it does not exist.")
    return BadUserInput(f"{name} is not a valid code or id.", field=name)


class ArgumentHygiene(SchemaExtension):
    def resolve(self, _next: Callable[..., Any], root: Any, info: GraphQLResolveInfo, *args: Any, **kwargs: Any) -> Any:
        if kwargs:
            parent = info.parent_type.name
            for name, value in kwargs.items():
                if (parent, info.field_name) in LOOKUPS and _malformed_identifier(name, value):
                    return None
                in_mutation = parent == "Mutation"
                check_strings(name, value, in_mutation, NEW_CODES.get(info.field_name, frozenset()))
        return _next(root, info, *args, **kwargs)

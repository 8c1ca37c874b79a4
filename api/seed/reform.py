"""The map in force since 1 July 2025 (VN34), from the PyPI package `vietnamadminunits`: its 34 provinces and
3,321 communes with their GSO codes and names, and the official old-ward -> new-ward conversion, which places
every school of VN63 on VN34 (SPEC section 9).

Each school of a district is given one of its district's wards, deterministically (by its sequence number),
and hangs under the commune that ward converts to; a school its province manages (district part `000`)
hangs under the province its old province merged into. The conversion is read from the package's own tables
(`converter_2025.json`: undivided wards, then divided wards' default new ward), which is what its
`convert_address` does for an address without a street (tests/test_reform.py holds the two together).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from api.seed.tree import PROVINCE_MANAGED_DISTRICT, UnitRow
from domain.units.paths import key_for

NEW_MAP = "VN34"


@dataclass(frozen=True)
class Reform:
    provinces: dict[str, str]  # new province code -> name
    communes: dict[str, tuple[str, str]]  # new ward code -> (name, new province code)
    province_of_old: dict[str, str]  # old province code -> new province code
    wards_of_district: dict[str, list[str]]  # old district code -> old ward codes (sorted)
    new_ward_of_old: dict[str, str]  # old ward code (or old district code, for wardless islands) -> new ward code


@cache
def reform() -> Reform:
    import vietnamadminunits
    from vietnamadminunits.database import get_data

    data = Path(vietnamadminunits.__file__).parent / "data" / "converter_2025.json"
    conversion = json.loads(data.read_text(encoding="utf-8"))
    new = get_data(fields=["provinceCode", "province", "wardCode", "ward", "provinceKey", "wardKey"])
    old = get_data(
        fields=["provinceCode", "districtCode", "wardCode", "provinceKey", "districtKey", "wardKey"],
        table="admin_units_legacy",
    )
    new_by_key = {(r["provinceKey"], r["wardKey"]): r for r in new}
    undivided = {
        o: (p, w)
        for p, wards in conversion["DICT_PROVINCE_WARD_NO_DIVIDED"].items()
        for w, olds in wards.items()
        for o in olds
    }
    divided = {
        o: (p, next(n["newWardKey"] for n in news if n["isDefaultNewWard"]))
        for p, olds in conversion["DICT_PROVINCE_WARD_DIVIDED"].items()
        for o, news in olds.items()
    }
    province_of_old: dict[str, str] = {}
    wards: dict[str, list[str]] = {}
    new_ward_of_old: dict[str, str] = {}
    for r in old:
        full_key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        target = new_by_key[undivided.get(full_key) or divided[full_key]]
        province_of_old[r["provinceCode"]] = target["provinceCode"]
        ward = r["wardCode"] or r["districtCode"]
        wards.setdefault(r["districtCode"], []).append(ward)
        new_ward_of_old[ward] = target["wardCode"]
    return Reform(
        provinces={r["provinceCode"]: r["province"] for r in new},
        communes={r["wardCode"]: (r["ward"], r["provinceCode"]) for r in new},
        province_of_old=province_of_old,
        wards_of_district={d: sorted(w) for d, w in wards.items()},
        new_ward_of_old=new_ward_of_old,
    )


def ward_of_school(code: str) -> str | None:
    """The old ward a school of a district is given: one of its district's wards, by its sequence number."""
    wards = reform().wards_of_district.get(code[2:5])
    return wards[int(code[5:]) % len(wards)] if wards else None


def build_new_map(old_rows: Sequence[UnitRow], taken: set[str]) -> Iterator[UnitRow]:
    """The VN34 tree, parents before children, with the schools of `old_rows` (VN63) placed on it. `taken`
    holds the keys of VN63's units: a VN34 unit whose code is among them is keyed `code@VN34`."""
    r = reform()
    root = next(row for row in old_rows if row.parent_code is None)
    yield UnitRow(root.code, root.name, "NATION", "", None)
    province_key = {code: key_for(code, NEW_MAP, code in taken) for code in r.provinces}
    for code, name in sorted(r.provinces.items()):
        yield UnitRow(province_key[code], name, "PROVINCE", "", root.code, display_code=code)
    commune_key = {code: key_for(code, NEW_MAP, code in taken) for code in r.communes}
    for code, (name, province) in sorted(r.communes.items()):
        yield UnitRow(commune_key[code], name, "COMMUNE", "", province_key[province], display_code=code)
    for row in old_rows:
        if row.school_type is None:
            continue
        old_province, district = row.code[:2], row.code[2:5]
        ward = ward_of_school(row.code) if district != PROVINCE_MANAGED_DISTRICT else None
        if ward is not None:
            parent = commune_key[r.new_ward_of_old[ward]]
        else:
            parent = province_key[r.province_of_old[old_province]]
        yield UnitRow(row.code, row.name, "SCHOOL", "", parent, row.school_type)

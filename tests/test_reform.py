"""The VN34 placement of the demo schools agrees with the package's own conversion, `convert_address`."""

from __future__ import annotations

import random

from vietnamadminunits import convert_address
from vietnamadminunits.database import get_data

from api.seed.reform import reform


def test_the_conversion_tables_agree_with_convert_address_on_a_sample_of_wards() -> None:
    wards = [r for r in get_data(fields=["province", "district", "ward", "wardCode"], table="admin_units_legacy")]
    sample = random.Random(2025).sample([w for w in wards if w["wardCode"]], 60)
    table = reform().new_ward_of_old
    agreed = 0
    for ward in sample:
        converted = convert_address(f"{ward['ward']}, {ward['district']}, {ward['province']}")
        agreed += converted.ward_code == table[ward["wardCode"]]
    assert agreed == len(sample)


def test_every_old_province_merges_into_one_new_province() -> None:
    r = reform()
    assert len(r.provinces) == 34 and len(r.communes) == 3321
    assert len(r.province_of_old) == 63
    assert sorted(old for old, new in r.province_of_old.items() if new == "79") == ["74", "77", "79"]

"""The CAMEO table with Goldstein, quad/penta classes and the PLOVER mapping."""

from __future__ import annotations

import pytest

from whodid.ontology import cameo_codes, lookup


def test_every_root_and_level_is_there() -> None:
    codes = cameo_codes()
    roots = {c.root for c in codes.values()}
    assert roots == {f"{n:02d}" for n in range(1, 21)}
    assert len([c for c in codes.values() if c.level == 2]) >= 140
    assert all(-10 <= c.goldstein <= 10 and c.quad_class in (1, 2, 3, 4)
               for c in codes.values())


def test_known_codes() -> None:
    assert lookup("1212").name.lower().startswith("reject military cooperation")
    assert lookup("1212").plover_event == "REJECT"
    assert lookup("192").plover_event == "COERCE"
    assert lookup("190").quad_class == 4 and lookup("190").goldstein == -10
    assert lookup("010").plover_event is None  # statements have no PLOVER category


def test_unknown_code_names_it() -> None:
    with pytest.raises(KeyError, match="9999"):
        lookup("9999")

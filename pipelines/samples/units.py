"""Reporting units of every type, built from the organisation-name grammar (region + body + suffix).

A sample report's unit is a bureau of its domain (科学技术局 …) or, as often in real publications,
a centre, station, institute, school, hospital, venue, association, party school, court, a town
government or a street office. Bodies are invented for jixiao; region names are real (see
``regions``); town names are invented two-character names with 镇 / 乡 / 街道.

``pick_unit`` returns the domain's ``DeptKind`` renamed to the unit (so every sentence that names
the department names this unit) and a ``Unit`` saying how the unit refers to itself and how its
name is normalised in the truth (a town's unit is named by its town: 青石镇人民政府).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from . import vocab
from .regions import Region


@dataclass(frozen=True)
class UnitType:
    category: str
    bodies: tuple[str, ...]  # body + suffix, invented ({T} = an invented town name)
    self_refs: tuple[str, ...]  # how the unit calls itself in prose
    town: bool = False  # the name carries a town: the unit is town level


# Domain key (vocab.DeptKind.key) -> unit types other than the domain's bureau.
UNIT_TYPES: dict[str, tuple[UnitType, ...]] = {
    "st": (
        UnitType("center", ("科技创新服务中心", "科技成果转化促进中心", "科普宣传教育中心"), ("我中心", "本中心")),
        UnitType("station", ("地震监测站", "科技信息服务站"), ("我站", "本站")),
        UnitType("institute", ("科技情报研究所", "农业科学研究所"), ("我所", "本所")),
        UnitType("association", ("科学技术协会", "科普志愿者协会", "青年科技工作者学会"), ("我会", "本会")),
        UnitType("hospital", ("中医院", "妇幼保健院", "人民医院"), ("我院", "本院")),
    ),
    "ag": (
        UnitType("station", ("农业技术推广站", "农机安全监理站", "水土保持监测站"), ("我站", "本站")),
        UnitType("center", ("动物疫病预防控制中心", "农村经营管理服务中心"), ("我中心", "本中心")),
        UnitType("government", ("{T}镇人民政府", "{T}乡人民政府"), ("我镇", "本镇", "镇政府"), town=True),
        UnitType("street_office", ("{T}街道办事处",), ("我街道", "本街道", "街道办"), town=True),
    ),
    "ed": (
        UnitType("school", ("第二中学", "实验小学", "职业技术学校", "第一幼儿园"), ("我校", "本校")),
        UnitType("party_school", ("委党校",), ("我校", "本校")),
        UnitType("center", ("教育技术装备中心", "学生资助管理中心"), ("我中心", "本中心")),
    ),
    "ct": (
        UnitType("venue", ("文化馆", "图书馆", "博物馆"), ("我馆", "本馆")),
        UnitType("center", ("非遗保护传承中心", "文化市场综合执法大队"), ("我中心", "本单位")),
        UnitType("court", ("人民法院",), ("我院", "本院")),
    ),
}
BUREAU_SHARE = 0.55  # the domain's bureau itself, as in the reference reports

_TOWN_FIRST = "青柳白石云枫桃杏松竹梅兰金银玉龙凤鹤溪河湖岭峰"
_TOWN_SECOND = "石溪沙岭坪塘桥湾口田林源山港坝"


@dataclass(frozen=True)
class Unit:
    """How a generated unit names itself."""

    category: str
    self_refs: tuple[str, ...]
    town: str | None = None  # 青石镇 / 柳溪街道

    def truth_name(self, written_full: str, region: Region) -> str:
        """The normalised name the parser gives: a town's unit by its town, else region + name."""
        if self.town and written_full.startswith(region.name):
            return written_full[len(region.name):]
        return written_full

    @property
    def prose_refs(self) -> tuple[str, ...]:
        """Self-references used inside money and staffing sentences: a bureau's own (我局 …); other
        units say 本单位 / 我单位 there (their 我中心 / 我校 stand in the alias sentence)."""
        return self.self_refs if self.category == "bureau" else ("本单位", "我单位")

    def admin_level(self, region: Region) -> str:
        return "town" if self.town else region.admin_level


def bureau(kind: vocab.DeptKind) -> Unit:
    return Unit("bureau", ("我局", "本局", "我单位", "本部门"))


def town_name(rng: random.Random, marker: str) -> str:
    """An invented town: two characters and 镇 / 乡 / 街道."""
    return f"{rng.choice(_TOWN_FIRST)}{rng.choice(_TOWN_SECOND)}{marker}"


def pick_unit(rng: random.Random, kind: vocab.DeptKind, region: Region) -> tuple[vocab.DeptKind, Unit]:
    """The reporting unit: the domain's bureau, or another unit type of the domain."""
    types = UNIT_TYPES.get(kind.key, ())
    if not types or rng.random() < BUREAU_SHARE:
        return kind, bureau(kind)
    t = rng.choice(types)
    if t.town and region.admin_level != "county":
        return kind, bureau(kind)
    body = rng.choice(t.bodies)
    town = None
    if "{T}" in body:
        marker = "街道" if "街道" in body else ("乡" if "{T}乡" in body else "镇")
        town = town_name(rng, marker)
        body = body.replace("{T}" + marker, town)
    if t.category == "party_school":  # 中共信丰县委党校: the party prefix before the region
        body = "委党校"
    # the unit's subordinate units never include itself
    renamed = replace(kind, full=body, shorts=(body,), units=tuple(u for u in kind.units if body not in u))
    return renamed, Unit(t.category, t.self_refs, town)


def full_name(region: Region, kind: vocab.DeptKind, unit: Unit) -> str:
    """The unit's full written name: 信丰县农业技术推广站, 中共信丰县委党校, 信丰县青石镇人民政府."""
    if unit.category == "party_school":
        return f"中共{region.name}{kind.full}"
    return f"{region.name}{kind.full}"

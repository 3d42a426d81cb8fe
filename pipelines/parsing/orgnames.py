"""Organisation names of public bodies, by grammar: region prefix + name body + institutional suffix.

    [party prefix] [region chain] [generic level word] [town] body suffix
     中共 / 政协    池州市贵池区        县 / 市 / 区          柳溪镇  …    人民政府

- **Suffix** (``SUFFIXES``): the institutional word a name ends with (局, 中心, 卫生院, 人民法院,
  街道办事处, 协会, 党校 …), each with a category and how much body it needs. *Weak* suffixes
  are also ordinary words (站, 所, 处, 队, 社, 馆 …): a name ending in one needs a region or a
  level word before it (市地震监测站), or must stand alone (a form field, a signature line).
- **End of a name**: the suffix must not continue a longer word (``_NOT_AN_END``: 局长, 中心城区,
  所有, 处理 …).
- **Region chain**: region names from ``regions`` (full or short: 红河州, 石林县), each inside
  the one before; then optionally a generic level word (县科技局: the region is named
  elsewhere) and a town (X镇 / X乡 / X街道 / X苏木, below the county table).
- **Start of a name** in running text: after the last character or word that cannot be part of
  a name (``_STOP``: 的, 关于, 我, 本, 年度, digits, punctuation …); within that, at the first
  region or party prefix when there is one.
- **Body**: what is left between prefix and suffix; never a closed list. ``SHORT_FORMS``
  expands common abbreviations (科技局 -> 科学技术局) so that two spellings of one body compare
  equal; recognition never depends on it.

``find_org_names`` lists every name in a text with its span; ``parse_org_name`` reads a string
that should be exactly one name (a form field's value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.parsing.regions import Region, lookup, region_names

_LONGEST_REGION = 12


@dataclass(frozen=True)
class Suffix:
    text: str
    category: str
    min_body: int = 1  # characters of body the suffix needs (0: the region alone names it, 县人民政府)
    weak: bool = False  # also an ordinary word: needs a prefix or a standalone position


def _s(category: str, *texts: str, min_body: int = 1, weak: bool = False) -> list[Suffix]:
    return [Suffix(t, category, min_body, weak) for t in texts]


SUFFIXES: tuple[Suffix, ...] = tuple(
    _s("government", "人民政府", "政府", min_body=0)
    + _s("street_office", "街道办事处", "办事处", min_body=0)
    + _s("administrative_committee", "管理委员会", "管委会", min_body=0)
    + _s("committee", "委员会", "常委会", "工委", "委")
    + _s("bureau", "局", "厅", "署")
    + _s("office", "办公室")
    + _s("office", "办", min_body=2, weak=True)
    + _s("center", "中心")
    + _s("station", "站", "气象台", "电视台", "广播电视台", weak=True)
    + _s("institute", "研究所", "研究院", "研究室", "设计院", "科学院", "规划院")
    + _s("institute", "所", "院", weak=True)
    + _s("venue", "馆", weak=True)
    + _s("team", "大队", "支队", "中队", "队", weak=True)
    + _s("division", "处", "监狱", weak=True)
    + _s("press", "社", weak=True)
    + _s("association", "协会", "学会", "联合会", "研究会", "促进会", "基金会", "商会", "红十字会", "工会")
    + _s("association", "总工会", "科协", "侨联", "残联", "妇联", "工商联", "文联", "社科联", "团委", min_body=0)
    + _s("cppcc", "政协", min_body=0)
    + _s("party_school", "党校", "行政学院", min_body=0)
    + _s("party_department", "宣传部", "组织部", "统战部", "武装部", "人武部", "纪委", "监委", min_body=0)
    + _s("school", "学校", "中学", "小学", "幼儿园", "大学", "学院", "职业中学", "中等专业学校", "技工学校", "职业高中")
    + _s("hospital", "医院", "中医院", "卫生院", "保健院", "保健所", "防治所", "防治院", min_body=0)
    + _s("court", "人民法院", "法院", "法庭", min_body=0)
    + _s("procuratorate", "人民检察院", "检察院", min_body=0)
    + _s("enterprise", "有限公司", "有限责任公司", "公司", "集团")
    + _s("troupe", "艺术团", "歌舞团", "剧团", "团", weak=True)
    + _s("farm", "林场", "农场", "牧场", "渔场", "良种场", "苗圃", "园艺场")
    + _s("headquarters", "指挥部", "领导小组办公室")
    + _s("center", "基地", "实验室", weak=True)
    + _s("station", "电台", weak=True)
)
_BY_TEXT = {s.text: s for s in SUFFIXES}
# Categories whose names are proper names: a province's short form in them stays as written.
_PROPER_NAME_CATEGORIES = frozenset({"school", "hospital"})
_SUFFIX_RE = re.compile("|".join(sorted(map(re.escape, _BY_TEXT), key=len, reverse=True)))

# A suffix followed by these continues a longer word: it is not the end of a name.
_NOT_AN_END: dict[str, str] = {
    "局": "长面势限域外内",
    "厅": "长级堂",
    "委": "员托屈婉派任书",
    "办": "理法公好事学结件成",
    "中心": "城区组校镇村街任工环思点位主",
    "站": "点长位在稳岗台立起",
    "所": "有以在属得谓需长占做作能称用",
    "院": "长校士落内子区线所",
    "馆": "长藏内",
    "队": "伍员长列形",
    "处": "理于长置在分罚境事",
    "社": "会区长员保交团",
    "团": "结队体员长",
    "政府": "采购投资性引工部网",
    "人民政府": "采购投资性网",
    "公司": "化",
    "学院": "长",
    "大学": "生",
    "中学": "生",
    "小学": "生",
    "医院": "长",
    "法院": "长",
    "工会": "经",
    "委员会": "委",
    "商会": "议",  # 中国人民政治协商会议: the prefix, not a 商会
}

# Ordinary words that end like a name (布局, 网站, 之处 …): never a name, nor the end of one.
_WORDS_NOT_NAMES = frozenset(re.findall(r"\S+", """
    布局 格局 大局 全局 结局 开局 时局 当局 变局 新局 骗局 棋局 邮局
    团队 排队 军队 梯队 车队
    网站 驿站 岗站
    场所 厕所 住所 处所 哨所 寓所
    庭院 寺院 四合院
    饭馆 旅馆
    好处 益处 用处 之处 到处 各处 坏处 难处 长处 短处 相处 深处 出处 住处 此处 何处 不足之处
    承办 交办 举办 督办 主办 协办 创办 开办 包办 代办 照办 查办 筹办 领办 帮办 首办 经办 督查督办
    社团 兵团 军团 财团 乐团 集团化 结社
    大厅 客厅 餐厅 展厅 歌厅 门厅 服务大厅 政务大厅
    自办 国办
    部署 签署 再部署
"""))
_MAX_COMMON_WORD = max(map(len, _WORDS_NOT_NAMES))

# Characters and words that cannot be inside a name: the name starts after the last of them.
_STOP_WORDS = tuple(re.findall(r"\S+",
    "关于 根据 按照 依据 通过 经过 其中 包括 下属 所属 隶属 内设 设立 成立 负责 承担 主要 以及 同时 作为 属于 委托 "
    "报送 印发 下达 召开 落实 完成 实施 开展 组织 认真 进一步 加强 推进 围绕 配合 会同 协助 指导 支持 参加 邀请 "
    "提供 申请 获得 全年 今年 本年 上年 截至 截止 现将 特此 以下简称 简称 加挂 挂牌 合署 保留 撤销 整合 组建 划入 "
    "划转 共有 现有 核定 编制 下设 设有 联系 对接 牵头 审核 审批 批复 公开 公示 发布 转发 单位 部门 年度 项目 "
    "由于 对于 为了 自评 报告 绩效 评价 要求 以上 以内 争取 按 相关 用于 用在 拨付 下达 拜访 走访 陪同 聘请 慰问 选择 "
    "全县 全市 全区 全省 全州 全旗 全镇 全乡 本县 本市 本区 本镇 本乡 本局 本级 之处 等等 之一"))
# Single characters that never occur inside a name (安全, 基本, 普及 … keep 全, 本, 及 out of this list).
_STOP_CHARS = "的了是在把被我你他它这那每且而或又也都就已曾即凡给让使该其各此向为"
_STOP_RE = re.compile("|".join(sorted(map(re.escape, _STOP_WORDS), key=len, reverse=True))
                      + f"|[{_STOP_CHARS}]|[和与及](?=[省市州盟县区旗])")
# Words that hold a stop character but do belong to names.
_NAME_WORDS = re.compile("其他|对外|为民|参与|为老|向阳|行政审批|审批服务|机构编制")
_CJK = re.compile(r"[\u4e00-\u9fff〇]")
_NAME_CHARS = re.compile(r"[\u4e00-\u9fff〇]+")
# Bodies that name a class of units, not one unit (各乡镇人民政府, 有关单位).
_GENERIC_BODIES = frozenset({"乡镇", "街道", "县直", "市直", "区直", "有关", "相关", "上级", "同级", "主管", "下级", "基层",
                             "各级", "省直", "直属", "所属", "下属", "业务", "职能", "责任", "预算", "本级"})
MAX_NAME = 30  # characters; a longer run is prose, not a name
MAX_BODY = 18

PARTY_PREFIXES = ("中国共产党", "中国人民政治协商会议", "中共", "政协", "共青团", "中国国民党革命委员会")
# 县科技局, 市地震局, 镇政府, 自治区财政厅: the region is named elsewhere in the document (longest first)
GENERIC_LEVELS = ("自治区", "自治州", "自治县", "省", "市", "州", "盟", "县", "区", "旗", "镇", "乡")
_NOT_AFTER_GENERIC = "级直内外属域委"  # 省级…, 市直…, 县内…: not a level word of a name (县委 is the committee itself)
_TOWN = re.compile(r"([\u4e00-\u9fff]{2,4}?)(镇|乡|街道|苏木)")
_TOWN_ALONE = re.compile(r"([\u4e00-\u9fff]{2,3}?)(镇|乡|街道|苏木)")  # a town opening a name without its county
_TOWN_NOT = re.compile(r"城$|[和与及的]")  # 城乡 / 城镇 are words, not towns
_ZONE = re.compile(r"([\u4e00-\u9fff]{2,6}?)(高新技术产业开发区|经济技术开发区|高新区|经开区|开发区|新区|工业园区|园区|管理区|示范区|试验区)")

# Abbreviation -> full body (longest first). Only normalises; recognition never depends on it.
SHORT_FORMS: dict[str, str] = {
    "科技局": "科学技术局", "科委": "科学技术委员会", "教科体局": "教育科技体育局", "文广旅局": "文化广电旅游局",
    "文旅局": "文化和旅游局", "卫健委": "卫生健康委员会", "卫健局": "卫生健康局", "人社局": "人力资源和社会保障局",
    "市场监管局": "市场监督管理局", "住建局": "住房和城乡建设局", "发改委": "发展和改革委员会", "发改局": "发展和改革局",
    "工信局": "工业和信息化局", "医保局": "医疗保障局", "退役军人局": "退役军人事务局", "科协": "科学技术协会",
    "自然资源局": "自然资源局", "生态环境局": "生态环境局", "农业农村局": "农业农村局", "交通局": "交通运输局",
    "应急局": "应急管理局", "残联": "残疾人联合会", "妇联": "妇女联合会",
    "侨联": "归国华侨联合会", "工商联": "工商业联合会", "文联": "文学艺术界联合会", "社科联": "社会科学界联合会",
    "老科协": "老科技工作者协会", "管委会": "管理委员会", "城管局": "城市管理局", "水务局": "水务局",
    "机关事务局": "机关事务管理局", "政数局": "政务服务数据管理局",
}
_SHORT_RE = re.compile("|".join(sorted(map(re.escape, SHORT_FORMS), key=len, reverse=True)))


@dataclass(frozen=True)
class OrgName:
    """One organisation name as written, split by the grammar."""

    text: str  # as written (a span of the searched text)
    start: int
    end: int
    suffix: str
    category: str
    body: str  # between the prefixes and the suffix
    regions: tuple[str, ...] = ()  # the region names of the prefix, as written (池州市, 贵池区)
    region: Region | None = None  # the most specific region of the prefix (town level when a town is named)
    generic: str | None = None  # a bare level word as prefix (县 of 县科技局)
    town: str | None = None  # 柳溪镇 / 清风街道
    zone: str | None = None  # 高新区 / 开发区 … as prefix
    party: str | None = None  # 中共 / 政协 … before the region

    @property
    def core(self) -> str:
        """Body + suffix, abbreviations expanded: the same unit written two ways compares equal."""
        return expand_short_forms(f"{self.body}{self.suffix}")

    @property
    def key(self) -> str:
        """What identifies the unit within one document: the core, with its town for a town's
        units (青石镇人民政府 is not 县人民政府)."""
        return f"{self.town or ''}{self.core}"

    @property
    def has_region(self) -> bool:
        return bool(self.regions or self.town or self.zone)

    def full_name(self, region: Region | None = None) -> str:
        """The normalised name: the most specific place as written (parents dropped: 吉林省长春市X
        -> 长春市X), or ``region``'s for a bare level word or no prefix
        (县科技局 + 信丰县 -> 信丰县科学技术局: abbreviations of ``SHORT_FORMS`` expanded)."""
        party = self.party or ""
        if self.town:
            place = self.town
        elif self.zone:
            place = self.zone
        elif self.regions:
            place = self.regions[-1]
            if self.party and len(self.regions) > 1:
                place = "".join(self.regions)  # 政协云南省开远市委员会: a parent between party and place stays
            if (self.region is not None and self.region.admin_level == "province"
                    and self.category not in _PROPER_NAME_CATEGORIES):
                place = self.region.province  # 湖北残联 -> 湖北省…, but 湖北工程学院 is a proper name
        elif region is not None:
            place = region.town if region.town and (self.category in TOWN_CATEGORIES or self.generic in ("镇", "乡")) \
                else (region.matched or region.short_name_for_department)
        else:
            place = self.generic or ""
        if self.suffix == "街道办事处" and self.town:
            return f"{party}{self.town}办事处"
        core = self.core
        if self.category == "government" and self.suffix == "政府" and not self.body:
            core = "人民政府"  # 镇政府 / 县政府: the official name is 人民政府
        return f"{party}{place}{core}"

    @property
    def written_core(self) -> str:
        return f"{self.body}{self.suffix}"


TOWN_CATEGORIES = frozenset({"government", "street_office", "party_department"})


def expand_short_forms(core: str) -> str:
    """科技局 -> 科学技术局 (whole abbreviations at the end of a body only).

    >>> expand_short_forms("科技局"), expand_short_forms("县科协"), expand_short_forms("数据中心")
    ('科学技术局', '县科学技术协会', '数据中心')
    """
    ends = [m for m in _SHORT_RE.finditer(core) if m.end() == len(core)]
    if not ends:
        return core
    return core[: ends[-1].start()] + SHORT_FORMS[ends[-1].group(0)]


def _region_at(s: str, pos: int) -> str | None:
    """The longest region name starting at ``pos`` (full or short form)."""
    known = region_names()
    for length in range(min(_LONGEST_REGION, len(s) - pos), 1, -1):
        if s[pos: pos + length] in known:
            return s[pos: pos + length]
    return None


def _region_spans(s: str) -> list[tuple[int, int]]:
    """Spans of region names in ``s`` (longest at each position, left to right)."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(s):
        name = _region_at(s, i)
        if name:
            out.append((i, i + len(name)))
            i += len(name)
        else:
            i += 1
    return out


def _region_chain(s: str, context: str) -> tuple[list[str], Region | None, int]:
    """Region names at the start of ``s``, each inside the previous: (names, most specific, length)."""
    names: list[str] = []
    region: Region | None = None
    pos = 0
    while True:
        name = _region_at(s, pos)
        if name is None:
            break
        found = lookup(name, context, after=region)
        if found is None:
            break
        if region is not None and found.admin_level != "county" and found.code == region.code:
            break
        names.append(name)
        region = found
        pos += len(name)
    return names, region, pos


def _parse_prefixes(s: str, context: str, anchored: bool = True) -> tuple[dict, int]:
    """Prefix parts at the start of ``s`` and where the body starts. ``anchored``: ``s`` starts at a
    boundary (line or cell start, punctuation), not at a cut inside a run of characters."""
    out: dict = {"regions": (), "region": None, "generic": None, "town": None, "zone": None, "party": None}
    pos = 0
    for p in PARTY_PREFIXES:
        if s.startswith(p):
            out["party"], pos = p, len(p)
            break
    names, region, n = _region_chain(s[pos:], context)
    if names:
        out["regions"], out["region"] = tuple(names), region
        pos += n
    elif (level := next((g for g in GENERIC_LEVELS if s.startswith(g, pos)), None)) is not None:
        after = pos + len(level)
        if (len(s) > after and s[after] not in _NOT_AFTER_GENERIC
                and not (level in "镇乡" and s[after] in "镇乡")):  # 乡镇 is a word
            out["generic"] = level
            pos = after
    zone = _ZONE.match(s, pos)
    if zone and len(s) > zone.end():
        out["zone"], pos = zone.group(0), zone.end()
    # a town needs its county before it, or must open the name (an unanchored 力保障镇 is prose)
    town = (_TOWN if out["regions"] else _TOWN_ALONE).match(s, pos)
    town_ok = bool(out["regions"]) or (pos == 0 and anchored)
    if town and town_ok and not _TOWN_NOT.search(town.group(1)) and len(s) > town.end():
        out["town"] = town.group(0)
        if out["region"] is not None:
            out["region"] = out["region"].with_town(town.group(0))
        pos = town.end()
    return out, pos


def _build(s: str, start: int, suffix: Suffix, context: str, standalone: bool, anchored: bool = True,
           bare_ok: bool = False) -> OrgName | None:
    """``s`` (ending with the suffix) read as one name, or None when the grammar does not fit."""
    parts, body_start = _parse_prefixes(s[: len(s) - len(suffix.text)] + "\x00", context, anchored)
    body = s[body_start: len(s) - len(suffix.text)]
    if body_start > len(s) - len(suffix.text):  # a prefix ate into the suffix
        return None
    prefixed = bool(parts["regions"] or parts["generic"] or parts["town"] or parts["zone"] or parts["party"])
    bare_abbreviation = bare_ok and suffix.category == "association" and suffix.min_body == 0
    min_body = 0 if parts["party"] or bare_abbreviation else (
        suffix.min_body if (prefixed or standalone) else max(suffix.min_body, 2))
    if len(body) < min_body or len(body) > MAX_BODY:
        return None
    if suffix.weak and not (prefixed or standalone):
        return None
    if suffix.category == "government" and body and not standalone:
        return None  # the region names a government (县人民政府); 力保障镇政府 is prose
    if suffix.min_body == 0 and not body and not prefixed and not bare_abbreviation:
        return None
    if re.search(r"[〇]", body) or (body in _GENERIC_BODIES and not parts["regions"]):
        return None
    if any(s[-k:] in _WORDS_NOT_NAMES for k in range(2, min(len(s), _MAX_COMMON_WORD) + 1)):
        return None
    if suffix.text == "街道办事处" and body and parts["region"] is not None and not parts["town"]:
        parts["town"] = f"{body}街道"
        parts["region"] = parts["region"].with_town(parts["town"])
    return OrgName(s, start, start + len(s), suffix.text, suffix.category, body, parts["regions"], parts["region"],
                   parts["generic"], parts["town"], parts["zone"], parts["party"])


# A government's outpost is named after it: 某市人民政府驻北京联络处 (the name goes on past 政府).
_OUTPOST = re.compile(r"驻[\u4e00-\u9fff]{1,8}?(?:联络处|办事处|代表处|联络组|工作站)")


def _is_end(text: str, pos: int, suffix: str) -> bool:
    if suffix in ("人民政府", "政府") and _OUTPOST.match(text, pos):
        return False
    nxt = text[pos: pos + 1]
    if not nxt or not _CJK.match(nxt):
        return True
    banned = _NOT_AN_END.get(suffix, "")
    if nxt in banned:
        return False
    return _SUFFIX_RE.match(text, pos) is None or text.startswith(("党组", "党委", "机关"), pos) or bool(
        _STOP_RE.match(text, pos))


def _start_candidates(window: str, suffix_len: int) -> list[int]:
    """Where a name may start inside ``window`` (a run of name characters ending with a suffix):
    after the last stop word; then at the first region or party prefix after it."""
    exempt = _region_spans(window)
    exempt += [(m.start(), m.end()) for m in _NAME_WORDS.finditer(window)]
    cut = 0
    for m in _STOP_RE.finditer(window, 0, len(window) - suffix_len):
        if not any(s <= m.start() < e for s, e in exempt):
            cut = m.end()
    starts = []
    for i in range(cut, len(window)):
        if window.startswith(PARTY_PREFIXES, i) or (_region_at(window, i) and _region_chain(window[i:], window)[0]):
            starts.append(i)
            break
    if cut not in starts:
        starts.append(cut)
    return starts


def find_org_names(text: str, start: int = 0, end: int | None = None, context: str | None = None,
                   in_title: bool = False, limit: int = 2_000) -> list[OrgName]:
    """Every organisation name in ``text[start:end]``, in order, with spans into ``text``.
    ``in_title``: a bare abbreviation of an association (残联项目…, 科协2021年…) names the unit.
    At most ``limit`` names are returned (bounded time).

    >>> [n.text for n in find_org_names("2024年，红河州数据发展中心（以下简称“州数据中心”）实施项目15个")]
    ['红河州数据发展中心', '州数据中心']
    >>> n = find_org_names("主管部门 318-池州市贵池区柳溪镇人民政府 实施单位")[0]
    >>> n.text, n.regions, n.town, n.suffix, n.region.admin_level
    ('池州市贵池区柳溪镇人民政府', ('池州市', '贵池区'), '柳溪镇', '人民政府', 'town')
    >>> [(n.text, n.generic) for n in find_org_names("经研究，县科技局负责全县科普工作")]
    [('县科技局', '县')]
    >>> [n.text for n in find_org_names("宁都县林业局林业技术推广站2019年度绩效自评报告", in_title=True)]
    ['宁都县林业局林业技术推广站']
    """
    end = len(text) if end is None else end
    context = text[start:end][:5000] if context is None else context
    out: list[OrgName] = []
    last_end = start
    for m in _SUFFIX_RE.finditer(text, start, end):
        if m.start() < last_end or not _is_end(text, m.end(), m.group(0)):
            continue
        run_start = m.start()
        while run_start > max(start, m.end() - MAX_NAME) and _CJK.match(text[run_start - 1]):
            run_start -= 1
        run_start = max(run_start, last_end)
        if run_start > 0 and text[run_start - 1].isdigit():  # 2021年度…, 5日市财政局: a date's tail
            lead = re.match(r"年度|[年月日号度]", text[run_start: m.start()])
            run_start += lead.end() if lead else 0
        anchored = run_start == 0 or not _CJK.match(text[run_start - 1])
        window = text[run_start: m.end()]
        suffix = _BY_TEXT[m.group(0)]
        for i in _start_candidates(window, len(suffix.text)):
            standalone = _standalone(text, run_start + i, m.end())
            name = _build(window[i:], run_start + i, suffix, context, standalone, anchored and i == 0, in_title)
            if name is not None:
                if in_title:
                    name = _with_child(text, name, end, context) or name
                out.append(name)
                last_end = name.end
                break
        if len(out) >= limit:  # bounded time on pathological texts
            break
    return out


# What follows a unit named in a title: the year, brackets, the end, or the report's own words.
_CHILD_END = re.compile(r"$|[\d\s(（《“\"_\-—:：,，]|部门|单位|整体|绩效|自评|年度|项目支出|关于")
MAX_CHILD = 12


def _with_child(text: str, parent: OrgName, end: int, context: str) -> OrgName | None:
    """A title naming a unit through its parent, glued: 某县林业局林业技术推广站 is the 站, not the 局.
    The child is a body and a suffix right after the parent's name, with no stop word between."""
    limit = min(end, parent.end + MAX_CHILD + 6)
    for m in _SUFFIX_RE.finditer(text, parent.end + 2, limit):
        between = text[parent.end: m.start()]
        if not _NAME_CHARS.fullmatch(between) or _STOP_RE.search(between) or _SUFFIX_RE.match(between):
            return None
        if not _is_end(text, m.end(), m.group(0)):
            continue
        if not _CHILD_END.match(text[m.end(): m.end() + 4]):
            return None  # 某县文旅局图书馆免费开放项目: an institution inside a project's name
        whole = text[parent.start: m.end()]
        child = _build(whole, parent.start, _BY_TEXT[m.group(0)], context, standalone=False)
        if child is not None and child.body.startswith(parent.body):
            return child
        return None
    return None


def _standalone(text: str, start: int, end: int) -> bool:
    """The name fills its line or cell (a form value, a signature): no prose around it."""
    before = text[max(0, start - 12): start]
    after = text[end: end + 12]
    left_ok = before == "" or before.endswith(("\n", "\t", "|", ":", "：", " ")) or bool(re.search(r"\d-$", before))
    right_ok = after == "" or after.startswith(("\n", "\t", "|", " ", "（", "(")) or after.startswith("本级")
    return left_ok and right_ok


def parse_org_name(value: str, context: str = "") -> OrgName | None:
    """``value`` read as exactly one name (a form field's value; a leading budget code such as
    ``318006-`` or ``[318006]`` and a trailing 本级 / （盖章） are allowed).

    >>> parse_org_name("318006-池州市贵池区柳溪镇人民政府").text
    '池州市贵池区柳溪镇人民政府'
    >>> parse_org_name("青神县发展和改革局本级").full_name()
    '青神县发展和改革局'
    >>> parse_org_name("关于开展绩效评价的通知") is None
    True
    """
    s = value.strip()
    m = re.match(r"^[\[【(（]?\d{3,}[\]】)）]?\s*[-—－_]?\s*", s)
    offset = m.end() if m else 0
    s = s[offset:]
    s = re.sub(r"\s*(?:本级|机关|[（(]\s*(?:盖章|本级|机关|公章)\s*[)）])\s*$", "", s)
    if not s or len(s) > MAX_NAME or not _NAME_CHARS.fullmatch(s):
        return None
    cands = [t for t in _BY_TEXT if s.endswith(t)]  # the longest suffix ending exactly at the end
    if not cands:
        return None
    suffix = _BY_TEXT[max(cands, key=len)]
    if 0 not in _start_candidates(s, len(suffix.text)):  # prose before the name (a stop word inside)
        return None
    name = _build(s, offset, suffix, context or s, standalone=True)
    return name

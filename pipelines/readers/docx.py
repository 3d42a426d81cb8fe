""".docx reports: paragraphs and tables in document order, read from the XML with lxml.

The main part (``word/document.xml``) is walked directly rather than through python-docx:
python-docx loads every part of the package (images included) and drops automatic list
numbering, while reports rely on both merged cells and numbered headings. What is read:

* body paragraphs (also inside content controls), with automatic numbering rendered as
  the text Word shows (``一、``, ``（二）``, ``3.``), line breaks as new lines;
* tables with merged cells resolved (``gridSpan`` = colspan, ``vMerge`` = rowspan,
  ``gridBefore`` = leading empty columns); nested tables are flattened into their cell;
* not read: deleted revisions, field codes, headers/footers, footnotes, and the VML
  fallback copy of text boxes (the DrawingML copy is read).

Before anything is extracted the zip is checked (``open_zip``): a corrupt or truncated zip,
and a zip bomb (declared uncompressed size or compression ratio out of bounds), are refused
with a reason. The same guard serves ``.xlsx``.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipelines.document import Document
from pipelines.readers.base import UnreadableFile, register, sha256_of
from pipelines.readers.layout import Item, Para, Table, TCell, render

# A report's XML is a few MB; media are stored already compressed (ratio ~1).
MAX_UNCOMPRESSED_BYTES = 250_000_000
MAX_MEMBERS = 10_000
# Deflate tops out near 1000:1 on runs of one byte; real XML is 5-30:1.
MAX_RATIO = 200
RATIO_CHECK_MIN_BYTES = 4_000_000

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
W = f"{{{W_NS}}}"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def _mb(n: int) -> str:
    return f"{n / 1e6:.0f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def open_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    """The zip of an Office file, after checking it is whole and no zip bomb (nothing is extracted)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableFile(f"corrupt or truncated {kind} ({exc})") from None
    if len(infos) > MAX_MEMBERS:
        raise UnreadableFile(f"zip bomb guard: {kind} has {len(infos)} members (limit {MAX_MEMBERS})")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnreadableFile(
            f"zip bomb guard: {kind} declares {_mb(total)} uncompressed (limit {_mb(MAX_UNCOMPRESSED_BYTES)})")
    for i in infos:
        ratio = i.file_size / max(i.compress_size, 1)
        if i.file_size >= RATIO_CHECK_MIN_BYTES and ratio > MAX_RATIO:
            raise UnreadableFile(
                f"zip bomb guard: {kind} member {i.filename} expands {ratio:.0f}:1 to {_mb(i.file_size)}")
    return zf


def read_member(zf: zipfile.ZipFile, name: str, kind: str) -> bytes | None:
    """A member's bytes (None when absent); damage inside the zip is a corrupt-file reason."""
    try:
        return zf.read(name)
    except KeyError:
        return None
    except RuntimeError as exc:  # encrypted member
        raise UnreadableFile(f"password-protected {kind} ({exc})") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise UnreadableFile(f"corrupt or truncated {kind} ({name}: {exc})") from None


def parse_xml(raw: bytes, kind: str, name: str) -> etree._Element:
    try:
        return etree.fromstring(raw, _XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnreadableFile(f"corrupt {kind} ({name} is not valid XML: {exc})") from None


def main_part(zf: zipfile.ZipFile, kind: str, default: str) -> str:
    """The package's main document part, from ``_rels/.rels`` (usually ``word/document.xml``)."""
    raw = read_member(zf, "_rels/.rels", kind)
    if raw:
        rels = parse_xml(raw, kind, "_rels/.rels")
        for rel in rels.iter(f"{{{REL_NS}}}Relationship"):
            if rel.get("Type") == OFFICE_DOCUMENT and rel.get("Target"):
                return posixpath.normpath(rel.get("Target", "").lstrip("/"))
    return default


# --- automatic numbering ---------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def chinese_counting(n: int, digits: str = _CN_DIGITS, ten: str = "十") -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五.

    >>> [chinese_counting(n) for n in (1, 10, 12, 20, 105)]
    ['一', '十', '十二', '二十', '一百零五']
    """
    if n <= 0:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        if not rest:
            tail = ""
        elif rest < 10:
            tail = digits[0] + digits[rest]
        elif rest < 20:
            tail = digits[1] + chinese_counting(rest, digits, ten)
        else:
            tail = chinese_counting(rest, digits, ten)
        return digits[n // 100] + "百" + tail
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                       (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + sym, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


def format_number(n: int, fmt: str) -> str:
    """A list counter in a Word number format (``w:numFmt``)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "japaneseCounting"):
        return chinese_counting(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return chinese_counting(n, _CN_LEGAL, "拾")
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"


@dataclass
class Numbering:
    """``word/numbering.xml`` and the list counters as the document is walked."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    abstract_of: dict[str, str] = field(default_factory=dict)
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> (numId, ilvl)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, numbering: etree._Element | None, styles: etree._Element | None) -> Numbering:
        out = cls()
        if numbering is not None:
            abstract: dict[str, dict[int, _Level]] = {}
            for an in numbering.iter(f"{W}abstractNum"):
                abstract[an.get(f"{W}abstractNumId", "")] = {
                    int(lvl.get(f"{W}ilvl", "0")): _read_level(lvl) for lvl in an.iter(f"{W}lvl")
                }
            for num in numbering.iter(f"{W}num"):
                num_id = num.get(f"{W}numId", "")
                aid = _val(num.find(f"{W}abstractNumId")) or ""
                levels = dict(abstract.get(aid, {}))
                for ov in num.iter(f"{W}lvlOverride"):
                    ilvl = int(ov.get(f"{W}ilvl", "0"))
                    lvl = ov.find(f"{W}lvl")
                    if lvl is not None:
                        levels[ilvl] = _read_level(lvl)
                    start = _val(ov.find(f"{W}startOverride"))
                    if start and start.isdigit() and ilvl in levels:
                        base = levels[ilvl]
                        levels[ilvl] = _Level(int(start), base.fmt, base.text, base.suffix)
                out.levels[num_id] = levels
                out.abstract_of[num_id] = aid
        if styles is not None:
            based: dict[str, str] = {}
            for st in styles.iter(f"{W}style"):
                sid = st.get(f"{W}styleId", "")
                b = _val(st.find(f"{W}basedOn"))
                if b:
                    based[sid] = b
                num_pr = st.find(f"{W}pPr/{W}numPr")
                if num_pr is not None:
                    num_id = _val(num_pr.find(f"{W}numId"))
                    ilvl = _val(num_pr.find(f"{W}ilvl")) or "0"
                    if num_id:
                        out.style_num[sid] = (num_id, int(ilvl) if ilvl.isdigit() else 0)
            for sid, parent in based.items():  # inherit numbering through basedOn (a few levels)
                p, depth = parent, 0
                while sid not in out.style_num and p and depth < 10:
                    if p in out.style_num:
                        out.style_num[sid] = out.style_num[p]
                    p, depth = based.get(p, ""), depth + 1
        return out

    def label(self, p: etree._Element) -> str:
        """The numbering text Word shows before paragraph ``p`` (advances the counters)."""
        ppr = p.find(f"{W}pPr")
        if ppr is None:
            return ""
        num_pr = ppr.find(f"{W}numPr")
        num_id, ilvl = None, 0
        if num_pr is not None:
            num_id = _val(num_pr.find(f"{W}numId"))
            lv = _val(num_pr.find(f"{W}ilvl"))
            ilvl = int(lv) if lv and lv.isdigit() else 0
        if num_id is None:
            style = _val(ppr.find(f"{W}pStyle"))
            if style in self.style_num:
                num_id, ilvl = self.style_num[style]
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        level = levels.get(ilvl)
        if level is None:
            return ""
        key = self.abstract_of.get(num_id, num_id)
        counts = self.counters.setdefault(key, [0] * 10)
        ilvl = min(ilvl, 9)
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else level.start
        for deeper in range(ilvl + 1, 10):
            counts[deeper] = 0
        if level.fmt == "bullet":
            return ""

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k, _Level())
            return format_number(counts[k] or lv.start, lv.fmt)

        text = re.sub(r"%([1-9])", sub, level.text)
        if text and level.suffix != "nothing" and not re.search(r"[、.．)）:：]$", text):
            text += " "
        return text


def _val(el: etree._Element | None) -> str | None:
    return None if el is None else el.get(f"{W}val")


def _read_level(lvl: etree._Element) -> _Level:
    start = _val(lvl.find(f"{W}start"))
    return _Level(
        int(start) if start and start.isdigit() else 1,
        _val(lvl.find(f"{W}numFmt")) or "decimal",
        _val(lvl.find(f"{W}lvlText")) or "",
        _val(lvl.find(f"{W}suff")) or "tab",
    )


# --- text ----------------------------------------------------------------------------

_SKIP = {f"{W}pPr", f"{W}rPr", f"{W}del", f"{W}delText", f"{W}instrText", f"{W}delInstrText",
         f"{W}footnoteReference", f"{W}endnoteReference", f"{W}commentReference", f"{W}fldChar",
         f"{{{MC_NS}}}Fallback", f"{W}tblPr", f"{W}tcPr", f"{W}trPr", f"{W}sectPr"}


def _collect(el: etree._Element, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == f"{W}t":
            out.append(child.text or "")
        elif tag in (f"{W}tab", f"{W}ptab"):
            out.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            if child.get(f"{W}type") not in ("page", "column"):
                out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        elif tag in (f"{W}p", f"{W}tbl"):  # a text box or a nested table inside a run
            out.append("\n")
            _collect(child, out)
            out.append("\n")
        else:
            _collect(child, out)


def paragraph_text(p: etree._Element, numbering: Numbering) -> str:
    out: list[str] = [numbering.label(p)]
    _collect(p, out)
    return "".join(out)


def _cell_text(tc: etree._Element, numbering: Numbering) -> str:
    lines: list[str] = []
    for child in tc:
        if child.tag == f"{W}p":
            lines.append(paragraph_text(child, numbering))
        elif child.tag == f"{W}tbl":  # a nested table: its cells' text, row by row
            for tr in child.iter(f"{W}tr"):
                lines.append(" ".join(_cell_text(c, numbering) for c in tr.iter(f"{W}tc")))
        elif isinstance(child.tag, str) and child.tag not in _SKIP:
            lines.append(_cell_text(child, numbering))
    return "\n".join(lines)


def _cells_of(tr: etree._Element) -> Iterator[etree._Element]:
    for child in tr:
        if child.tag == f"{W}tc":
            yield child
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            content = child.find(f"{W}sdtContent")
            yield from _cells_of(content if content is not None else child)


def table_cells(tbl: etree._Element, numbering: Numbering) -> list[TCell]:
    """Cells with merges resolved: gridSpan -> colspan, vMerge continuation -> rowspan of the cell above."""
    cells: list[TCell] = []
    open_at: dict[int, TCell] = {}  # column -> the cell a vMerge continuation extends
    rows = [tr for tr in tbl if tr.tag == f"{W}tr"]
    for r, tr in enumerate(rows):
        col = int(_val(tr.find(f"{W}trPr/{W}gridBefore")) or 0)
        for tc in _cells_of(tr):
            tcpr = tc.find(f"{W}tcPr")
            span = _val(tcpr.find(f"{W}gridSpan")) if tcpr is not None else None
            colspan = int(span) if span and span.isdigit() and int(span) > 0 else 1
            vmerge = tcpr.find(f"{W}vMerge") if tcpr is not None else None
            if vmerge is not None and _val(vmerge) != "restart" and col in open_at:
                above = open_at[col]
                above.rowspan = r - above.row + 1
            else:
                cell = TCell(r, col, _cell_text(tc, numbering), 1, colspan)
                cells.append(cell)
                for k in range(col, col + colspan):
                    open_at.pop(k, None)
                open_at[col] = cell
            col += colspan
    return cells


def body_items(body: etree._Element, numbering: Numbering, counter: dict[str, int]) -> Iterator[Item]:
    for el in body:
        if el.tag == f"{W}p":
            counter["p"] += 1
            yield Para(paragraph_text(el, numbering), f"paragraph {counter['p']}")
        elif el.tag == f"{W}tbl":
            counter["t"] += 1
            yield Table(table_cells(el, numbering), f"table {counter['t']}")
        elif el.tag in (f"{W}sdt", f"{W}customXml", f"{W}sdtContent"):
            content = el.find(f"{W}sdtContent")
            yield from body_items(content if content is not None else el, numbering, counter)


def docx_document(data: bytes, *, source_path: str, file_sha256: str, fmt: str = "docx") -> Document:
    """A Document from the bytes of a .docx (also used for converted .doc files)."""
    kind = ".docx"
    zf = open_zip(data, kind)
    name = main_part(zf, kind, "word/document.xml")
    raw = read_member(zf, name, kind)
    if raw is None:
        raise UnreadableFile(f"not a Word document: no {name} in the zip")
    root = parse_xml(raw, kind, name)
    body = root.find(f"{W}body")
    if body is None:
        raise UnreadableFile(f"corrupt {kind} ({name} has no document body)")
    folder = posixpath.dirname(name)
    extra = {}
    for part in ("numbering", "styles"):
        raw_part = read_member(zf, posixpath.join(folder, f"{part}.xml"), kind)
        extra[part] = parse_xml(raw_part, kind, f"{part}.xml") if raw_part else None
    numbering = Numbering.load(extra["numbering"], extra["styles"])
    items = list(body_items(body, numbering, {"p": 0, "t": 0}))
    return render(items, source_path=source_path, file_sha256=file_sha256, fmt=fmt)


@register(".docx")
def read_docx(path: Path, data: bytes, display_name: str) -> Document:
    return docx_document(data, source_path=display_name, file_sha256=sha256_of(data))

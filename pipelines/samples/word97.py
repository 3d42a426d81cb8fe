"""Write a minimal Word 97-2003 ``.doc`` (text paragraphs only), with no office suite.

A ``.doc`` is an OLE2 compound file ([MS-CFB], version 3, 512-byte sectors) holding a
``WordDocument`` stream (the File Information Block, then the text) and a ``1Table`` stream
(the piece table that says where the text is, a one-entry style sheet, the section table
and the document properties) — the parts [MS-DOC] requires and that antiword and
LibreOffice read. The text is stored as UTF-16LE (Chinese needs it), one Word paragraph per
line. Character and paragraph formatting are left at their defaults.

Used to make the project's own ``.doc`` fixtures (``tests/fixtures/doc/``) reproducibly:
the same paragraphs always give the same bytes.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from pathlib import Path

SECTOR = 512
MIN_STREAM = 4096  # streams below the mini-stream cutoff would need a mini FAT: pad instead
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF

FIB_SIZE = 0x384  # FibBase + FibRgW97 + FibRgLw97 + FibRgFcLcb97 (nFib 0x00C1) + cswNew
TEXT_OFFSET = 0x400  # where the text starts in the WordDocument stream
LID_ZH_CN = 0x0804
# FibRgFcLcb97 indices of the structures written (each an (fc, lcb) pair at 0x9A + 8 * index)
FC_STSHF, FC_PLCFSED, FC_DOP, FC_CLX = 1, 6, 31, 33


def _le16(v: int) -> bytes:
    return struct.pack("<H", v)


def _le32(v: int) -> bytes:
    return struct.pack("<I", v)


# --- the Word part ------------------------------------------------------------------------

def _stylesheet() -> bytes:
    """A STSH with one style, Normal (istd 0, paragraph style, empty formatting)."""
    stshi = b"".join([
        _le16(1),  # cstd: one style
        _le16(10),  # cbSTDBaseInFile: STD base of Word 97
        _le16(1),  # fStdStylenamesWritten
        _le16(0x5B),  # stiMaxWhenSaved
        _le16(0x0F),  # istdMaxFixedWhenSaved
        _le16(0),  # nVerBuiltInNamesWhenSaved
        _le16(0), _le16(0), _le16(0),  # ftcAsci, ftcFE, ftcOther: font 0
    ])
    name = "Normal"
    std = b"".join([
        _le16(0x0000),  # sti 0 (Normal), no flags
        _le16(0x0001 | (0x0FFF << 4)),  # stk paragraph, istdBase none (0xFFF)
        _le16(0x0002),  # cupx 2 (paragraph + character), istdNext 0
        _le16(0),  # bchUpe
        _le16(0),  # grfstd
        _le16(len(name)), name.encode("utf-16-le"), _le16(0),  # xstzName
    ])
    std += b"\x00" if len(std) % 2 else b""
    upx_papx = _le16(2) + _le16(0)  # cbUpx, istd 0, no sprms
    upx_chpx = _le16(0)  # cbUpx 0
    std += upx_papx + upx_chpx
    return _le16(len(stshi)) + stshi + _le16(len(std)) + std


def _section_table(ccp: int) -> bytes:
    """PlcfSed: one section over the whole text, no section properties (fcSepx = -1)."""
    sed = _le16(0) + struct.pack("<i", -1) + _le16(0) + _le32(0)
    return _le32(0) + _le32(ccp) + sed


def _dop() -> bytes:
    """Document properties: all defaults (a Word 97 DOP is 500 bytes)."""
    return bytes(500)


def _clx(ccp: int) -> bytes:
    """The piece table: the whole text as one uncompressed (UTF-16) piece at TEXT_OFFSET."""
    plcpcd = _le32(0) + _le32(ccp) + _le16(0) + _le32(TEXT_OFFSET) + _le16(0)
    return b"\x02" + _le32(len(plcpcd)) + plcpcd


def _fib(ccp: int, text_end: int, table: dict[int, tuple[int, int]]) -> bytes:
    fib = bytearray(FIB_SIZE)
    struct.pack_into("<HHHHH", fib, 0x00, 0xA5EC, 0x00C1, 0x6A62, LID_ZH_CN, 0)
    # flags: fComplex (the text is described by the piece table) | fWhichTblStm (1Table) | fExtChar
    struct.pack_into("<H", fib, 0x0A, 0x0004 | 0x0200 | 0x1000)
    struct.pack_into("<H", fib, 0x0C, 0x00BF)  # nFibBack
    struct.pack_into("<II", fib, 0x18, TEXT_OFFSET, text_end)  # fcMin, fcMac (legacy readers)
    struct.pack_into("<H", fib, 0x20, 14)  # csw: FibRgW97 is 14 words
    struct.pack_into("<H", fib, 0x3C, LID_ZH_CN)  # lidFE
    struct.pack_into("<H", fib, 0x3E, 22)  # cslw: FibRgLw97 is 22 longs
    struct.pack_into("<I", fib, 0x40, text_end)  # cbMac
    struct.pack_into("<i", fib, 0x4C, ccp)  # ccpText (no footnotes, headers, ... follow)
    struct.pack_into("<H", fib, 0x98, 0x5D)  # cbRgFcLcb: 93 pairs (Word 97)
    for index, (fc, lcb) in table.items():
        struct.pack_into("<II", fib, 0x9A + 8 * index, fc, lcb)
    struct.pack_into("<H", fib, 0x382, 0)  # cswNew: no FibRgCswNew
    return bytes(fib)


def word_streams(paragraphs: Sequence[str]) -> dict[str, bytes]:
    """The ``WordDocument`` and ``1Table`` streams holding ``paragraphs`` (one line each)."""
    text = "".join(p.replace("\r", " ").replace("\n", " ") + "\r" for p in paragraphs) or "\r"
    encoded = text.encode("utf-16-le")
    ccp = len(encoded) // 2  # characters (UTF-16 code units, as Word counts them)
    parts = {FC_STSHF: _stylesheet(), FC_PLCFSED: _section_table(ccp), FC_DOP: _dop(), FC_CLX: _clx(ccp)}
    table_stream = b""
    pairs = {}
    for index, blob in parts.items():
        pairs[index] = (len(table_stream), len(blob))
        table_stream += blob
    text_end = TEXT_OFFSET + len(encoded)
    word = _fib(ccp, text_end, pairs).ljust(TEXT_OFFSET, b"\x00") + encoded
    return {"WordDocument": word.ljust(MIN_STREAM, b"\x00"), "1Table": table_stream.ljust(MIN_STREAM, b"\x00")}


# --- the compound file --------------------------------------------------------------------

def _dir_entry(name: str, kind: int, *, child: int = NOSTREAM, left: int = NOSTREAM, right: int = NOSTREAM,
               red: bool = False, start: int = ENDOFCHAIN, size: int = 0) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le") if name else b""
    return b"".join([
        encoded.ljust(64, b"\x00"), _le16(len(encoded)), bytes([kind, 0 if red else 1]),
        _le32(left), _le32(right), _le32(child), bytes(16), _le32(0), bytes(16),
        _le32(start), _le32(size), _le32(0),
    ])


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE2 compound file (v3) with the given streams under the root storage.

    Every stream must be at least 4096 bytes (no mini stream is written). The directory is a
    valid red-black tree: the streams sorted as [MS-CFB] compares names, the middle one
    black at the top, the others red.
    """
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    if any(len(streams[n]) < MIN_STREAM for n in names):
        raise ValueError(f"every stream must be at least {MIN_STREAM} bytes")
    if len(names) > 3:
        raise ValueError("at most three streams (one directory sector)")
    data_sectors = {n: -(-len(streams[n]) // SECTOR) for n in names}
    n_data = sum(data_sectors.values()) + 1  # + one directory sector
    n_fat = 1
    while n_fat * (SECTOR // 4) < n_data + n_fat:
        n_fat += 1
    if n_fat > 109:
        raise ValueError("file too large for a header-only DIFAT")
    fat = [FATSECT] * n_fat
    dir_sector = len(fat)
    fat.append(ENDOFCHAIN)
    starts = {}
    for n in names:
        starts[n] = len(fat)
        count = data_sectors[n]
        fat.extend(range(len(fat) + 1, len(fat) + count))
        fat.append(ENDOFCHAIN)
    fat.extend([FREESECT] * (n_fat * (SECTOR // 4) - len(fat)))

    top = len(names) // 2  # directory ids: 0 root, 1.. the streams in sorted order
    entries = [_dir_entry("Root Entry", 5, child=top + 1)]
    for i, n in enumerate(names):
        entries.append(_dir_entry(
            n, 2, red=i != top, start=starts[n], size=len(streams[n]),
            left=(i if i == top and top > 0 else NOSTREAM),
            right=(i + 2 if i == top and top + 1 < len(names) else NOSTREAM),
        ))
    directory = b"".join(entries).ljust(SECTOR, b"\x00")
    # unused directory slots must read as empty entries with no siblings
    directory = directory[: 128 * len(entries)] + b"".join(
        _dir_entry("", 0) for _ in range(4 - len(entries)))

    difat = [*range(n_fat), *[FREESECT] * (109 - n_fat)]
    header = b"".join([
        bytes.fromhex("D0CF11E0A1B11AE1"), bytes(16), _le16(0x003E), _le16(0x0003), _le16(0xFFFE),
        _le16(9), _le16(6), bytes(6), _le32(0), _le32(n_fat), _le32(dir_sector), _le32(0),
        _le32(MIN_STREAM), _le32(ENDOFCHAIN), _le32(0), _le32(ENDOFCHAIN), _le32(0),
        b"".join(_le32(x) for x in difat),
    ])
    body = b"".join(_le32(x) for x in fat) + directory
    for n in names:
        body += streams[n].ljust(data_sectors[n] * SECTOR, b"\x00")
    return header + body


def write_doc(paragraphs: Sequence[str], path: Path) -> Path:
    """Write ``paragraphs`` as a Word 97-2003 document at ``path``."""
    path = Path(path)
    path.write_bytes(compound_file(word_streams(paragraphs)))
    return path


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m pipelines.samples.word97 IN.txt OUT.doc``: one paragraph per line of IN."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        raise SystemExit("usage: python -m pipelines.samples.word97 IN.txt OUT.doc")
    lines = Path(args[0]).read_text(encoding="utf-8").split("\n")
    write_doc(lines[:-1] if lines and lines[-1] == "" else lines, Path(args[1]))


if __name__ == "__main__":
    main()

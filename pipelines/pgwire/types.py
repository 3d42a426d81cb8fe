"""PostgreSQL type OIDs for DuckDB types, and the text / binary encodings of values and parameters."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
import struct
import uuid
from collections.abc import Callable
from typing import Any

# name -> (oid, array oid, typlen, category); the types a DuckDB result is described with
PG_TYPES: dict[str, tuple[int, int, int, str]] = {
    "bool": (16, 1000, 1, "B"),
    "bytea": (17, 1001, -1, "U"),
    "char": (18, 1002, 1, "S"),
    "name": (19, 1003, 64, "S"),
    "int8": (20, 1016, 8, "N"),
    "int2": (21, 1005, 2, "N"),
    "int4": (23, 1007, 4, "N"),
    "text": (25, 1009, -1, "S"),
    "oid": (26, 1028, 4, "N"),
    "json": (114, 199, -1, "U"),
    "float4": (700, 1021, 4, "N"),
    "float8": (701, 1022, 8, "N"),
    "varchar": (1043, 1015, -1, "S"),
    "date": (1082, 1182, 4, "D"),
    "time": (1083, 1183, 8, "D"),
    "timestamp": (1114, 1115, 8, "D"),
    "timestamptz": (1184, 1185, 8, "D"),
    "interval": (1186, 1187, 16, "T"),
    "numeric": (1700, 1231, -1, "N"),
    "uuid": (2950, 2951, 16, "U"),
}
OID_NAMES = {oid: name for name, (oid, _, _, _) in PG_TYPES.items()}
ARRAY_OIDS = {arr: name for name, (_, arr, _, _) in PG_TYPES.items()}
TEXT_OID = 25

_DUCK_TO_PG = {
    "BOOLEAN": "bool", "TINYINT": "int2", "SMALLINT": "int2", "UTINYINT": "int2", "INTEGER": "int4",
    "USMALLINT": "int4", "BIGINT": "int8", "UINTEGER": "int8", "UBIGINT": "numeric", "HUGEINT": "numeric",
    "UHUGEINT": "numeric", "FLOAT": "float4", "DOUBLE": "float8", "DECIMAL": "numeric", "VARCHAR": "text",
    "BLOB": "bytea", "DATE": "date", "TIME": "time", "TIMESTAMP": "timestamp", "TIMESTAMP_S": "timestamp",
    "TIMESTAMP_MS": "timestamp", "TIMESTAMP_NS": "timestamp", "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "INTERVAL": "interval", "UUID": "uuid", "JSON": "json",
}
_DECIMAL = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")


def pg_type(duck_type: str) -> tuple[int, int]:
    """(type oid, typmod) of a DuckDB type name such as ``DECIMAL(18,2)`` or ``VARCHAR[]``."""
    t = duck_type.strip().upper()
    if t.endswith("[]"):
        inner = _DUCK_TO_PG.get(t[:-2].split("(")[0])
        return (PG_TYPES[inner][1] if inner else PG_TYPES["text"][1]), -1
    m = _DECIMAL.fullmatch(t)
    if m:
        return PG_TYPES["numeric"][0], ((int(m[1]) << 16) | int(m[2])) + 4
    name = _DUCK_TO_PG.get(t.split("(")[0], "text")
    return PG_TYPES[name][0], -1


# --- text encoding (format 0) --------------------------------------------------------------------

def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime):
        s = value.isoformat(sep=" ")
        return s[:-3] if value.tzinfo and s.endswith(":00") else s
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return f"{value.days} days {value.seconds // 3600:02d}:{value.seconds % 3600 // 60:02d}:" \
               f"{value.seconds % 60:02d}.{value.microseconds:06d}"
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\x" + bytes(value).hex()
    if isinstance(value, list | tuple):
        return "{" + ",".join("NULL" if v is None else _array_item(v) for v in value) + "}"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, float):
        return repr(value) if value == value and value not in (float("inf"), float("-inf")) else \
            {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}[repr(value)]
    return str(value)


def _array_item(value: Any) -> str:
    s = _text(value)
    if s == "" or any(c in s for c in ' ,{}"\\') or s.upper() == "NULL":
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return s


def encode_text(value: Any) -> bytes:
    return _text(value).encode("utf-8")


# --- binary encoding (format 1) ------------------------------------------------------------------

_PG_EPOCH = dt.datetime(2000, 1, 1)
_PG_EPOCH_DATE = dt.date(2000, 1, 1)


def _numeric_binary(value: Any) -> bytes:
    d = decimal.Decimal(value)
    if d.is_nan():
        return struct.pack("!hhHh", 0, 0, 0xC000, 0)
    sign, digits, exp = d.as_tuple()
    scale = max(0, -exp)
    text = ("".join(map(str, digits)) + "0" * max(0, exp)).rjust(scale + 1, "0")
    int_part, frac_part = (text[:len(text) - scale] or "0"), text[len(text) - scale:] if scale else ""
    int_part = int_part.lstrip("0")
    int_groups = [int(int_part[max(0, i - 4):i]) for i in range(len(int_part), 0, -4)][::-1] if int_part else []
    frac_part += "0" * (-len(frac_part) % 4)
    frac_groups = [int(frac_part[i:i + 4]) for i in range(0, len(frac_part), 4)]
    groups = int_groups + frac_groups
    weight = len(int_groups) - 1
    while groups and groups[-1] == 0:
        groups.pop()
    while groups and groups[0] == 0:
        groups.pop(0)
        weight -= 1
    if not groups:
        weight = 0
    return struct.pack(f"!hhHh{len(groups)}H", len(groups), weight, 0x4000 if sign else 0, scale, *groups)


_BINARY: dict[int, Callable[[Any], bytes]] = {
    16: lambda v: b"\x01" if v else b"\x00",
    17: lambda v: bytes(v),
    20: lambda v: struct.pack("!q", int(v)),
    21: lambda v: struct.pack("!h", int(v)),
    23: lambda v: struct.pack("!i", int(v)),
    26: lambda v: struct.pack("!I", int(v)),
    700: lambda v: struct.pack("!f", float(v)),
    701: lambda v: struct.pack("!d", float(v)),
    25: lambda v: _text(v).encode("utf-8"),
    1043: lambda v: _text(v).encode("utf-8"),
    19: lambda v: _text(v).encode("utf-8"),
    1082: lambda v: struct.pack("!i", (v - _PG_EPOCH_DATE).days),
    1114: lambda v: struct.pack("!q", (v - _PG_EPOCH) // dt.timedelta(microseconds=1)),
    1184: lambda v: struct.pack("!q", (v.astimezone(dt.UTC).replace(tzinfo=None) - _PG_EPOCH) // dt.timedelta(microseconds=1)),
    1700: _numeric_binary,
    2950: lambda v: uuid.UUID(str(v)).bytes,
}


def encoder(oid: int, fmt: int) -> Callable[[Any], bytes]:
    """The encoder of a column of type ``oid`` in format 0 (text) or 1 (binary)."""
    if fmt == 1:
        if oid not in _BINARY:
            raise ValueError(f"binary format is not supported for type oid {oid}")
        return _BINARY[oid]
    return encode_text


# --- parameters ------------------------------------------------------------------------------------

def decode_param(raw: bytes | None, oid: int, fmt: int) -> Any:
    """A Bind parameter as a Python value DuckDB binds (text by declared type; binary for common types)."""
    if raw is None:
        return None
    if fmt == 1:
        if oid in (21, 23, 20):
            return int.from_bytes(raw, "big", signed=True)
        if oid == 700:
            return struct.unpack("!f", raw)[0]
        if oid == 701:
            return struct.unpack("!d", raw)[0]
        if oid == 16:
            return raw != b"\x00"
        if oid == 1082:
            return _PG_EPOCH_DATE + dt.timedelta(days=struct.unpack("!i", raw)[0])
        if oid in (1114, 1184):
            return _PG_EPOCH + dt.timedelta(microseconds=struct.unpack("!q", raw)[0])
        if oid == 17:
            return raw
        return raw.decode("utf-8")
    text = raw.decode("utf-8")
    if oid in (20, 21, 23, 26):
        return int(text)
    if oid in (700, 701):
        return float(text)
    if oid == 1700:
        return decimal.Decimal(text)
    if oid == 16:
        return text.lower() in ("t", "true", "1", "yes", "on")
    if oid == 1082:
        return dt.date.fromisoformat(text)
    if oid in ARRAY_OIDS:
        inner = PG_TYPES[ARRAY_OIDS[oid]][0]
        return [decode_param(None if item is None else item.encode(), inner, 0) for item in parse_array(text)]
    return text


def parse_array(text: str) -> list[str | None]:
    """The items of a one-dimensional PostgreSQL array literal such as ``{a,"b c",NULL}``."""
    body = text.strip()
    if not (body.startswith("{") and body.endswith("}")):
        return [text]
    body = body[1:-1]
    items: list[str | None] = []
    i, n = 0, len(body)
    while i < n:
        if body[i] == '"':
            j, buf = i + 1, []
            while j < n and body[j] != '"':
                if body[j] == "\\":
                    j += 1
                buf.append(body[j])
                j += 1
            items.append("".join(buf))
            i = j + 2
        else:
            j = body.find(",", i)
            j = n if j < 0 else j
            item = body[i:j].strip()
            items.append(None if item.upper() == "NULL" else item)
            i = j + 1
    return items

"""A read-only PostgreSQL wire-protocol endpoint over the published warehouse (``jixiao serve``).

Protocol 3.0 as clients use it: startup (SSL and GSS requests answered "no"), MD5 password
authentication, the simple query protocol (several statements per message) and the extended
one (Parse / Bind / Describe / Execute / Sync / Close / Flush, typed parameters in text or
binary, results in text or binary), ErrorResponse with SQLSTATE, transaction status.

Each connection runs on its own thread with its own DuckDB cursor on a *snapshot*: an
in-memory DuckDB with the published file attached read-only as ``jixiao`` and the PostgreSQL
catalog of :mod:`pipelines.pgwire.catalog`. Before each statement outside a transaction the
session checks whether the published file was replaced (a publish or rollback swaps it
atomically); if so it moves to a snapshot of the new file, so the next query sees the new
data, while queries already running finish on the old one. External file access is off and
the configuration locked, so SQL cannot read or write files; statements other than queries
are refused with SQLSTATE 25006.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
import socket
import socketserver
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipelines.pgwire import catalog
from pipelines.pgwire.types import TEXT_OID, decode_param, encoder, pg_type

log = logging.getLogger("jixiao.serve")
DATABASE = "jixiao"
_ALLOWED = {"SELECT", "EXPLAIN", "PRAGMA", "SET", "VARIABLE_SET", "CALL"}
_CATALOG_REF = re.compile(r"\b(pg_\w+|information_schema)\b", re.I)
_SQLSTATE = [("Catalog Error", "42P01"), ("Parser Error", "42601"), ("Binder Error", "42703"),
             ("Conversion Error", "22P02"), ("Invalid Input Error", "22023"), ("Out of Range Error", "22003"),
             ("Permission Error", "42501"), ("Interrupt", "57014")]


class PgError(Exception):
    """An error sent to the client as ErrorResponse."""

    def __init__(self, message: str, sqlstate: str = "XX000") -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def _from_duckdb(exc: Exception) -> PgError:
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    state = next((code for prefix, code in _SQLSTATE if first.startswith(prefix)), "XX000")
    if "does not exist" in first and "Function" in first:
        state = "42883"
    return PgError(first, state)


# --- snapshots of the published file -----------------------------------------------------------------

class Snapshot:
    """One published file, attached read-only, with the PostgreSQL catalog built over it."""

    def __init__(self, path: Path, identity: tuple[int, int, int]) -> None:
        self.identity = identity
        self.refs = 0
        self.retired = False
        self.con = duckdb.connect(":memory:", config={"threads": 2})
        try:
            self.con.execute(f"attach '{str(path).replace(chr(39), chr(39) * 2)}' as {DATABASE} (read_only)")
            catalog.build(self.con, DATABASE)
            self.con.execute(f"use {DATABASE}.main")
            self.con.execute("set enable_external_access = false")
            self.con.execute("set lock_configuration = true")
        except Exception:
            self.con.close()
            raise

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = self.con.cursor()
        cur.execute(f"use {DATABASE}.main")
        return cur

    def close(self) -> None:
        self.con.close()


class Snapshots:
    """The current snapshot of a published file; a new one when the file is replaced."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._current: Snapshot | None = None

    def _identity(self) -> tuple[int, int, int]:
        st = os.stat(self.path)
        return st.st_ino, st.st_mtime_ns, st.st_size

    def acquire(self) -> Snapshot:
        """The snapshot of the file as it is now (counted until :meth:`release`)."""
        with self._lock:
            try:
                identity = self._identity()
            except FileNotFoundError:
                raise PgError(f"no published warehouse at {self.path}", "58P01") from None
            if self._current is None or self._current.identity != identity:
                new = Snapshot(self.path, identity)
                old, self._current = self._current, new
                if old is not None:
                    old.retired = True
                    if old.refs == 0:
                        old.close()
            self._current.refs += 1
            return self._current

    def release(self, snap: Snapshot) -> None:
        with self._lock:
            snap.refs -= 1
            if snap.retired and snap.refs == 0:
                snap.close()

    def check(self) -> None:
        """Open the current file once (raises if it cannot be served)."""
        self.release(self.acquire())

    def close(self) -> None:
        with self._lock:
            if self._current is not None and self._current.refs == 0:
                self._current.close()
            self._current = None


# --- results -------------------------------------------------------------------------------------------

@dataclass
class Result:
    """What one statement produced: columns (name, type oid, typmod) and rows, or just a command tag."""

    tag: str
    columns: list[tuple[str, int, int]] | None = None
    rows: Iterator[tuple] | None = None
    formats: list[int] = field(default_factory=list)
    sent: int = 0  # rows sent so far (a portal may be executed in several steps)


def _fetch(cur: duckdb.DuckDBPyConnection) -> Iterator[tuple]:
    while batch := cur.fetchmany(2048):
        yield from batch


# --- sessions ------------------------------------------------------------------------------------------

@dataclass
class Prepared:
    sql: str
    param_oids: list[int]


@dataclass
class Portal:
    prepared: Prepared
    params: list[Any]
    result_formats: list[int]
    result: Result | None = None


class Session:
    """One client connection's state: settings, transaction, prepared statements and portals."""

    def __init__(self, snapshots: Snapshots, user: str) -> None:
        self.snapshots = snapshots
        self.settings = catalog.server_settings(DATABASE) | {"session_authorization": user}
        self.snapshot: Snapshot | None = None
        self.cur: duckdb.DuckDBPyConnection | None = None
        self.in_tx = False
        self.failed_tx = False
        self.prepared: dict[str, Prepared] = {}
        self.portals: dict[str, Portal] = {}

    def status(self) -> bytes:
        return b"E" if self.failed_tx else (b"T" if self.in_tx else b"I")

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        if not self.in_tx or self.cur is None:
            snap = self.snapshots.acquire()
            if snap is self.snapshot:
                self.snapshots.release(snap)
            else:
                self._leave()
                self.snapshot, self.cur = snap, snap.cursor()
        assert self.cur is not None
        return self.cur

    def _leave(self) -> None:
        if self.cur is not None:
            self.cur.close()
        if self.snapshot is not None:
            self.snapshots.release(self.snapshot)
        self.cur, self.snapshot = None, None

    def close(self) -> None:
        self._leave()

    def execute(self, sql: str, params: list[Any] | None = None, describe_only: bool = False) -> Result:
        """Run one statement (already split) and return its result."""
        words = sql.strip().rstrip(";").split(None, 3)
        head = [w.upper() for w in words[:3]]
        if not head:
            return Result("EMPTY")
        if self.failed_tx and head[0] not in ("ROLLBACK", "ABORT", "COMMIT", "END"):
            raise PgError("current transaction is aborted, commands ignored until end of transaction block", "25P02")
        command = self._command(head, sql.strip().rstrip(";"))
        if command is not None:
            return command
        cur = self._cursor()
        rewritten = catalog.rewrite(sql)
        try:
            statements = cur.extract_statements(rewritten)
        except duckdb.Error as exc:
            return self._catalog_fallback(sql, exc)
        for st in statements:
            kind = str(st.type).split(".")[-1]
            if kind not in _ALLOWED:
                raise PgError(f"cannot execute {kind} in a read-only transaction", "25006")
        try:
            if describe_only and params is not None:
                params = [None] * len(params)
            if describe_only and len(statements) == 1 and str(statements[0].type).endswith("SELECT"):
                rewritten = f"select * from ({rewritten.strip().rstrip(';')}) limit 0"  # columns, not rows
            if params:
                cur.execute(rewritten, params)
            else:
                cur.execute(rewritten)
        except duckdb.Error as exc:
            return self._catalog_fallback(sql, exc)
        if cur.description is None:
            return Result("SELECT 0" if statements and str(statements[-1].type).endswith("SELECT") else "SET")
        columns = [(d[0], *pg_type(str(d[1]))) for d in cur.description]
        return Result("SELECT", columns, _fetch(cur))

    def _catalog_fallback(self, sql: str, exc: Exception) -> Result:
        """A catalog query this emulation cannot run answers with no rows (logged); any other error is raised."""
        if not _CATALOG_REF.search(sql):
            raise _from_duckdb(exc)
        names = _output_columns(sql)
        if names is None:
            raise _from_duckdb(exc)
        log.warning("catalog query answered with no rows (%s): %s", str(exc).splitlines()[0], " ".join(sql.split())[:500])
        return Result("SELECT", [(n, TEXT_OID, -1) for n in names], iter(()))

    def _command(self, head: list[str], sql: str) -> Result | None:
        """Transaction control, SET / SHOW / RESET and friends, answered without DuckDB."""
        first = head[0]
        if first in ("BEGIN", "START"):
            if not self.in_tx:
                self._cursor()  # a transaction reads the file published when it began
            self.in_tx = True
            return Result("BEGIN")
        if first in ("COMMIT", "END", "ROLLBACK", "ABORT"):
            if len(head) > 1 and head[1] == "TO" or (len(head) > 2 and head[2] == "TO"):
                self.failed_tx = False
                return Result("ROLLBACK")
            tag = "ROLLBACK" if first in ("ROLLBACK", "ABORT") or self.failed_tx else "COMMIT"
            self.in_tx = self.failed_tx = False
            return Result(tag)
        if first in ("SAVEPOINT", "RELEASE"):
            return Result(first)
        if first in ("DISCARD", "RESET", "DEALLOCATE", "LISTEN", "UNLISTEN"):
            if first == "DEALLOCATE":
                name = sql.split()[-1].strip('"')
                self.prepared.pop(name, None)
            return Result(first if first != "DISCARD" else "DISCARD ALL")
        if first == "SET":
            m = re.match(r"SET\s+(?:SESSION\s+|LOCAL\s+)?([\w.]+)\s*(?:=|\bTO\b)\s*(.+)$", sql, re.I | re.S)
            if m:
                value = m[2].strip().strip("'\"")
                self.settings[m[1].lower() if m[1].lower() != "datestyle" else "DateStyle"] = value
            return Result("SET")
        if first == "SHOW":
            name = sql.split(None, 1)[1].strip().strip('"') if len(sql.split()) > 1 else ""
            key = name.lower().replace(" ", "_")
            if key == "transaction_isolation_level":
                key = "transaction_isolation"
            if key == "all":
                rows = sorted(self.settings.items())
                return Result("SHOW", [("name", TEXT_OID, -1), ("setting", TEXT_OID, -1)], iter(rows))
            value = self.settings.get(key) or self.settings.get(name) or next(
                (v for k, v in self.settings.items() if k.lower() == key), None)
            if value is None:
                raise PgError(f'unrecognized configuration parameter "{name}"', "42704")
            return Result("SHOW", [(key, TEXT_OID, -1)], iter([(value,)]))
        return None


def _output_columns(sql: str) -> list[str] | None:
    """The output column names of a SELECT, from its text (for the empty answer of a catalog query)."""
    try:
        import sqlglot
        from sqlglot import exp

        tree = sqlglot.parse_one(sql, read="postgres")
    except Exception:  # noqa: BLE001 - unparseable: no fallback
        return None
    select = tree if isinstance(tree, exp.Select) else tree.find(exp.Select)
    if select is None:
        return None
    names = []
    for i, e in enumerate(select.expressions):
        name = e.alias_or_name
        if not name or name == "*":
            name = f"?column?{i}" if name != "*" else "*"
        names.append(name)
    return names


# --- the wire protocol --------------------------------------------------------------------------------

def split_statements(sql: str) -> list[str]:
    """Split a simple-query string on semicolons outside literals, quoted names and comments."""
    parts, start, pos = [], 0, 0
    token = catalog._TOKEN  # noqa: SLF001 - the same lexer as the rewriter
    while pos < len(sql):
        m = token.match(sql, pos)
        if m:
            pos = m.end()
            continue
        if sql[pos] == ";":
            parts.append(sql[start:pos])
            start = pos + 1
        pos += 1
    parts.append(sql[start:])
    return [p for p in parts if p.strip()] or [""]


class Handler(socketserver.StreamRequestHandler):
    """One client connection."""

    server: EndpointServer

    def setup(self) -> None:
        super().setup()
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, True)
        self.out = bytearray()
        self.session: Session | None = None

    # low-level I/O
    def _read(self, n: int) -> bytes:
        data = self.rfile.read(n)
        if len(data) < n:
            raise ConnectionError("client closed the connection")
        return data

    def _send(self, kind: bytes, payload: bytes = b"") -> None:
        self.out += kind + struct.pack("!i", len(payload) + 4) + payload
        if len(self.out) > 1 << 16:
            self._flush()

    def _flush(self) -> None:
        if self.out:
            self.wfile.write(bytes(self.out))
            self.wfile.flush()
            self.out.clear()

    def _error(self, exc: PgError, severity: str = "ERROR") -> None:
        payload = b"S" + severity.encode() + b"\0V" + severity.encode() + b"\0C" + exc.sqlstate.encode() + b"\0M" + \
            str(exc).encode("utf-8", "replace") + b"\0\0"
        self._send(b"E", payload)

    def _ready(self) -> None:
        assert self.session is not None
        self._send(b"Z", self.session.status())
        self._flush()

    def handle(self) -> None:
        try:
            if not self._startup():
                return
            self._loop()
        except (ConnectionError, BrokenPipeError, struct.error):
            pass
        except Exception:  # noqa: BLE001 - one client's failure never stops the server
            log.exception("connection failed")
        finally:
            if self.session is not None:
                self.session.close()

    def _startup(self) -> bool:
        while True:
            length = struct.unpack("!i", self._read(4))[0]
            body = self._read(length - 4)
            code = struct.unpack("!i", body[:4])[0]
            if code in (80877103, 80877104):  # SSLRequest, GSSENCRequest: not offered
                self.wfile.write(b"N")
                self.wfile.flush()
                continue
            if code == 80877102:  # CancelRequest: queries are short; nothing to cancel
                return False
            if code != 196608:
                self._error(PgError(f"unsupported frontend protocol {code >> 16}.{code & 0xFFFF}", "0A000"), "FATAL")
                self._flush()
                return False
            items = body[4:].split(b"\0")
            params = {items[i].decode(): items[i + 1].decode() for i in range(0, len(items) - 1, 2) if items[i]}
            break
        user = params.get("user", "")
        salt = secrets.token_bytes(4)
        self._send(b"R", struct.pack("!i", 5) + salt)
        self._flush()
        kind = self._read(1)
        length = struct.unpack("!i", self._read(4))[0]
        answer = self._read(length - 4).rstrip(b"\0").decode(errors="replace")
        if kind != b"p" or not self.server.check_password(user, answer, salt):
            self._error(PgError(f'password authentication failed for user "{user}"', "28P01"), "FATAL")
            self._flush()
            return False
        database = params.get("database") or DATABASE
        if database not in (DATABASE, user, "postgres"):
            self._error(PgError(f'database "{database}" does not exist (connect to "{DATABASE}")', "3D000"), "FATAL")
            self._flush()
            return False
        self.session = Session(self.server.snapshots, user)
        self.session.settings["application_name"] = params.get("application_name", "")
        self._send(b"R", struct.pack("!i", 0))
        for name in ("server_version", "server_encoding", "client_encoding", "DateStyle", "IntervalStyle", "TimeZone",
                     "integer_datetimes", "standard_conforming_strings", "is_superuser", "session_authorization",
                     "application_name", "default_transaction_read_only"):
            self._send(b"S", name.encode() + b"\0" + self.session.settings[name].encode() + b"\0")
        self._send(b"K", struct.pack("!ii", os.getpid() & 0x7FFFFFFF, secrets.randbits(31)))
        self._ready()
        return True

    def _loop(self) -> None:
        skipping = False  # after an error in the extended protocol, discard until Sync
        while True:
            kind = self._read(1)
            length = struct.unpack("!i", self._read(4))[0]
            body = self._read(length - 4)
            if kind == b"X":
                return
            if kind == b"S":
                skipping = False
                self._ready()
                continue
            if skipping:
                continue
            try:
                if kind == b"Q":
                    self._simple_query(body.rstrip(b"\0").decode("utf-8"))
                elif kind == b"P":
                    self._parse(body)
                elif kind == b"B":
                    self._bind(body)
                elif kind == b"D":
                    self._describe(body)
                elif kind == b"E":
                    self._execute(body)
                elif kind == b"C":
                    self._close(body)
                elif kind == b"H":
                    self._flush()
                else:
                    raise PgError(f"unsupported message type {kind!r}", "08P01")
            except PgError as exc:
                self._fail(exc)
                skipping = kind != b"Q"
            except duckdb.Error as exc:
                self._fail(_from_duckdb(exc))
                skipping = kind != b"Q"

    def _fail(self, exc: PgError) -> None:
        assert self.session is not None
        if self.session.in_tx:
            self.session.failed_tx = True
        self._error(exc)

    # simple query protocol
    def _simple_query(self, sql: str) -> None:
        assert self.session is not None
        try:
            for statement in split_statements(sql):
                if not statement.strip():
                    self._send(b"I")
                    continue
                result = self.session.execute(statement)
                if result.columns is not None:
                    result.formats = [0] * len(result.columns)
                    self._row_description(result)
                self._send_rows(result, 0)
        except PgError as exc:
            self._fail(exc)
        except duckdb.Error as exc:
            self._fail(_from_duckdb(exc))
        self._ready()

    # extended query protocol
    def _parse(self, body: bytes) -> None:
        assert self.session is not None
        name, rest = _cstring(body)
        sql, rest = _cstring(rest)
        (n,) = struct.unpack("!h", rest[:2])
        oids = list(struct.unpack(f"!{n}i", rest[2:2 + 4 * n])) if n else []
        count = _param_count(sql)
        oids += [0] * max(0, count - len(oids))
        self.session.prepared[name] = Prepared(sql, oids)
        self._send(b"1")

    def _bind(self, body: bytes) -> None:
        assert self.session is not None
        portal, rest = _cstring(body)
        stmt, rest = _cstring(rest)
        prepared = self.session.prepared.get(stmt)
        if prepared is None:
            raise PgError(f'prepared statement "{stmt}" does not exist', "26000")
        (nf,) = struct.unpack("!h", rest[:2])
        formats = list(struct.unpack(f"!{nf}h", rest[2:2 + 2 * nf]))
        rest = rest[2 + 2 * nf:]
        (np_,) = struct.unpack("!h", rest[:2])
        rest = rest[2:]
        params = []
        for i in range(np_):
            (size,) = struct.unpack("!i", rest[:4])
            raw = None if size < 0 else rest[4:4 + size]
            rest = rest[4 + max(size, 0):]
            fmt = formats[i] if len(formats) > 1 else (formats[0] if formats else 0)
            oid = prepared.param_oids[i] if i < len(prepared.param_oids) else 0
            try:
                params.append(decode_param(raw, oid, fmt))
            except (ValueError, UnicodeDecodeError) as exc:
                raise PgError(f"invalid value for parameter ${i + 1}: {exc}", "22P02") from None
        (nr,) = struct.unpack("!h", rest[:2])
        result_formats = list(struct.unpack(f"!{nr}h", rest[2:2 + 2 * nr]))
        self.session.portals[portal] = Portal(prepared, params, result_formats)
        self._send(b"2")

    def _describe(self, body: bytes) -> None:
        assert self.session is not None
        target, name = body[:1], _cstring(body[1:])[0]
        if target == b"S":
            prepared = self.session.prepared.get(name)
            if prepared is None:
                raise PgError(f'prepared statement "{name}" does not exist', "26000")
            oids = [o or TEXT_OID for o in prepared.param_oids]
            self._send(b"t", struct.pack(f"!h{len(oids)}i", len(oids), *oids))
            result = self.session.execute(prepared.sql, [None] * len(oids), describe_only=True)
            if result.columns is None:
                self._send(b"n")
            else:
                result.formats = [0] * len(result.columns)
                self._row_description(result)
            return
        portal = self.session.portals.get(name)
        if portal is None:
            raise PgError(f'portal "{name}" does not exist', "34000")
        portal.result = self._run_portal(portal)
        if portal.result.columns is None:
            self._send(b"n")
        else:
            self._row_description(portal.result)

    def _run_portal(self, portal: Portal) -> Result:
        assert self.session is not None
        result = self.session.execute(portal.prepared.sql, portal.params)
        if result.columns is not None:
            f = portal.result_formats
            result.formats = [f[i] if len(f) > 1 else (f[0] if f else 0) for i in range(len(result.columns))]
        return result

    def _execute(self, body: bytes) -> None:
        assert self.session is not None
        name, rest = _cstring(body)
        (limit,) = struct.unpack("!i", rest[:4])
        portal = self.session.portals.get(name)
        if portal is None:
            raise PgError(f'portal "{name}" does not exist', "34000")
        if portal.result is None:
            portal.result = self._run_portal(portal)
        self._send_rows(portal.result, limit)

    def _close(self, body: bytes) -> None:
        assert self.session is not None
        target, name = body[:1], _cstring(body[1:])[0]
        (self.session.prepared if target == b"S" else self.session.portals).pop(name, None)
        self._send(b"3")

    # results
    def _row_description(self, result: Result) -> None:
        assert result.columns is not None
        payload = bytearray(struct.pack("!h", len(result.columns)))
        for (name, oid, typmod), fmt in zip(result.columns, result.formats, strict=True):
            size = {16: 1, 20: 8, 21: 2, 23: 4, 700: 4, 701: 8, 1082: 4, 1114: 8, 1184: 8}.get(oid, -1)
            payload += name.encode("utf-8") + b"\0" + struct.pack("!ihihih", 0, 0, oid, size, typmod, fmt)
        self._send(b"T", bytes(payload))

    def _send_rows(self, result: Result, limit: int) -> None:
        if result.columns is None:
            self._send(b"C", result.tag.encode() + b"\0") if result.tag != "EMPTY" else self._send(b"I")
            return
        try:
            encoders = [encoder(oid, fmt) for (_, oid, _), fmt in zip(result.columns, result.formats, strict=True)]
        except ValueError as exc:
            raise PgError(str(exc), "0A000") from None
        assert result.rows is not None
        n = 0
        for row in result.rows:
            payload = bytearray(struct.pack("!h", len(row)))
            for value, enc in zip(row, encoders, strict=True):
                if value is None:
                    payload += b"\xff\xff\xff\xff"
                else:
                    data = enc(value)
                    payload += struct.pack("!i", len(data)) + data
            self._send(b"D", bytes(payload))
            n += 1
            if limit and n >= limit:
                result.sent += n
                self._send(b"s")
                return
        result.sent += n
        tag = f"SELECT {result.sent}" if result.tag == "SELECT" else result.tag
        self._send(b"C", tag.encode() + b"\0")


def _cstring(data: bytes) -> tuple[str, bytes]:
    end = data.index(b"\0")
    return data[:end].decode("utf-8"), data[end + 1:]


def _param_count(sql: str) -> int:
    code = catalog._TOKEN.sub(" ", sql)  # noqa: SLF001
    numbers = [int(n) for n in re.findall(r"\$(\d+)", code)]
    return max(numbers, default=0)


class EndpointServer(socketserver.ThreadingTCPServer):
    """The listening endpoint: one thread per connection, one snapshot manager, one password."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], db_path: Path, user: str, password: str) -> None:
        self.snapshots = Snapshots(db_path)
        self.user = user
        self._password = password
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.address_family = family
        super().__init__(address, Handler)

    def check_password(self, user: str, answer: str, salt: bytes) -> bool:
        """MD5 authentication: md5(md5(password + user) + salt), as libpq, psycopg and pgjdbc send it."""
        if user != self.user:
            return False
        inner = hashlib.md5((self._password + user).encode()).hexdigest()  # noqa: S324 - the protocol's hash
        expected = "md5" + hashlib.md5(inner.encode() + salt).hexdigest()  # noqa: S324
        return hmac.compare_digest(expected, answer)

    def server_close(self) -> None:
        super().server_close()
        self.snapshots.close()


def make_server(db_path: Path, host: str = "127.0.0.1", port: int = 5433, user: str = "jixiao",
                password: str | None = None) -> EndpointServer:
    """An endpoint over ``db_path`` (call ``serve_forever()`` on it); a password is required."""
    if not password:
        raise ValueError("a password is required")
    server = EndpointServer((host, port), Path(db_path), user, password)
    try:
        server.snapshots.check()  # fail now, not at the first client, if the file cannot be opened
    except Exception:
        server.server_close()
        raise
    return server

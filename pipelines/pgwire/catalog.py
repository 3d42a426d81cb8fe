"""A PostgreSQL system catalog over the warehouse, for the queries clients send on connect.

psql's ``\\dt`` / ``\\d``, SQLAlchemy's inspector (Superset), pgjdbc's DatabaseMetaData and
Metabase's sync all read ``pg_catalog``. DuckDB's own pg_catalog views are partial (no
comments, few functions), so each snapshot attaches an in-memory database ``pgcat`` of tables with
PostgreSQL's column names — ``pg_namespace``, ``pg_class``, ``pg_attribute``, ``pg_type``,
``pg_description`` (the table and column comments), and empty tables for features the
warehouse does not have (constraints, indexes, policies, inheritance, publications …) — plus
macros for the catalog functions (``format_type``, ``col_description``, ``pg_get_userbyid`` …).

:func:`rewrite` maps a client's SQL onto it: ``pg_catalog.x`` and bare catalog names to
``pgcat.x``, PostgreSQL-only casts (``::regclass``, ``::oid``, ``::name``) and operators
(``OPERATOR(pg_catalog.~)``, ``~*``) to DuckDB's, ``COLLATE pg_catalog.default`` away. Only
code outside string literals, quoted identifiers and comments is touched.
"""

from __future__ import annotations

import re

import duckdb

from pipelines.pgwire.types import PG_TYPES, pg_type

SCHEMA = "pgcat"
PG_CATALOG_NS = 11
INFORMATION_SCHEMA_NS = 13000
PG_CLASS_OID = 1259
OWNER = 10
SERVER_VERSION = "15.0"

# Tables with PostgreSQL's columns that are empty here (DuckDB files have none of these things).
_EMPTY_TABLES = {
    "pg_attrdef": "oid bigint, adrelid bigint, adnum smallint, adbin varchar",
    "pg_constraint": "oid bigint, conname varchar, connamespace bigint, contype varchar, condeferrable boolean, "
                     "condeferred boolean, convalidated boolean, conrelid bigint, contypid bigint, conindid bigint, "
                     "conparentid bigint, confrelid bigint, confupdtype varchar, confdeltype varchar, "
                     "confmatchtype varchar, conislocal boolean, coninhcount integer, connoinherit boolean, "
                     "conkey smallint[], confkey smallint[], conpfeqop bigint[], conppeqop bigint[], "
                     "conffeqop bigint[], confdelsetcols smallint[], conexclop bigint[], conbin varchar",
    "pg_index": "indexrelid bigint, indrelid bigint, indnatts smallint, indnkeyatts smallint, indisunique boolean, "
                "indnullsnotdistinct boolean, indisprimary boolean, indisexclusion boolean, indimmediate boolean, "
                "indisclustered boolean, indisvalid boolean, indcheckxmin boolean, indisready boolean, "
                "indislive boolean, indisreplident boolean, indkey smallint[], indcollation bigint[], "
                "indclass bigint[], indoption smallint[], indexprs varchar, indpred varchar",
    "pg_collation": "oid bigint, collname varchar, collnamespace bigint, collowner bigint, collprovider varchar, "
                    "collisdeterministic boolean, collencoding integer, collcollate varchar, collctype varchar",
    "pg_policy": "oid bigint, polname varchar, polrelid bigint, polcmd varchar, polpermissive boolean, "
                 "polroles bigint[], polqual varchar, polwithcheck varchar",
    "pg_statistic_ext": "oid bigint, stxrelid bigint, stxname varchar, stxnamespace bigint, stxowner bigint, "
                        "stxstattarget integer, stxkeys smallint[], stxkind varchar[], stxexprs varchar",
    "pg_publication": "oid bigint, pubname varchar, pubowner bigint, puballtables boolean, pubinsert boolean, "
                      "pubupdate boolean, pubdelete boolean, pubtruncate boolean, pubviaroot boolean",
    "pg_publication_namespace": "oid bigint, pnpubid bigint, pnnspid bigint",
    "pg_publication_rel": "oid bigint, prpubid bigint, prrelid bigint, prqual varchar, prattrs smallint[]",
    "pg_inherits": "inhrelid bigint, inhparent bigint, inhseqno integer, inhdetachpending boolean",
    "pg_trigger": "oid bigint, tgrelid bigint, tgparentid bigint, tgname varchar, tgfoid bigint, tgtype smallint, "
                  "tgenabled varchar, tgisinternal boolean, tgconstrrelid bigint, tgconstrindid bigint, "
                  "tgconstraint bigint, tgdeferrable boolean, tginitdeferred boolean, tgnargs smallint, "
                  "tgattr smallint[], tgargs blob, tgqual varchar, tgoldtable varchar, tgnewtable varchar",
    "pg_rewrite": "oid bigint, rulename varchar, ev_class bigint, ev_type varchar, ev_enabled varchar, "
                  "is_instead boolean, ev_qual varchar, ev_action varchar",
    "pg_sequence": "seqrelid bigint, seqtypid bigint, seqstart bigint, seqincrement bigint, seqmax bigint, "
                   "seqmin bigint, seqcache bigint, seqcycle boolean",
    "pg_enum": "oid bigint, enumtypid bigint, enumsortorder float, enumlabel varchar",
    "pg_range": "rngtypid bigint, rngsubtype bigint, rngmultitypid bigint, rngcollation bigint, "
                "rngsubopc bigint, rngcanonical varchar, rngsubdiff varchar",
    "pg_proc": "oid bigint, proname varchar, pronamespace bigint, proowner bigint, prolang bigint, prokind varchar, "
               "proretset boolean, prorettype bigint, proargtypes bigint[], proargnames varchar[], prosrc varchar",
    "pg_depend": "classid bigint, objid bigint, objsubid integer, refclassid bigint, refobjid bigint, "
                 "refobjsubid integer, deptype varchar",
    "pg_extension": "oid bigint, extname varchar, extowner bigint, extnamespace bigint, extrelocatable boolean, "
                    "extversion varchar",
    "pg_foreign_table": "ftrelid bigint, ftserver bigint, ftoptions varchar[]",
    "pg_partitioned_table": "partrelid bigint, partstrat varchar, partnatts smallint, partdefid bigint, "
                            "partattrs smallint[]",
    "pg_matviews": "schemaname varchar, matviewname varchar, matviewowner varchar, tablespace varchar, "
                   "hasindexes boolean, ispopulated boolean, definition varchar",
    "pg_event_trigger": "oid bigint, evtname varchar, evtevent varchar, evtowner bigint, evtfoid bigint, "
                        "evtenabled varchar, evttags varchar[]",
    "pg_stat_activity": "datid bigint, datname varchar, pid integer, usename varchar, application_name varchar, "
                        "state varchar, query varchar",
    "pg_locks": "locktype varchar, database bigint, relation bigint, pid integer, mode varchar, granted boolean",
    "pg_prepared_xacts": "transaction bigint, gid varchar, prepared timestamptz, owner varchar, database varchar",
    "pg_cast": "oid bigint, castsource bigint, casttarget bigint, castfunc bigint, castcontext varchar, "
               "castmethod varchar",
    "pg_operator": "oid bigint, oprname varchar, oprnamespace bigint, oprleft bigint, oprright bigint, "
                   "oprresult bigint",
    "pg_opclass": "oid bigint, opcmethod bigint, opcname varchar, opcnamespace bigint, opcdefault boolean",
    "pg_language": "oid bigint, lanname varchar",
    "pg_aggregate": "aggfnoid bigint, aggkind varchar",
    "pg_auth_members": "roleid bigint, member bigint, grantor bigint, admin_option boolean",
    "pg_foreign_server": "oid bigint, srvname varchar",
    "pg_foreign_data_wrapper": "oid bigint, fdwname varchar",
    "pg_shdescription": "objoid bigint, classoid bigint, description varchar",
}

def _json_overload(n: int) -> str:
    args = [f"a{i}" for i in range(n)]
    values = [f"a{i}::varchar" if i % 2 == 0 else f"a{i}" for i in range(n)]
    return f"({', '.join(args)}) as json_object({', '.join(values)})"


_MACROS = [
    "pg_get_userbyid(x) as 'jixiao'",
    "pg_table_is_visible(x) as (select count(*) > 0 from pgcat.pg_class _c_ where _c_.oid = x "
    "and _c_.relnamespace in (select oid from pgcat.pg_namespace where nspname in ('main', 'pg_catalog')))",
    "pg_type_is_visible(x) as true",
    "pg_function_is_visible(x) as true",
    "format_type(t, m) as coalesce((select case when _ty_.typname = 'numeric' and m > 4 then "
    "'numeric(' || ((m - 4) >> 16) || ',' || ((m - 4) & 65535) || ')' "
    "when _ty_.typname = 'varchar' then 'character varying' when _ty_.typname = 'int4' then 'integer' "
    "when _ty_.typname = 'int8' then 'bigint' when _ty_.typname = 'int2' then 'smallint' "
    "when _ty_.typname = 'float8' then 'double precision' when _ty_.typname = 'float4' then 'real' "
    "when _ty_.typname = 'bool' then 'boolean' when _ty_.typname = 'timestamptz' then 'timestamp with time zone' "
    "when _ty_.typname = 'timestamp' then 'timestamp without time zone' "
    "when _ty_.typname = 'time' then 'time without time zone' "
    "when _ty_.typname like '\\_%' escape '\\' then pgcat.format_type_elem(_ty_.typelem) || '[]' "
    "else _ty_.typname end from pgcat.pg_type _ty_ where _ty_.oid = t), '???')",
    "format_type_elem(t) as (select case _ty_.typname when 'int4' then 'integer' when 'int8' then 'bigint' "
    "when 'int2' then 'smallint' when 'float8' then 'double precision' when 'bool' then 'boolean' "
    "when 'varchar' then 'character varying' else _ty_.typname end from pgcat.pg_type _ty_ where _ty_.oid = t)",
    "pg_get_expr(a, b) as null::varchar, (a, b, c) as null::varchar",
    "pg_get_constraintdef(a) as null::varchar, (a, b) as null::varchar",
    "pg_get_indexdef(a) as null::varchar, (a, b, c) as null::varchar",
    "pg_get_viewdef(a) as (select sql from pgcat.view_sql _v_ where _v_.oid = a), "
    "(a, b) as (select sql from pgcat.view_sql _v_ where _v_.oid = a)",
    "pg_get_serial_sequence(a, b) as null::varchar",
    "pg_get_statisticsobjdef_columns(a) as null::varchar",
    "pg_relation_is_publishable(a) as false",
    "col_description(r, n) as (select _d_.description from pgcat.pg_description _d_ "
    "where _d_.objoid = r and _d_.objsubid = n and _d_.classoid = 1259)",
    "obj_description(o) as (select _d_.description from pgcat.pg_description _d_ where _d_.objoid = o and _d_.objsubid = 0), "
    "(o, c) as (select _d_.description from pgcat.pg_description _d_ where _d_.objoid = o and _d_.objsubid = 0)",
    "shobj_description(o, c) as null::varchar",
    "has_schema_privilege(a, b) as true, (a, b, c) as true",
    "has_table_privilege(a, b) as true, (a, b, c) as true",
    "has_column_privilege(a, b, c) as true, (a, b, c, d) as true",
    "has_database_privilege(a, b) as true, (a, b, c) as true",
    "has_any_column_privilege(a, b) as true, (a, b, c) as true",
    "pg_has_role(a, b) as true, (a, b, c) as true",
    "pg_encoding_to_char(x) as 'UTF8'",
    "pg_backend_pid() as 1",
    "txid_current() as 1",
    "pg_is_in_recovery() as false",
    "pg_total_relation_size(x) as 0",
    "pg_relation_size(x) as 0, (x, f) as 0",
    "pg_table_size(x) as 0",
    "pg_indexes_size(x) as 0",
    f"version() as 'PostgreSQL {SERVER_VERSION} (jixiao warehouse on DuckDB)'",
    "regclass_oid(n) as coalesce(try_cast(n as bigint), (select _c_.oid from pgcat.pg_class _c_ "
    "join pgcat.pg_namespace _s_ on _s_.oid = _c_.relnamespace where _c_.relname = n::varchar "
    "or _s_.nspname || '.' || _c_.relname = n::varchar or '\"' || _c_.relname || '\"' = n::varchar limit 1), "
    "(select oid from pgcat.catalog_oids _k_ where _k_.name = n::varchar or 'pg_catalog.' || _k_.name = n::varchar), 0)",
    "regclass_name(o) as coalesce((select relname from pgcat.pg_class where oid = o), "
    "(select name from pgcat.catalog_oids where oid = o), o::varchar)",
    "regnamespace_name(o) as (select nspname from pgcat.pg_namespace where oid = o)",
    "regtype_name(o) as (select typname from pgcat.pg_type where oid = o)",
    "regtype_oid(n) as coalesce(try_cast(n as bigint), (select oid from pgcat.pg_type "
    "where typname = replace(n::varchar, 'pg_catalog.', '')), 0)",
    "to_regtype(n) as (select oid from pgcat.pg_type where typname = replace(n::varchar, 'pg_catalog.', ''))",
    "regnamespace_oid(n) as coalesce((select oid from pgcat.pg_namespace where nspname = n), 0)",
    "quote_ident(x) as case when regexp_full_match(x, '[a-z_][a-z0-9_]*') then x "
    "else '\"' || replace(x, '\"', '\"\"') || '\"' end",
    "current_setting(n) as (select setting from pgcat.pg_settings where name = n), "
    "(n, m) as (select setting from pgcat.pg_settings where name = n)",
    "array_upper(a, d) as len(a)",
    "array_lower(a, d) as case when len(a) > 0 then 1 end",
    "pg_postmaster_start_time() as now()",
    "to_regclass(n) as (select _c_.oid from pgcat.pg_class _c_ where _c_.relname = n)",
    "json_build_object" + ", ".join(_json_overload(n) for n in range(2, 21, 2)),
]
_TABLE_MACROS = [
    "pg_get_keywords() as table select * from (values ('select', 'R', 'reserved')) k(word, catcode, catdesc) "
    "where false",
]
# Catalog functions clients call with or without the pg_catalog prefix; all macros of pgcat.
FUNCTIONS = frozenset(m.split("(")[0] for m in _MACROS + _TABLE_MACROS)
# The relations of pgcat (tables built from the warehouse, plus the empty ones).
RELATIONS = frozenset({
    "pg_namespace", "pg_class", "pg_attribute", "pg_type", "pg_description", "pg_am", "pg_roles", "pg_user",
    "pg_authid", "pg_database", "pg_settings", "pg_tables", "pg_views", "pg_tablespace", "pg_stat_user_tables",
    "pg_statio_user_tables", "pg_stat_all_tables", *_EMPTY_TABLES,
})
_CATALOG_OIDS = {"pg_class": 1259, "pg_attribute": 1249, "pg_type": 1247, "pg_proc": 1255, "pg_namespace": 2615,
                 "pg_description": 2609, "pg_constraint": 2606, "pg_index": 2610, "pg_database": 1262,
                 "pg_trigger": 2620, "pg_rewrite": 2618, "pg_attrdef": 2604}


def build(con: duckdb.DuckDBPyConnection, database: str) -> None:
    """Create the ``pgcat`` schema in ``con``'s in-memory database from ``database``'s catalog."""
    con.execute(f"attach ':memory:' as {SCHEMA}")
    con.execute(f"use {SCHEMA}.main")
    db = database.replace("'", "''")
    con.execute(f"""
        create table pg_namespace as
        select oid::bigint as oid, schema_name as nspname, {OWNER}::bigint as nspowner, null::varchar as nspacl
        from duckdb_schemas() where database_name = '{db}' and schema_name not in ('pg_catalog', 'information_schema')
        union all select {PG_CATALOG_NS}, 'pg_catalog', {OWNER}, null
        union all select {INFORMATION_SCHEMA_NS}, 'information_schema', {OWNER}, null
    """)
    con.execute(f"""
        create table rels as
        select table_oid::bigint as oid, table_name as relname, schema_oid::bigint as relnamespace, 'r' as relkind,
               column_count as relnatts, coalesce(estimated_size, 0) as reltuples, comment, null::varchar as sql
        from duckdb_tables() where database_name = '{db}' and not internal and not temporary
        union all
        select view_oid::bigint, view_name, schema_oid::bigint, 'v', column_count, 0, comment, sql
        from duckdb_views() where database_name = '{db}' and not internal and not temporary
    """)
    con.execute(f"""
        create table pg_class as
        select oid, relname, relnamespace, 0::bigint as reltype, 0::bigint as reloftype, {OWNER}::bigint as relowner,
               case relkind when 'r' then 2 else 0 end::bigint as relam, oid as relfilenode, 0::bigint as reltablespace,
               1 as relpages, reltuples::float as reltuples, 0 as relallvisible, 0::bigint as reltoastrelid,
               false as relhasindex, false as relisshared, 'p' as relpersistence, relkind, relnatts::smallint as relnatts,
               0::smallint as relchecks, false as relhasrules, false as relhastriggers, false as relhassubclass,
               false as relrowsecurity, false as relforcerowsecurity, true as relispopulated, 'd' as relreplident,
               false as relispartition, 0::bigint as relrewrite, null::varchar[] as relacl,
               null::varchar[] as reloptions, null::varchar as relpartbound
        from rels
    """)
    con.execute("create table view_sql as select oid, sql from rels where relkind = 'v'")
    con.execute("""create table pg_type (oid bigint, typname varchar, typnamespace bigint, typowner bigint,
        typlen smallint, typbyval boolean, typtype varchar, typcategory varchar, typispreferred boolean,
        typisdefined boolean, typdelim varchar, typrelid bigint, typelem bigint, typarray bigint, typinput varchar,
        typoutput varchar, typreceive varchar, typsend varchar, typmodin varchar, typmodout varchar,
        typanalyze varchar, typalign varchar, typstorage varchar, typnotnull boolean, typbasetype bigint,
        typtypmod integer, typndims integer, typcollation bigint, typdefaultbin varchar, typdefault varchar,
        typacl varchar[])""")
    rows = []
    for name, (oid, array_oid, length, category) in PG_TYPES.items():
        collation = 100 if category == "S" else 0
        rows.append((oid, name, PG_CATALOG_NS, OWNER, length, length in (1, 2, 4, 8), "b", category, False, True, ",",
                     0, 0, array_oid, f"{name}in", f"{name}out", f"{name}recv", f"{name}send", "-", "-", "-", "i", "p",
                     False, 0, -1, 0, collation, None, None, None))
        rows.append((array_oid, f"_{name}", PG_CATALOG_NS, OWNER, -1, False, "b", "A", False, True, ",", 0, oid, 0,
                     "array_in", "array_out", "array_recv", "array_send", "-", "-", "-", "i", "x", False, 0, -1, 0,
                     collation, None, None, None))
    _insert(con, "pg_type", rows)
    columns = con.execute(f"""
        select c.table_oid::bigint, c.column_name, c.column_index, c.data_type, c.is_nullable, c.comment
        from duckdb_columns() c where c.database_name = '{db}' and not c.internal
          and c.table_oid in (select oid from rels)
    """).fetchall()
    attrs = []
    for rel, name, index, dtype, nullable, _comment in columns:
        oid, typmod = pg_type(dtype)
        attrs.append((rel, name, oid, index, typmod, not nullable))
    con.execute("""create table pg_attribute (attrelid bigint, attname varchar, atttypid bigint, attnum smallint,
        atttypmod integer, attnotnull boolean)""")
    _insert(con, "pg_attribute", attrs)
    con.execute("""create or replace table pg_attribute as select attrelid, attname, atttypid, -1 as attstattarget,
        -1::smallint as attlen, attnum, 0 as attndims, -1 as attcacheoff, atttypmod, false as attbyval,
        'i' as attalign, 'x' as attstorage, '' as attcompression, attnotnull, false as atthasdef,
        false as atthasmissing, '' as attidentity, '' as attgenerated, false as attisdropped, true as attislocal,
        0 as attinhcount, case when atttypid in (25, 1043) then 100 else 0 end::bigint as attcollation,
        null::varchar[] as attacl, null::varchar[] as attoptions, null::varchar[] as attfdwoptions,
        null::varchar as attmissingval from pg_attribute""")
    con.execute("create table pg_description (objoid bigint, classoid bigint, objsubid integer, description varchar)")
    con.execute(f"insert into pg_description select oid, {PG_CLASS_OID}, 0, comment from rels where comment is not null")
    _insert(con, "pg_description", [(rel, PG_CLASS_OID, index, comment)
                                     for rel, _n, index, _t, _nl, comment in columns if comment])
    con.execute("create table pg_am as select * from (values (2::bigint, 'heap', 'heap_tableam_handler', 't'), "
                "(403::bigint, 'btree', 'bthandler', 'i')) t(oid, amname, amhandler, amtype)")
    con.execute(f"""create table pg_roles as select {OWNER}::bigint as oid, 'jixiao' as rolname, true as rolsuper,
        false as rolinherit, false as rolcreaterole, false as rolcreatedb, true as rolcanlogin,
        false as rolreplication, -1 as rolconnlimit, null::varchar as rolpassword, null::timestamptz as rolvaliduntil,
        false as rolbypassrls, null::varchar[] as rolconfig""")
    con.execute("create table pg_authid as select * from pg_roles")
    con.execute(f"""create table pg_user as select 'jixiao' as usename, {OWNER}::bigint as usesysid,
        false as usecreatedb, true as usesuper, false as userepl, false as usebypassrls, '********' as passwd,
        null::timestamptz as valuntil, null::varchar[] as useconfig""")
    con.execute(f"""create table pg_database as select 16384::bigint as oid, '{db}' as datname, {OWNER}::bigint as datdba,
        6 as encoding, 'c' as datlocprovider, false as datistemplate, true as datallowconn, -1 as datconnlimit,
        0::bigint as dattablespace, 'C' as datcollate, 'C' as datctype, null::varchar[] as datacl""")
    con.execute("create table pg_tablespace as select 1663::bigint as oid, 'pg_default' as spcname, "
                f"{OWNER}::bigint as spcowner, null::varchar[] as spcacl, null::varchar[] as spcoptions")
    con.execute("""create table pg_tables as select n.nspname as schemaname, c.relname as tablename,
        'jixiao' as tableowner, null::varchar as tablespace, false as hasindexes, false as hasrules,
        false as hastriggers, false as rowsecurity
        from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'r'""")
    con.execute("""create table pg_views as select n.nspname as schemaname, c.relname as viewname,
        'jixiao' as viewowner, v.sql as definition
        from pg_class c join pg_namespace n on n.oid = c.relnamespace join view_sql v on v.oid = c.oid""")
    con.execute("""create table pg_stat_user_tables as select c.oid as relid, n.nspname as schemaname,
        c.relname, c.reltuples::bigint as n_live_tup, 0::bigint as n_dead_tup, 0::bigint as seq_scan,
        0::bigint as idx_scan from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'r'""")
    con.execute("create table pg_stat_all_tables as select * from pg_stat_user_tables")
    con.execute("create table pg_statio_user_tables as select relid, schemaname, relname from pg_stat_user_tables")
    con.execute("create table catalog_oids (name varchar, oid bigint)")
    _insert(con, "catalog_oids", list(_CATALOG_OIDS.items()))
    for name, cols in _EMPTY_TABLES.items():
        con.execute(f"create table {name} ({cols})")
    con.execute("create table pg_settings (name varchar, setting varchar, unit varchar, category varchar, "
                "short_desc varchar, vartype varchar, source varchar)")
    _insert(con, "pg_settings", [(k, v, None, "jixiao", "", "string", "default")
                                  for k, v in server_settings(database).items()])
    for macro in _MACROS:
        con.execute(f"create macro {SCHEMA}.main.{macro}")
    for macro in _TABLE_MACROS:
        con.execute(f"create macro {SCHEMA}.main.{macro}")


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """Insert rows in one statement (DuckDB's executemany costs milliseconds per row)."""
    if rows:
        values = ", ".join("(" + ", ".join(_literal(v) for v in row) + ")" for row in rows)
        con.execute(f"insert into {table} values {values}")


def _literal(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def server_settings(database: str) -> dict[str, str]:
    """The parameters a PostgreSQL server reports (also answered by SHOW and current_setting)."""
    return {
        "server_version": SERVER_VERSION, "server_version_num": "150000", "server_encoding": "UTF8",
        "client_encoding": "UTF8", "DateStyle": "ISO, MDY", "IntervalStyle": "postgres", "TimeZone": "UTC",
        "integer_datetimes": "on", "standard_conforming_strings": "on", "is_superuser": "off",
        "session_authorization": "jixiao", "application_name": "", "default_transaction_read_only": "on",
        "transaction_read_only": "on", "transaction_isolation": "read committed",
        "default_transaction_isolation": "read committed", "search_path": "main", "max_identifier_length": "63",
        "max_index_keys": "32", "lc_collate": "C", "lc_ctype": "C", "extra_float_digits": "3",
        "datestyle": "ISO, MDY", "timezone": "UTC", "database": database,
    }


# --- rewriting -------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<str>[eE]?'(?:[^']|'')*')
  | (?P<dollar>\$(?P<tag>[A-Za-z_]*)\$.*?\$(?P=tag)\$)
  | (?P<ident>"(?:[^"]|"")*")
  | (?P<line>--[^\n]*)
  | (?P<block>/\*.*?\*/)
""", re.S | re.X)

_REG_CAST = re.compile(r"^\s*::\s*(?:pg_catalog\.)?(regclass|regtype|regnamespace|regproc|regprocedure|regrole)\b", re.I)
_NAME_CAST = re.compile(r"::\s*(?:pg_catalog\.)?(regclass|regtype|regnamespace|regproc|regprocedure|regrole|oid|xid|cid|tid)\b(?!\s*\[)", re.I)
_NAME_ARRAY_CAST = re.compile(r"::\s*(?:pg_catalog\.)?(oid|regclass|regtype|int2vector|oidvector)(\s*\[\s*\])?", re.I)
_AS_REG = re.compile(r"\bAS\s+(?:pg_catalog\.)?(regclass|regtype|regnamespace|regproc|regrole|oid)\s*\)", re.I)
_PG_NAME_TYPE = re.compile(r"::\s*(?:pg_catalog\.)?(name|text|bpchar|int2|int4|int8|bool|float8|float4|numeric|varchar|char)\b", re.I)
_OPERATOR = re.compile(r"OPERATOR\s*\(\s*pg_catalog\s*\.\s*([~!*<>=]+)\s*\)", re.I)
_COLLATE = re.compile(r"\bCOLLATE\s+(?:pg_catalog\.)?(?:default\b|\"default\"|\"C\"|\"POSIX\"|C\b)", re.I)
_QUALIFIED = re.compile(r"(?<![\w.\"])pg_catalog\s*\.\s*(\w+)", re.I)
_BARE = re.compile(r"(?<![\w.\"$])(\w+)(?=\s*\(|\b)", re.I)
_REGEX_OP = re.compile(r"(!?~\*?)\s*$")


def rewrite(sql: str) -> str:
    """``sql`` as DuckDB runs it against the ``pgcat`` catalog (see the module docstring)."""
    sql = _rewrite_reg_casts(sql)
    parts: list[tuple[str, str]] = []  # (kind, text)
    pos = 0
    for m in _TOKEN.finditer(sql):
        if m.start() > pos:
            parts.append(("code", sql[pos:m.start()]))
        kind = m.lastgroup if m.lastgroup != "tag" else "dollar"
        parts.append((kind or "code", m.group(0)))
        pos = m.end()
    if pos < len(sql):
        parts.append(("code", sql[pos:]))
    parts = _unquote_catalog_names(parts)
    out: list[str] = []
    for i, (kind, text) in enumerate(parts):
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if kind == "str":
            if nxt and nxt[0] == "code" and (m := _REG_CAST.match(nxt[1])):
                func = {"regclass": "regclass_oid", "regtype": "regtype_oid", "regnamespace": "regnamespace_oid"}.get(
                    m[1].lower(), "regclass_oid")
                out.append(f"{SCHEMA}.{func}({text})")
                parts[i + 1] = ("code", nxt[1][m.end():])
                continue
            prev = "".join(out)
            op = _REGEX_OP.search(prev)
            if op:
                out[:] = [prev[: op.start()] + _duck_regex_op(op[1]) + " "]
                text = _partial_regex(text, "*" in op[1])
            out.append(text)
        elif kind == "ident":
            if text.lower() == '"char"' and "".join(out).rstrip().endswith("::"):
                out.append("varchar")
            else:
                out.append(text)
        elif kind == "code":
            out.append(_rewrite_code(text))
        elif kind in ("line", "block"):
            out.append(" ")
        else:
            out.append(text)
    return "".join(out)


_CAST_OPEN = re.compile(r"\bCAST\s*\(", re.I)
_AS_REG_END = re.compile(r"\s+AS\s+(?:pg_catalog\.)?(regclass|regtype)\s*$", re.I)


def _rewrite_reg_casts(sql: str) -> str:
    """``CAST(x AS regclass)`` -> ``pgcat.regclass_oid(x)`` (x may be a name, a parameter or an oid)."""
    out, pos = [], 0
    while (m := _CAST_OPEN.search(sql, pos)) is not None:
        end = _closing_paren(sql, m.end())
        if end is None:
            break
        inner = sql[m.end():end]
        tail = _AS_REG_END.search(inner)
        if tail is None:
            out.append(sql[pos:m.end()])
            pos = m.end()
            continue
        func = "regclass_oid" if tail[1].lower() == "regclass" else "regtype_oid"
        out.append(sql[pos:m.start()] + f"{SCHEMA}.{func}(" + _rewrite_reg_casts(inner[:tail.start()]) + ")")
        pos = end + 1
    out.append(sql[pos:])
    return "".join(out)


def _closing_paren(sql: str, start: int) -> int | None:
    depth, pos = 1, start
    while pos < len(sql):
        m = _TOKEN.match(sql, pos)
        if m:
            pos = m.end()
            continue
        ch = sql[pos]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return pos
        pos += 1
    return None


def _unquote_catalog_names(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``"pg_catalog"."pg_class"`` is ``pg_catalog.pg_class``: quoted catalog names become code, merged with
    their neighbours so the code rewrites see them."""
    merged: list[tuple[str, str]] = []
    for kind, text in parts:
        if kind == "ident" and text[1:-1] in RELATIONS | FUNCTIONS | {"pg_catalog"}:
            kind, text = "code", text[1:-1]
        if kind == "code" and merged and merged[-1][0] == "code":
            merged[-1] = ("code", merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return merged


def _duck_regex_op(op: str) -> str:
    return "!~" if op.startswith("!") else "~"


def _partial_regex(literal: str, insensitive: bool) -> str:
    """PostgreSQL's ``~`` finds a match anywhere; DuckDB's must match the whole string."""
    body = literal[1:-1] if literal[:1] not in "eE" else literal[2:-1]
    flags = "(?s" + ("i" if insensitive else "") + ")"
    return "'" + flags + ".*(?:" + body + ").*'"


def _rewrite_code(code: str) -> str:
    code = _OPERATOR.sub(lambda m: f" {m[1]} ", code)
    code = _COLLATE.sub(" ", code)
    code = _AS_REG.sub("AS BIGINT)", code)
    code = _NAME_ARRAY_CAST.sub(lambda m: "::BIGINT[]" if m[2] or m[1].lower().endswith("vector") else "::BIGINT", code)
    code = _NAME_CAST.sub("::BIGINT", code)
    code = _PG_NAME_TYPE.sub(lambda m: "::VARCHAR" if m[1].lower() in ("name", "text", "bpchar", "char") else f"::{m[1]}", code)

    def qualified(m: re.Match) -> str:
        name = m[1].lower()
        return f"{SCHEMA}.{name}" if name in RELATIONS or name in FUNCTIONS else m[1]

    code = _QUALIFIED.sub(qualified, code)

    def bare(m: re.Match) -> str:
        name = m[1].lower()
        rest = code[m.end():]
        is_call = rest.lstrip().startswith("(")
        if (name in FUNCTIONS and is_call) or (name in RELATIONS and not is_call):
            return f"{SCHEMA}.{name}"
        return m[1]

    return _BARE.sub(bare, code)

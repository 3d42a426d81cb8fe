// What Metabase does through pgjdbc when it connects to a PostgreSQL database and syncs it:
// DatabaseMetaData (schemas, tables, columns with remarks, keys), a few session statements, its own
// table-listing query, and a prepared statement run often enough to be server-prepared with binary results.
// Prints one "key<TAB>value" line per fact; tests/test_bi_endpoint.py checks them.
import java.sql.*;
import java.util.Properties;

public class MetabaseProbe {
    public static void main(String[] args) throws Exception {
        String url = args[0], user = args[1], password = args[2], schema = args[3], table = args[4];
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("ApplicationName", "Metabase probe");
        try (Connection con = DriverManager.getConnection(url, props)) {
            DatabaseMetaData md = con.getMetaData();
            System.out.println("product\t" + md.getDatabaseProductName() + " " + md.getDatabaseProductVersion());
            try (Statement st = con.createStatement()) {
                st.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ UNCOMMITTED");
                try (ResultSet rs = st.executeQuery("SHOW TRANSACTION ISOLATION LEVEL")) { rs.next(); }
                try (ResultSet rs = st.executeQuery("show timezone")) { rs.next(); System.out.println("timezone\t" + rs.getString(1)); }
            }
            try (ResultSet rs = md.getSchemas()) {
                while (rs.next()) System.out.println("schema\t" + rs.getString("TABLE_SCHEM"));
            }
            try (ResultSet rs = md.getTables(null, schema, "%", new String[] {"TABLE", "VIEW", "MATERIALIZED VIEW", "FOREIGN TABLE", "PARTITIONED TABLE"})) {
                while (rs.next()) System.out.println("table\t" + rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME") + "\t" + rs.getString("TABLE_TYPE") + "\t" + rs.getString("REMARKS"));
            }
            try (ResultSet rs = md.getColumns(null, schema, table, "%")) {
                while (rs.next()) System.out.println("column\t" + rs.getString("COLUMN_NAME") + "\t" + rs.getString("TYPE_NAME") + "\t" + rs.getInt("DATA_TYPE") + "\t" + rs.getString("REMARKS"));
            }
            try (ResultSet rs = md.getPrimaryKeys(null, schema, table)) {
                int n = 0; while (rs.next()) n++; System.out.println("primary_keys\t" + n);
            }
            try (ResultSet rs = md.getImportedKeys(null, schema, table)) {
                int n = 0; while (rs.next()) n++; System.out.println("foreign_keys\t" + n);
            }
            // Metabase's own query for the tables of the schemas it syncs (with descriptions and row estimates)
            String tables = "SELECT \"n\".\"nspname\" AS \"schema\", \"c\".\"relname\" AS \"name\", CASE \"c\".\"relkind\" WHEN 'r' THEN 'TABLE' WHEN 'p' THEN 'PARTITIONED TABLE' WHEN 'v' THEN 'VIEW' WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE NULL END AS \"type\", \"d\".\"description\" AS \"description\", \"stat\".\"n_live_tup\" AS \"estimated_row_count\" "
                + "FROM \"pg_catalog\".\"pg_class\" AS \"c\" INNER JOIN \"pg_catalog\".\"pg_namespace\" AS \"n\" ON \"c\".\"relnamespace\" = \"n\".\"oid\" "
                + "LEFT JOIN \"pg_catalog\".\"pg_description\" AS \"d\" ON (\"c\".\"oid\" = \"d\".\"objoid\") AND (\"d\".\"objsubid\" = '0') AND (\"d\".\"classoid\" = 'pg_class'::regclass) "
                + "LEFT JOIN \"pg_stat_user_tables\" AS \"stat\" ON (\"n\".\"nspname\" = \"stat\".\"schemaname\") AND (\"c\".\"relname\" = \"stat\".\"relname\") "
                + "WHERE (\"c\".\"relnamespace\" = \"n\".\"oid\") AND (\"n\".\"nspname\" !~ '^pg_') AND (\"n\".\"nspname\" <> 'information_schema') AND c.relkind in ('r', 'p', 'v', 'f', 'm') AND (\"n\".\"nspname\" IN (?)) "
                + "ORDER BY \"type\" ASC, \"schema\" ASC, \"name\" ASC";
            try (PreparedStatement ps = con.prepareStatement(tables)) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) System.out.println("metabase_table\t" + rs.getString("schema") + "." + rs.getString("name") + "\t" + rs.getString("type") + "\t" + rs.getString("description") + "\t" + rs.getLong("estimated_row_count"));
                }
            }
            // Metabase's privilege check
            String privileges = "with table_privileges as (select NULL as role, t.schemaname as schema, t.objectname as table, "
                + "pg_catalog.has_any_column_privilege(current_user, '\"' || replace(t.schemaname, '\"', '\"\"') || '\"' || '.' || '\"' || replace(t.objectname, '\"', '\"\"') || '\"', 'select') as select, "
                + "pg_catalog.has_table_privilege(current_user, '\"' || replace(t.schemaname, '\"', '\"\"') || '\"' || '.' || '\"' || replace(t.objectname, '\"', '\"\"') || '\"', 'delete') as delete "
                + "from (select schemaname, tablename as objectname from pg_catalog.pg_tables union select schemaname, viewname as objectname from pg_catalog.pg_views "
                + "union select schemaname, matviewname as objectname from pg_catalog.pg_matviews) t "
                + "where t.schemaname !~ '^pg_' and t.schemaname <> 'information_schema' and pg_catalog.has_schema_privilege(current_user, t.schemaname, 'usage')) "
                + "select t.* from table_privileges t";
            try (Statement st = con.createStatement(); ResultSet rs = st.executeQuery(privileges)) {
                int n = 0; while (rs.next()) n++; System.out.println("privileges\t" + n);
            }
            // A query run repeatedly: pgjdbc server-prepares it after 5 runs and then asks for binary results
            String q = "SELECT count(*) AS n, min(fiscal_year) AS first_year FROM " + schema + "." + table + " WHERE fiscal_year >= ?";
            try (PreparedStatement ps = con.prepareStatement(q)) {
                for (int i = 0; i < 7; i++) {
                    ps.setInt(1, 2000 + i);
                    try (ResultSet rs = ps.executeQuery()) { rs.next(); System.out.println("repeat\t" + i + "\t" + rs.getLong("n") + "\t" + rs.getInt("first_year")); }
                }
            }
        }
    }
}

package dev.sejour.booking.store.jdbc;

import java.util.Locale;

/** The databases the JDBC stores speak to, each with its schema scripts on the classpath. */
public enum JdbcDialect {

    /** H2 2.x, in memory or in a file. */
    H2("h2", new H2Dialect()),
    /** PostgreSQL 12 and later. */
    POSTGRESQL("postgresql", new PostgresDialect()),
    /** MariaDB 10.5 and later; MySQL 8.0.16 and later. */
    MARIADB("mariadb", new MariaDbDialect()),
    /**
     * SQLite 3.37 and later through xerial's sqlite-jdbc, in a file: the embedded database that survives the
     * process being killed. Open it with the settings of {@link SqliteDatabase#url(java.nio.file.Path)}.
     */
    SQLITE("sqlite", new SqliteDialect());

    private static final String RESOURCES = "dev/sejour/booking/store/jdbc/";

    private final String scriptSuffix;
    private final SqlDialect sql;

    JdbcDialect(String scriptSuffix, SqlDialect sql) {
        this.scriptSuffix = scriptSuffix;
        this.sql = sql;
    }

    /**
     * Classpath resource that creates the current tables in one file, e.g.
     * {@code dev/sejour/booking/store/jdbc/schema-h2.sql}: the same tables as every migration of
     * {@link #migrationLocation()} applied in order, for running by hand on an empty database.
     */
    public String schemaResource() {
        return RESOURCES + "schema-" + scriptSuffix + ".sql";
    }

    /**
     * Classpath folder of the versioned migrations, e.g. {@code db/migration/sejour-booking/h2/}: Flyway-named
     * scripts ({@code V1__baseline.sql}, {@code V2__notification_outbox.sql}, …) that bring tables of any
     * earlier version to the tables of {@link #schemaResource()}. Give it to Flyway as a location, or let
     * {@link JdbcBookingStores.Builder#createTablesIfMissing()} apply them.
     */
    public String migrationLocation() {
        return "db/migration/sejour-booking/" + scriptSuffix + "/";
    }

    /** Classpath resource that drops the tables, e.g. {@code dev/sejour/booking/store/jdbc/drop-h2.sql}. */
    public String dropResource() {
        return RESOURCES + "drop-" + scriptSuffix + ".sql";
    }

    /**
     * The dialect for a JDBC {@link java.sql.DatabaseMetaData#getDatabaseProductName() product name}.
     *
     * @throws IllegalArgumentException for a database the stores do not support
     */
    public static JdbcDialect forProductName(String productName) {
        String name = productName.toLowerCase(Locale.ROOT);
        if (name.contains("h2")) {
            return H2;
        }
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (name.contains("mariadb") || name.contains("mysql")) {
            return MARIADB;
        }
        if (name.contains("sqlite")) {
            return SQLITE;
        }
        throw new IllegalArgumentException("unsupported database for the JDBC booking stores: " + productName);
    }

    SqlDialect sql() {
        return sql;
    }
}

package dev.sejour.booking.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class TablesTest {

    @Test
    void thePrefixGoesBeforeTablesAndTheObjectsNamedAfterThem() {
        String script = "CREATE TABLE reservations (sejour_slug VARCHAR(200), CONSTRAINT reservations_sejour_fk"
                + " FOREIGN KEY (sejour_slug) REFERENCES sejours (slug));\n"
                + "CREATE INDEX reservations_expiry_idx ON reservations (status, expires_at);";

        assertThat(Tables.withPrefix("app_").apply(script)).isEqualTo(
                "CREATE TABLE app_reservations (sejour_slug VARCHAR(200), CONSTRAINT app_reservations_sejour_fk"
                        + " FOREIGN KEY (sejour_slug) REFERENCES app_sejours (slug));\n"
                        + "CREATE INDEX app_reservations_expiry_idx ON app_reservations (status, expires_at);");
    }

    @Test
    void noPrefixLeavesTheScriptAlone() {
        assertThat(Tables.withPrefix("").apply("DROP TABLE reservations")).isEqualTo("DROP TABLE reservations");
    }

    @Test
    void aPrefixIsAnIdentifierStart() {
        assertThatThrownBy(() -> Tables.withPrefix("app-")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tables.withPrefix("1_")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JdbcBookingStores.builder(new org.h2.jdbcx.JdbcDataSource()).tablePrefix("x; DROP"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theShippedScriptsSplitIntoStatementsWithJdbisScript() {
        try (Handle h = Jdbi.open("jdbc:h2:mem:")) {
            for (JdbcDialect dialect : JdbcDialect.values()) {
                assertThat(h.createScript(SqlScripts.read(dialect.schemaResource())).getStatements())
                        .as(dialect.name()).allSatisfy(s -> assertThat(s).startsWith("CREATE").doesNotContain("--"))
                        .hasSizeGreaterThanOrEqualTo(2);
                assertThat(h.createScript(SqlScripts.read(dialect.dropResource())).getStatements())
                        .as(dialect.name()).containsExactly("DROP TABLE IF EXISTS reservations_buyer_locks",
                                "DROP TABLE IF EXISTS reservations", "DROP TABLE IF EXISTS sejours");
                for (Migration migration : Migration.of(dialect)) {
                    assertThat(h.createScript(migration.script()).getStatements())
                            .as(dialect.name() + " " + migration.name())
                            .allSatisfy(s -> assertThat(s).matches("(?s)(CREATE|ALTER) .*").doesNotContain("--").doesNotEndWith(";"))
                            .isNotEmpty();
                }
            }
        }
    }

    @Test
    void dialectsAreKnownByProductName() {
        assertThat(JdbcDialect.forProductName("H2")).isEqualTo(JdbcDialect.H2);
        assertThat(JdbcDialect.forProductName("PostgreSQL")).isEqualTo(JdbcDialect.POSTGRESQL);
        assertThat(JdbcDialect.forProductName("MariaDB")).isEqualTo(JdbcDialect.MARIADB);
        assertThat(JdbcDialect.forProductName("MySQL")).isEqualTo(JdbcDialect.MARIADB);
        assertThat(JdbcDialect.forProductName("SQLite")).isEqualTo(JdbcDialect.SQLITE);
        assertThatThrownBy(() -> JdbcDialect.forProductName("Oracle")).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.sejour.booking.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.spi.HoldOutcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables created before the per-buyer limit (no {@code buyer_key}, no lock table, no schema history) are
 * brought up to date by {@code createTablesIfMissing()}'s migrations, and their older holds do not count
 * against the limit.
 */
class SchemaUpgradeTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    @TempDir
    Path temp;

    @Test
    void h2TablesFromBeforeTheLimitAreUpgraded() {
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL("jdbc:h2:mem:upgrade_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        upgradesAndLimits(h2, JdbcDialect.H2);
    }

    @Test
    void sqliteTablesFromBeforeTheLimitAreUpgraded() {
        org.sqlite.SQLiteDataSource sqlite = new org.sqlite.SQLiteDataSource();
        sqlite.setUrl(SqliteDatabase.url(temp.resolve("upgrade.db")));
        upgradesAndLimits(sqlite, JdbcDialect.SQLITE);
    }

    private void upgradesAndLimits(DataSource dataSource, JdbcDialect dialect) {
        // The tables as they were before the limit (migrations 1 and 2, French column names), with no schema
        // history, as an older createTablesIfMissing() left them; one hold of the buyer in them.
        Jdbi jdbi = Jdbi.create(dataSource);
        for (Migration migration : Migration.of(dialect).subList(0, 2)) {
            jdbi.useHandle(h -> h.createScript(migration.script()).executeAsSeparateStatements());
        }
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO sejours (slug, title, price, currency, capacity) VALUES ('yoga', 'Yoga', 45000, 'EUR', 9)");
            h.execute("INSERT INTO reservations (id, sejour_slug, nom, prenom, email, nb_places, montant, devise, statut,"
                    + " created_at, expires_at) VALUES ('res_old', 'yoga', 'Martin', 'Zoé', 'zoe@exemple.fr', 1, 45000,"
                    + " 'EUR', 'en_attente', ?, ?)", text(dialect, T0), text(dialect, T0.plusSeconds(900)));
        });

        JdbcBookingStores upgraded = JdbcBookingStores.builder(dataSource).createTablesIfMissing().build();

        assertThat(upgraded.reservations().insertHold(hold("new1"), 1, null)).as("the old hold does not count")
                .isEqualTo(HoldOutcome.HELD);
        assertThat(upgraded.reservations().insertHold(hold("new2"), 1, null)).isEqualTo(HoldOutcome.TOO_MANY_PENDING);
        assertThat(upgraded.reservations().findById("res_old")).isPresent();
        assertThat(upgraded.sejours().findBySlug("yoga").orElseThrow().placesLeft()).isEqualTo(8);
    }

    // What each dialect's time column takes from a plain statement.
    private static Object text(JdbcDialect dialect, Instant instant) {
        return dialect == JdbcDialect.SQLITE
                ? SqliteDialect.UTC_TEXT.format(java.time.LocalDateTime.ofInstant(instant, java.time.ZoneOffset.UTC))
                : instant.atOffset(java.time.ZoneOffset.UTC);
    }

    private static Reservation hold(String id) {
        return Reservation.pending("res_" + id, "yoga", new Buyer("Martin", "Zoé", "zoe@exemple.fr"), 1,
                Money.of(45_000, "eur"), T0, T0.plusSeconds(900));
    }
}

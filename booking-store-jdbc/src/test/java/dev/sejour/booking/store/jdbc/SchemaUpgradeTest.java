package dev.sejour.booking.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.HoldOutcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables created before the per-buyer limit (no {@code buyer_key}, no lock table) are brought up to date by
 * {@code createTablesIfMissing()}, and their older holds do not count against the limit.
 */
class SchemaUpgradeTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    @TempDir
    Path temp;

    @Test
    void h2TablesFromBeforeTheLimitAreUpgraded() {
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL("jdbc:h2:mem:upgrade_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        upgradesAndLimits(h2);
    }

    @Test
    void sqliteTablesFromBeforeTheLimitAreUpgraded() {
        org.sqlite.SQLiteDataSource sqlite = new org.sqlite.SQLiteDataSource();
        sqlite.setUrl(SqliteDatabase.url(temp.resolve("upgrade.db")));
        upgradesAndLimits(sqlite);
    }

    private void upgradesAndLimits(DataSource dataSource) {
        JdbcBookingStores current = JdbcBookingStores.builder(dataSource).createTablesIfMissing().build();
        current.sejours().save(new Sejour("yoga", "Yoga", Money.of(45_000, "eur"), 10));
        assertThat(current.reservations().insertHold(hold("old"))).isEqualTo(HoldOutcome.HELD);
        // Back to the shape of the tables before the limit.
        Jdbi.create(dataSource).useHandle(h -> {
            h.execute("DROP TABLE reservations_buyer_locks");
            h.execute("DROP INDEX reservations_buyer_idx");
            h.execute("ALTER TABLE reservations DROP COLUMN buyer_key");
        });

        JdbcBookingStores upgraded = JdbcBookingStores.builder(dataSource).createTablesIfMissing().build();

        assertThat(upgraded.reservations().insertHold(hold("new1"), 1, null)).as("the old hold does not count")
                .isEqualTo(HoldOutcome.HELD);
        assertThat(upgraded.reservations().insertHold(hold("new2"), 1, null)).isEqualTo(HoldOutcome.TOO_MANY_PENDING);
        assertThat(upgraded.reservations().findById("res_old")).isPresent();
        assertThat(upgraded.sejours().findBySlug("yoga").orElseThrow().placesLeft()).isEqualTo(8);
    }

    private static Reservation hold(String id) {
        return Reservation.pending("res_" + id, "yoga", new Buyer("Martin", "Zoé", "zoe@exemple.fr"), 1,
                Money.of(45_000, "eur"), T0, T0.plusSeconds(900));
    }
}

package dev.sejour.booking.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.HoldOutcome;
import dev.sejour.booking.spi.NotificationFailure;
import dev.sejour.booking.spi.StoreException;
import dev.sejour.booking.spi.Transition;
import dev.sejour.booking.spi.TransitionOutcome;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.PlacesCount;
import dev.sejour.booking.testkit.ReservationStoreContract;
import dev.sejour.booking.testkit.SejourStoreContract;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Everything the JDBC stores must do, run once per database by a subclass that says which: the testkit's
 * contract suites, then what only SQL stores have (schema constraints, table creation, prefixes, times).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcStoresTestBase {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00.123Z");

    TestDatabase db;
    JdbcBookingStores stores;

    /** Opens a database of the test class's own; skips the class when its server is not reachable. */
    abstract TestDatabase openDatabase() throws Exception;

    @BeforeAll
    void openDatabaseAndTables() throws Exception {
        db = openDatabase();
        stores = JdbcBookingStores.builder(db.dataSource()).createTablesIfMissing().build();
    }

    @AfterAll
    void dropDatabase() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    BookingStores emptyStores() throws SQLException {
        sql("DELETE FROM reservations");
        sql("DELETE FROM sejours");
        // The contract's inspection hook: the store's own count of its rows, not part of the SPI.
        return new BookingStores(stores.sejours(), stores.reservations(),
                slug -> PlacesCount.of(stores.reservations().countPlaces(slug)));
    }

    void sql(String statement) throws SQLException {
        try (Connection connection = db.dataSource().getConnection(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    String text(String query) throws SQLException {
        try (Connection connection = db.dataSource().getConnection(); Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            assertThat(rs.next()).as("a row for " + query).isTrue();
            return rs.getString(1);
        }
    }

    static Reservation hold(String id, String slug, Instant createdAt, Instant expiresAt) {
        return Reservation.pending(id, slug, new Buyer("Devillers", "David", "david@example.com"), 1,
                Money.of(45_000, "eur"), createdAt, expiresAt);
    }

    static String newId() {
        return "res_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Nested
    class SejourStore extends SejourStoreContract {

        @Override
        protected BookingStores createStores() throws SQLException {
            return emptyStores();
        }
    }

    @Nested
    class ReservationStore extends ReservationStoreContract {

        @Override
        protected BookingStores createStores() throws SQLException {
            return emptyStores();
        }

        @Override
        protected dev.sejour.booking.spi.ReservationStore secondInstance() {
            return JdbcBookingStores.builder(db.dataSource()).build().reservations();
        }
    }

    @Nested
    class Constraints {

        @BeforeEach
        void oneHeldReservation() throws SQLException {
            emptyStores();
            stores.sejours().save(new Sejour("yoga", "Yoga", Money.of(45_000, "eur"), 5));
            stores.reservations().insertHold(hold("res_a", "yoga", T0, T0.plusSeconds(60)));
            stores.reservations().insertHold(hold("res_b", "yoga", T0, T0.plusSeconds(60)));
        }

        @Test
        void placesLeftCannotGoNegative() {
            assertThatThrownBy(() -> sql("UPDATE sejours SET capacity = -1 WHERE slug = 'yoga'"))
                    .isInstanceOf(SQLException.class);
        }

        @Test
        void anUnknownStatusIsRefused() {
            assertThatThrownBy(() -> sql("UPDATE reservations SET statut = 'annulee' WHERE id = 'res_a'"))
                    .isInstanceOf(SQLException.class);
        }

        @Test
        void aReservationHoldsAtLeastOnePlace() {
            assertThatThrownBy(() -> sql("UPDATE reservations SET nb_places = 0 WHERE id = 'res_a'"))
                    .isInstanceOf(SQLException.class);
        }

        @Test
        void twoReservationsCannotShareASession() throws SQLException {
            sql("UPDATE reservations SET stripe_session_id = 'cs_test_1' WHERE id = 'res_a'");

            assertThatThrownBy(() -> sql("UPDATE reservations SET stripe_session_id = 'cs_test_1' WHERE id = 'res_b'"))
                    .isInstanceOf(SQLException.class);
        }

        @Test
        void sessionIdsAreCaseSensitive() {
            assertThat(stores.reservations().attachSession("res_a", "cs_test_aB")).isTrue();
            assertThat(stores.reservations().attachSession("res_b", "cs_test_ab")).isTrue();

            assertThat(stores.reservations().findByStripeSessionId("cs_test_ab")).map(Reservation::id).contains("res_b");
        }

        @Test
        void aReservationBelongsToAKnownSejour() {
            assertThatThrownBy(() -> sql("UPDATE reservations SET sejour_slug = 'nowhere' WHERE id = 'res_a'"))
                    .isInstanceOf(SQLException.class);
        }

        @Test
        void aHoldWithAnIdAlreadyTakenFailsAndTakesNoPlace() {
            assertThatThrownBy(() -> stores.reservations().insertHold(hold("res_a", "yoga", T0, T0.plusSeconds(60))))
                    .isInstanceOf(StoreException.class);

            assertThat(stores.sejours().findBySlug("yoga")).map(Sejour::placesLeft).contains(3);
        }
    }

    @Nested
    class Schema {

        @Test
        void creatingTablesIfMissingTwiceKeepsTheirRows() throws SQLException {
            emptyStores();
            stores.sejours().save(new Sejour("yoga", "Yoga", Money.of(45_000, "eur"), 5));

            JdbcBookingStores again = JdbcBookingStores.builder(db.dataSource()).createTablesIfMissing().build();
            JdbcBookingStores thrice = JdbcBookingStores.builder(db.dataSource()).createTablesIfMissing().build();

            assertThat(again.sejours().findAll()).extracting(Sejour::slug).containsExactly("yoga");
            assertThat(thrice.sejours().findBySlug("yoga")).map(Sejour::placesLeft).contains(5);
        }

        @Test
        void theShippedScriptsRunAsTheyAre() throws SQLException {
            run(stores.dialect().dropResource());
            assertThatThrownBy(() -> stores.sejours().findAll()).isInstanceOf(StoreException.class);

            run(stores.dialect().schemaResource());

            stores.sejours().save(new Sejour("yoga", "Yoga", Money.of(45_000, "eur"), 2));
            assertThat(stores.reservations().insertHold(hold(newId(), "yoga", T0, T0.plusSeconds(60))))
                    .isEqualTo(HoldOutcome.HELD);
        }

        @Test
        void prefixedTablesAreCreatedAndUsedApart() throws SQLException {
            emptyStores();
            String prefix = "p" + UUID.randomUUID().toString().substring(0, 6) + "_";
            JdbcBookingStores prefixed = JdbcBookingStores.builder(db.dataSource())
                    .tablePrefix(prefix).createTablesIfMissing().build();

            prefixed.sejours().save(new Sejour("yoga", "Yoga", Money.of(45_000, "eur"), 2));
            assertThat(prefixed.reservations().insertHold(hold(newId(), "yoga", T0, T0.plusSeconds(60))))
                    .isEqualTo(HoldOutcome.HELD);

            assertThat(prefixed.tablePrefix()).isEqualTo(prefix);
            assertThat(prefixed.reservations().countPlaces("yoga")).containsEntry(ReservationStatus.PENDING, 1);
            assertThat(stores.sejours().findAll()).isEmpty();
            for (String statement : SqlScripts.statements(
                    Tables.withPrefix(prefix).apply(SqlScripts.read(stores.dialect().dropResource())))) {
                sql(statement);
            }
        }

        @Test
        void tablesCreatedBeforeTheOutboxGetItsColumnsWhenTheStoresStart() throws SQLException {
            String prefix = "o" + UUID.randomUUID().toString().substring(0, 6) + "_";
            // The shipped script as it was before the outbox: without its columns, constraint and index.
            String before = SqlScripts.read(stores.dialect().schemaResource()).lines()
                    .filter(line -> !line.contains("notify_attempts") && !line.contains("notify_failed_at")
                            && !line.contains("notify_last_error") && !line.contains("dead letters"))
                    .collect(java.util.stream.Collectors.joining("\n"))
                    .replaceAll(",(\\s*\\n\\s*\\))", "$1");
            for (String statement : SqlScripts.statements(Tables.withPrefix(prefix).apply(before))) {
                sql(statement);
            }

            JdbcBookingStores upgraded = JdbcBookingStores.builder(db.dataSource())
                    .tablePrefix(prefix).createTablesIfMissing().build();
            JdbcBookingStores.builder(db.dataSource()).tablePrefix(prefix).createTablesIfMissing().build();

            upgraded.sejours().save(new Sejour("yoga", "Yoga", Money.of(45_000, "eur"), 2));
            Reservation hold = hold(newId(), "yoga", T0, T0.plusSeconds(60));
            upgraded.reservations().insertHold(hold);
            upgraded.reservations().transition(Transition.of(hold.id(), ReservationStatus.PENDING,
                    ReservationStatus.PAID, 0, T0));
            assertThat(upgraded.reservations().recordNotificationFailure(new NotificationFailure(hold.id(),
                    ReservationStatus.PAID, 1, T0, null, "550 no such user"))).isTrue();
            assertThat(upgraded.reservations().countFailedNotifications()).isEqualTo(1);
            for (String statement : SqlScripts.statements(
                    Tables.withPrefix(prefix).apply(SqlScripts.read(stores.dialect().dropResource())))) {
                sql(statement);
            }
        }

        @Test
        void missingTablesAreAStoreFailure() {
            JdbcBookingStores missing = JdbcBookingStores.builder(db.dataSource()).tablePrefix("missing_").build();

            assertThatThrownBy(() -> missing.sejours().findAll())
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("could not list séjours");
            assertThatThrownBy(() -> missing.reservations().insertHold(hold(newId(), "yoga", T0, T0)))
                    .isInstanceOf(StoreException.class);
        }

        @Test
        void theDialectIsReadFromTheConnection() {
            assertThat(JdbcBookingStores.create(db.dataSource()).dialect()).isEqualTo(stores.dialect());
        }

        private void run(String resource) throws SQLException {
            for (String statement : SqlScripts.statements(SqlScripts.read(resource))) {
                sql(statement);
            }
        }
    }

    @Nested
    class Times {

        // 00:30Z and 01:30Z are both 02:30 in Paris (the autumn fold); 02:30 Paris on 29 March never exists.
        private final Instant created = Instant.parse("2026-10-25T00:30:00.123456Z");
        private final Instant expires = Instant.parse("2026-10-25T01:30:00.654321Z");
        private final Instant paid = Instant.parse("2026-03-29T02:30:00.000001Z");

        @BeforeEach
        void empty() throws SQLException {
            emptyStores();
            stores.sejours().save(new Sejour("yoga", "Yoga", Money.of(45_000, "eur"), 5));
        }

        @Test
        void instantsReadBackEqualWhateverTheZones() {
            Reservation hold = hold(newId(), "yoga", created, expires);
            stores.reservations().insertHold(hold);
            stores.reservations().transition(new Transition(hold.id(), ReservationStatus.PENDING,
                    ReservationStatus.PAID, 0, null, "pi_1", paid));

            Reservation read = stores.reservations().findById(hold.id()).orElseThrow();

            assertThat(read.createdAt()).isEqualTo(created);
            assertThat(read.expiresAt()).isEqualTo(expires);
            assertThat(read.paidAt()).isEqualTo(paid);
        }

        @Test
        void instantsAreStoredAsUtc() throws SQLException {
            Reservation hold = hold("res_utc", "yoga", created, expires);
            stores.reservations().insertHold(hold);
            stores.reservations().transition(new Transition(hold.id(), ReservationStatus.PENDING,
                    ReservationStatus.PAID, 0, null, "pi_1", paid));

            assertThat(text("SELECT " + db.utcText("created_at") + " FROM reservations")).isEqualTo("2026-10-25 00:30:00.123456");
            assertThat(text("SELECT " + db.utcText("expires_at") + " FROM reservations")).isEqualTo("2026-10-25 01:30:00.654321");
            assertThat(text("SELECT " + db.utcText("paid_at") + " FROM reservations")).isEqualTo("2026-03-29 02:30:00.000001");
        }

        @Test
        void nanosecondsAreCutToMicroseconds() {
            Reservation hold = hold(newId(), "yoga", Instant.parse("2026-11-24T10:00:00.123456789Z"), expires);

            stores.reservations().insertHold(hold);

            assertThat(stores.reservations().findById(hold.id()).orElseThrow().createdAt())
                    .isEqualTo(Instant.parse("2026-11-24T10:00:00.123456Z"));
        }

        @Test
        void holdsExpireByTheInstantNotTheWallClock() {
            Reservation first = hold(newId(), "yoga", created, created.plusSeconds(1800));
            Reservation second = hold(newId(), "yoga", created, expires);
            stores.reservations().insertHold(first);
            stores.reservations().insertHold(second);

            assertThat(stores.reservations().findExpiredHolds(expires.minusNanos(1000), 10))
                    .extracting(Reservation::id).containsExactly(first.id());
            assertThat(stores.reservations().transition(Transition.of(first.id(), ReservationStatus.PENDING,
                    ReservationStatus.EXPIRED, 1, expires))).isEqualTo(TransitionOutcome.APPLIED);
        }
    }
}

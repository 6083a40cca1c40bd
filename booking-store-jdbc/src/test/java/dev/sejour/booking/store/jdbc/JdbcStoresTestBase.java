package dev.sejour.booking.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.HoldOutcome;
import dev.sejour.booking.spi.StoreException;
import dev.sejour.booking.spi.Transition;
import dev.sejour.booking.spi.TransitionOutcome;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.PlacesCount;
import dev.sejour.booking.testkit.ReservationStoreContract;
import dev.sejour.booking.testkit.SejourStoreContract;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
        // The tables as the first release made them, without a schema history: every test below then runs on
        // tables the migrations brought to the current version, as an application upgraded in place has.
        script(SqlScripts.read(JdbcDialect.forProductName(productName()).migrationLocation() + "V1__baseline.sql"));
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
                slug -> PlacesCount.of(stores.countPlaces(slug)));
    }

    /** Runs a script the way a user would run the shipped files by hand, through Jdbi's {@code Script}. */
    void script(String script) {
        Jdbi.create(db.dataSource()).useHandle(h -> h.createScript(script).executeAsSeparateStatements());
    }

    /** Drops the tables (and schema history, lock table) made with {@code prefix}. */
    void dropTables(String prefix) {
        script(Tables.withPrefix(prefix).apply(SqlScripts.read(stores.dialect().dropResource())));
        script("DROP TABLE IF EXISTS " + prefix + "sejour_booking_schema_history;\n"
                + "DROP TABLE IF EXISTS " + prefix + "sejour_booking_schema_lock;");
    }

    private String productName() throws SQLException {
        try (Connection connection = db.dataSource().getConnection()) {
            return connection.getMetaData().getDatabaseProductName();
        }
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
            assertThatThrownBy(() -> sql("UPDATE sejours SET places_left = -1 WHERE slug = 'yoga'"))
                    .isInstanceOf(SQLException.class);
        }

        @Test
        void anUnknownStatusIsRefused() {
            assertThatThrownBy(() -> sql("UPDATE reservations SET status = 'annulee' WHERE id = 'res_a'"))
                    .isInstanceOf(SQLException.class);
        }

        @Test
        void aReservationHoldsAtLeastOnePlace() {
            assertThatThrownBy(() -> sql("UPDATE reservations SET places = 0 WHERE id = 'res_a'"))
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
            assertThat(prefixed.countPlaces("yoga")).containsEntry(ReservationStatus.PENDING, 1);
            assertThat(stores.sejours().findAll()).isEmpty();
            dropTables(prefix);
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

        private void run(String resource) {
            script(SqlScripts.read(resource));
        }
    }

    @Nested
    class Migrations {

        private final List<String> prefixes = new ArrayList<>();

        private String newPrefix() {
            String prefix = "m" + UUID.randomUUID().toString().substring(0, 6) + "_";
            prefixes.add(prefix);
            return prefix;
        }

        @AfterEach
        void dropPrefixedTables() {
            prefixes.forEach(JdbcStoresTestBase.this::dropTables);
        }

        @Test
        void instancesStartingTogetherOnEmptyTablesAllStartAndMigrateOnce() throws Exception {
            int threads = 4;
            for (int round = 0; round < 5; round++) {
                String prefix = newPrefix();
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                try {
                    CyclicBarrier start = new CyclicBarrier(threads);
                    List<Future<JdbcBookingStores>> starts = new ArrayList<>();
                    for (int i = 0; i < threads; i++) {
                        starts.add(pool.submit(() -> {
                            start.await();
                            return JdbcBookingStores.builder(db.dataSource()).tablePrefix(prefix)
                                    .createTablesIfMissing().build();
                        }));
                    }
                    List<JdbcBookingStores> started = new ArrayList<>();
                    for (Future<JdbcBookingStores> f : starts) {
                        started.add(f.get(5, TimeUnit.MINUTES));
                    }
                    assertThat(historyVersions(prefix)).as("round " + round).isEqualTo(allVersions());
                    started.get(0).sejours().save(new Sejour("yoga", "Yoga", Money.of(45_000, "eur"), 2));
                    assertThat(started.get(threads - 1).reservations()
                            .insertHold(hold(newId(), "yoga", T0, T0.plusSeconds(60)))).isEqualTo(HoldOutcome.HELD);
                } finally {
                    pool.shutdownNow();
                }
            }
        }

        @Test
        void tablesAtTheFirstVersionReachTheCurrentOneAndKeepTheirRows() throws SQLException {
            String prefix = newPrefix();
            script(Tables.withPrefix(prefix).apply(migration(1).script()));
            sql("INSERT INTO " + prefix + "sejours (slug, title, price, currency, capacity) VALUES ('yoga', 'Yoga', 45000, 'EUR', 3)");

            JdbcBookingStores migrated = JdbcBookingStores.builder(db.dataSource()).tablePrefix(prefix)
                    .createTablesIfMissing().build();

            assertThat(historyVersions(prefix)).isEqualTo(allVersions());
            assertThat(migrated.sejours().findBySlug("yoga")).map(Sejour::placesLeft).contains(3);
            assertThat(columns(prefix)).isEqualTo(columns(prefixWithTheSchemaScript()));
        }

        @Test
        void tablesMadeBeforeTheHistoryAreRecognisedAndOnlyTheMissingMigrationsRun() throws SQLException {
            // As an older createTablesIfMissing() left them: the outbox's columns, no schema history.
            String prefix = newPrefix();
            script(Tables.withPrefix(prefix).apply(migration(1).script()));
            script(Tables.withPrefix(prefix).apply(migration(2).script()));
            sql("INSERT INTO " + prefix + "sejours (slug, title, price, currency, capacity) VALUES ('yoga', 'Yoga', 45000, 'EUR', 3)");

            List<Integer> ran = new SchemaMigrator(Jdbi.create(db.dataSource()), stores.dialect(), Tables.withPrefix(prefix))
                    .migrate();

            assertThat(ran).isEqualTo(allVersions().subList(2, allVersions().size()));
            assertThat(historyVersions(prefix)).isEqualTo(allVersions());
            assertThat(text("SELECT places_left FROM " + prefix + "sejours")).isEqualTo("3");
        }

        @Test
        void theSchemaScriptMakesTheTablesAllMigrationsMake() throws SQLException {
            String migrated = newPrefix();
            JdbcBookingStores.builder(db.dataSource()).tablePrefix(migrated).createTablesIfMissing().build();

            assertThat(columns(migrated)).isEqualTo(columns(prefixWithTheSchemaScript()))
                    .containsKeys("sejours.places_left", "reservations.last_name", "reservations.status", "reservations.buyer_key",
                            "reservations_buyer_locks.buyer_key",
                            "reservations.notify_attempts")
                    .doesNotContainKeys("sejours.capacity", "reservations.nom", "reservations.statut");
            assertThat(indexes(migrated)).isEqualTo(indexes(prefixWithTheSchemaScript()));
        }

        @Test
        void tablesMadeFromTheSchemaScriptAreRecordedNotChanged() throws SQLException {
            String prefix = prefixWithTheSchemaScript();
            sql("INSERT INTO " + prefix + "sejours (slug, title, price, currency, places_left) VALUES ('yoga', 'Yoga', 45000, 'EUR', 3)");

            List<Integer> ran = new SchemaMigrator(Jdbi.create(db.dataSource()), stores.dialect(), Tables.withPrefix(prefix))
                    .migrate();

            assertThat(ran).isEmpty();
            assertThat(historyVersions(prefix)).isEqualTo(allVersions());
            assertThat(text("SELECT title FROM " + prefix + "sejours")).isEqualTo("Yoga");
        }

        @Test
        void migratingTwiceIsANoOp() throws SQLException {
            String prefix = newPrefix();
            SchemaMigrator migrator = new SchemaMigrator(Jdbi.create(db.dataSource()), stores.dialect(), Tables.withPrefix(prefix));

            assertThat(migrator.migrate()).isEqualTo(allVersions());
            Map<String, String> before = columns(prefix);
            assertThat(migrator.migrate()).isEmpty();

            assertThat(columns(prefix)).isEqualTo(before);
            assertThat(historyVersions(prefix)).isEqualTo(allVersions());
        }

        @Test
        void tablesDroppedWithTheDropScriptAreMadeAgain() throws SQLException {
            String prefix = newPrefix();
            JdbcBookingStores.builder(db.dataSource()).tablePrefix(prefix).createTablesIfMissing().build();
            script(Tables.withPrefix(prefix).apply(SqlScripts.read(stores.dialect().dropResource())));

            JdbcBookingStores again = JdbcBookingStores.builder(db.dataSource()).tablePrefix(prefix)
                    .createTablesIfMissing().build();

            again.sejours().save(new Sejour("yoga", "Yoga", Money.of(45_000, "eur"), 2));
            assertThat(historyVersions(prefix)).isEqualTo(allVersions());
        }

        @Test
        void aMigrationChangedAfterItRanIsRefused() throws SQLException {
            String prefix = newPrefix();
            JdbcBookingStores.builder(db.dataSource()).tablePrefix(prefix).createTablesIfMissing().build();
            sql("UPDATE " + prefix + "sejour_booking_schema_history SET checksum = checksum + 1 WHERE version = 1");

            assertThatThrownBy(() -> JdbcBookingStores.builder(db.dataSource()).tablePrefix(prefix)
                    .createTablesIfMissing().build())
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("V1__baseline.sql was applied with checksum");
        }

        private String prefixWithTheSchemaScript() {
            String prefix = newPrefix();
            script(Tables.withPrefix(prefix).apply(SqlScripts.read(stores.dialect().schemaResource())));
            return prefix;
        }

        private Migration migration(int version) {
            return Migration.of(stores.dialect()).get(version - 1);
        }

        private List<Integer> allVersions() {
            return Migration.of(stores.dialect()).stream().map(Migration::version).toList();
        }

        private List<Integer> historyVersions(String prefix) {
            return Jdbi.create(db.dataSource()).withHandle(h -> h.createQuery(
                    "SELECT version FROM " + prefix + "sejour_booking_schema_history ORDER BY version")
                    .mapTo(Integer.class).list());
        }

        /** "table.column" → type, size, nullability, for both tables made with {@code prefix}. */
        private Map<String, String> columns(String prefix) throws SQLException {
            Map<String, String> columns = new TreeMap<>();
            try (Connection c = db.dataSource().getConnection()) {
                DatabaseMetaData meta = c.getMetaData();
                for (String table : List.of("sejours", "reservations", "reservations_buyer_locks")) {
                    try (ResultSet rs = meta.getColumns(c.getCatalog(), c.getSchema(), name(meta, prefix + table), null)) {
                        while (rs.next()) {
                            columns.put(table + "." + rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                                    rs.getString("TYPE_NAME") + "(" + rs.getInt("COLUMN_SIZE") + ") nullable="
                                            + rs.getString("IS_NULLABLE"));
                        }
                    }
                }
            }
            return columns;
        }

        /** Index names (prefix taken off) → their columns, for both tables made with {@code prefix}. */
        private Map<String, String> indexes(String prefix) throws SQLException {
            Map<String, String> indexes = new TreeMap<>();
            try (Connection c = db.dataSource().getConnection()) {
                DatabaseMetaData meta = c.getMetaData();
                for (String table : List.of("sejours", "reservations", "reservations_buyer_locks")) {
                    try (ResultSet rs = meta.getIndexInfo(c.getCatalog(), c.getSchema(), name(meta, prefix + table), false, false)) {
                        while (rs.next()) {
                            String index = rs.getString("INDEX_NAME");
                            if (index != null && index.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                                // H2 numbers the indexes behind constraints in creation order: the number is left out.
                                indexes.merge(index.toLowerCase(Locale.ROOT).substring(prefix.length()).replaceAll("_index_[0-9a-f]+$", ""),
                                        String.valueOf(rs.getString("COLUMN_NAME")).toLowerCase(Locale.ROOT), (a, b) -> a + "," + b);
                            }
                        }
                    }
                }
            }
            return indexes;
        }

        private static String name(DatabaseMetaData meta, String name) throws SQLException {
            return meta.storesUpperCaseIdentifiers() ? name.toUpperCase(Locale.ROOT) : name;
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

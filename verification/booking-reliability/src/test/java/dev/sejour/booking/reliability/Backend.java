package dev.sejour.booking.reliability;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.sejour.booking.store.jdbc.JdbcBookingStores;
import dev.sejour.booking.store.mongo.MongoBookingStores;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.PlacesCount;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Where a test's reservations live: in memory, or a real database each application instance reaches through
 * a pool of its own (and, on request, through a {@link FaultyDataSource} that can make it unreachable).
 */
abstract class Backend implements AutoCloseable {

    /** A short name for summaries: {@code memory}, {@code h2}, {@code postgresql}, {@code mariadb}, {@code mongo}. */
    abstract String name();

    /** The stores an application instance uses; each call is a new instance's view of the same database. */
    abstract BookingStores newInstanceStores();

    /** The stores through which the database's state is checked at the end of a scenario. */
    abstract BookingStores checkStores();

    /** How many reservations the database holds, when it can be counted directly. */
    OptionalLong reservationRows() {
        return OptionalLong.empty();
    }

    /** The last instance's database switch, for stores built with faults enabled. */
    FaultyDataSource faults() {
        throw new UnsupportedOperationException(name() + " has no fault switch");
    }

    @Override
    public void close() throws Exception {
    }

    static Backend memory() {
        BookingStores stores = BookingStores.inMemory();
        return new Backend() {
            @Override
            String name() {
                return "memory";
            }

            @Override
            BookingStores newInstanceStores() {
                return stores;
            }

            @Override
            BookingStores checkStores() {
                return stores;
            }
        };
    }

    static Backend jdbc(TestDatabase.Kind kind) throws SQLException {
        return new Jdbc(TestDatabase.open(kind), false);
    }

    /** JDBC stores whose instances reach the database through a {@link FaultyDataSource}. */
    static Backend jdbcWithFaults(TestDatabase.Kind kind) throws SQLException {
        return new Jdbc(TestDatabase.open(kind), true);
    }

    /**
     * A MongoDB wire-protocol server in process (mongo-java-server, memory backend); each instance connects
     * with a client of its own. It has no multi-document transactions, as the Mongo stores expect.
     */
    static Backend mongo() {
        return new Mongo();
    }

    static final class Mongo extends Backend {

        private final MongoServer server = new MongoServer(new MemoryBackend());
        private final String uri;
        private final String database = "booking_rel_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        private final List<MongoClient> clients = new ArrayList<>();
        private final BookingStores check;

        Mongo() {
            server.bind("127.0.0.1", 0);
            uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/?serverSelectionTimeoutMS=3000";
            check = newInstanceStores();
        }

        @Override
        String name() {
            return "mongo";
        }

        @Override
        synchronized BookingStores newInstanceStores() {
            MongoClient client = MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(uri))
                    .applyToConnectionPoolSettings(pool -> pool.maxSize(40))
                    .build());
            clients.add(client);
            MongoBookingStores stores = MongoBookingStores.create(client.getDatabase(database));
            return new BookingStores(stores.sejours(), stores.reservations(),
                    slug -> PlacesCount.of(stores.countPlaces(slug)));
        }

        @Override
        BookingStores checkStores() {
            return check;
        }

        @Override
        public synchronized void close() {
            clients.forEach(MongoClient::close);
            server.shutdownNow();
        }
    }

    static final class Jdbc extends Backend {

        // Enough connections for the races to contend for real; the rest wait for a connection.
        private static final int POOL_SIZE = 12;

        final TestDatabase database;
        private final boolean withFaults;
        private final String prefix = "rel" + UUID.randomUUID().toString().replace("-", "").substring(0, 6) + "_";
        private final List<BookingStores> instances = new ArrayList<>();
        private final BookingStores check;
        private FaultyDataSource lastFaults;

        Jdbc(TestDatabase database, boolean withFaults) {
            this.database = database;
            this.withFaults = withFaults;
            this.check = stores(database.newPool("check", 4), true);
        }

        private BookingStores stores(javax.sql.DataSource dataSource, boolean create) {
            JdbcBookingStores.Builder builder = JdbcBookingStores.builder(dataSource).tablePrefix(prefix);
            JdbcBookingStores stores = (create ? builder.createTablesIfMissing() : builder).build();
            return new BookingStores(stores.sejours(), stores.reservations(),
                    slug -> PlacesCount.of(stores.countPlaces(slug)));
        }

        @Override
        String name() {
            return database.kind.name().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        synchronized BookingStores newInstanceStores() {
            javax.sql.DataSource pool = database.newPool("instance" + instances.size(), POOL_SIZE);
            if (withFaults) {
                lastFaults = new FaultyDataSource(pool);
                pool = lastFaults;
            }
            BookingStores stores = stores(pool, false);
            instances.add(stores);
            return stores;
        }

        @Override
        BookingStores checkStores() {
            return check;
        }

        @Override
        synchronized FaultyDataSource faults() {
            if (lastFaults == null) {
                throw new IllegalStateException("no instance with faults was created");
            }
            return lastFaults;
        }

        @Override
        OptionalLong reservationRows() {
            try {
                return OptionalLong.of(database.queryLong("SELECT COUNT(*) FROM " + prefix + "reservations"));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws Exception {
            database.close();
        }
    }
}

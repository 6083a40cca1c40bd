package dev.sejour.booking.store.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The séjour and reservation stores over one MongoDB database, such as the Next.js app's.
 *
 * <pre>{@code
 * try (MongoClient client = MongoClients.create(System.getenv("MONGODB_URI"))) {
 *     MongoBookingStores stores = MongoBookingStores.create(client, "sejours");
 *     BookingService service = BookingService.builder()
 *             .stores(stores.sejours(), stores.reservations())
 *             .stripeSecretKey(System.getenv("STRIPE_SECRET_KEY"))
 *             // ...
 *             .build();
 * }
 * }</pre>
 *
 * <p>Building creates the indexes the stores need (idempotent; see {@code docs/mongo.md}) and chooses how
 * changes that touch a séjour and a reservation stay whole ({@link Builder#transactions(TransactionMode)}, logged at
 * INFO): in a multi-document transaction when the deployment runs them (a replica set or {@code mongos}, and
 * the stores were given the {@link MongoClient}), otherwise with a crash-repair protocol whose unfinished
 * changes the sweeper's {@link ReservationStore#repair} finishes: the sweeper must run in both modes (it also
 * finishes what an earlier run without transactions left). The stores are thread-safe and hold no state of
 * their own: any number of application instances may share the database.
 */
public final class MongoBookingStores {

    /** How old an unfinished change must be before the repair finishes it; operations take far less. */
    public static final Duration DEFAULT_REPAIR_MARGIN = Duration.ofMinutes(1);

    /** The buyer leases of the per-buyer limit live in the reservations collection's name plus this. */
    public static final String BUYER_LOCKS_SUFFIX = "_buyerLocks";

    private static final Logger LOG = LoggerFactory.getLogger(MongoBookingStores.class);

    /** Whether the stores run their multi-document operations in transactions. */
    public enum TransactionMode {
        /**
         * Transactions when the deployment runs them (a replica set primary or {@code mongos} with logical
         * sessions, as the driver sees it at build time), the crash-repair protocol otherwise. The default.
         */
        AUTO,
        /** Transactions, or {@link Builder#build()} fails: for deployments where a standalone would be a mistake. */
        REQUIRED,
        /** The crash-repair protocol only, whatever the deployment. */
        OFF
    }

    private final SejourStore sejours;
    private final MongoReservationStore reservations;
    private final boolean transactional;

    private MongoBookingStores(Builder b) {
        MongoCollection<Document> sejourCollection = b.database.getCollection(b.mapping.sejoursCollection());
        MongoCollection<Document> reservationCollection = b.database.getCollection(b.mapping.reservationsCollection());
        if (b.createIndexes) {
            MongoIndexes.create(sejourCollection, reservationCollection, b.mapping);
        }
        Transactions transactions = chooseTransactions(b);
        this.transactional = transactions.enabled();
        this.sejours = new MongoSejourStore(sejourCollection, b.mapping);
        this.reservations = new MongoReservationStore(reservationCollection, sejourCollection, b.mapping,
                b.repairMargin, b.checkpoints,
                new BuyerLocks(b.database.getCollection(b.mapping.reservationsCollection() + BUYER_LOCKS_SUFFIX)),
                transactions);
    }

    private static Transactions chooseTransactions(Builder b) {
        String database = b.database.getName();
        if (b.transactions == TransactionMode.OFF) {
            LOG.info("MongoDB stores on '{}': crash-repair protocol, no transaction (transactions(OFF))", database);
            return Transactions.NONE;
        }
        TransactionSupport.Verdict verdict = b.client == null
                ? new TransactionSupport.Verdict(false, "built from a MongoDatabase: transactions need the MongoClient,"
                        + " use MongoBookingStores.builder(client, databaseName)")
                : Guard.call("detecting whether the deployment runs transactions",
                        () -> TransactionSupport.detect(b.client, b.database));
        if (verdict.supported()) {
            LOG.info("MongoDB stores on '{}': multi-document transactions, as {} (transactions({}))",
                    database, verdict.reason(), b.transactions);
            return Transactions.on(b.client);
        }
        if (b.transactions == TransactionMode.REQUIRED) {
            throw new IllegalStateException("transactions(REQUIRED), but the MongoDB deployment cannot run"
                    + " multi-document transactions: " + verdict.reason() + ". Use a replica set (one member is"
                    + " enough: mongod --replSet rs0, then rs.initiate()) or mongos, or transactions(AUTO)"
                    + " to fall back on the crash-repair protocol.");
        }
        LOG.info("MongoDB stores on '{}': crash-repair protocol, no transaction: {} (transactions(AUTO));"
                + " the sweeper's repair finishes changes a crash interrupts", database, verdict.reason());
        return Transactions.NONE;
    }

    /**
     * Stores with the default {@link MongoMapping} (the Next.js app's names), creating their indexes, in
     * transactions when the deployment runs them ({@link TransactionMode#AUTO}).
     *
     * @throws dev.sejour.booking.spi.StoreException if the server cannot be reached or the indexes cannot be
     *     created
     */
    public static MongoBookingStores create(MongoClient client, String databaseName) {
        return builder(client, databaseName).build();
    }

    /**
     * Stores over {@code client.getDatabase(databaseName)}; the client is what starts the sessions that
     * transactions run in.
     */
    public static Builder builder(MongoClient client, String databaseName) {
        Objects.requireNonNull(client, "client");
        return new Builder(client.getDatabase(Objects.requireNonNull(databaseName, "databaseName")), client);
    }

    /**
     * Stores with the default {@link MongoMapping} over a database alone: without its {@link MongoClient} no
     * transaction can be started, so they use the crash-repair protocol (see {@link #create(MongoClient, String)}).
     *
     * @throws dev.sejour.booking.spi.StoreException if the indexes cannot be created
     */
    public static MongoBookingStores create(MongoDatabase database) {
        return builder(database).build();
    }

    /** Stores over a database alone: the crash-repair protocol, as {@link #create(MongoDatabase)}. */
    public static Builder builder(MongoDatabase database) {
        return new Builder(database, null);
    }

    /**
     * Whether the multi-document operations (a hold, a transition that moves places, a limited hold) run in
     * transactions; false when they use the crash-repair protocol. Chosen at build time.
     */
    public boolean usesTransactions() {
        return transactional;
    }

    public SejourStore sejours() {
        return sejours;
    }

    /** The reservation store; it is also the {@link dev.sejour.booking.spi.NotificationOutbox}. */
    public ReservationStore reservations() {
        return reservations;
    }

    /**
     * Places of the séjour held by pending reservations and taken by paid ones: an inspection for checks
     * and dashboards, not part of the SPI (the engine never needs it).
     *
     * @return places by status, with exactly {@code PENDING} and {@code PAID} (0 when none)
     * @throws dev.sejour.booking.spi.StoreException if the database cannot be read
     */
    public Map<ReservationStatus, Integer> countPlaces(String sejourSlug) {
        return reservations.countPlaces(sejourSlug);
    }

    /** Settings for {@link MongoBookingStores}; each has a default. */
    public static final class Builder {
        private final MongoDatabase database;
        private final MongoClient client;
        private TransactionMode transactions = TransactionMode.AUTO;
        private MongoMapping mapping = MongoMapping.defaults();
        private Duration repairMargin = DEFAULT_REPAIR_MARGIN;
        private boolean createIndexes = true;
        private Checkpoints checkpoints = Checkpoints.NONE;

        private Builder(MongoDatabase database, MongoClient client) {
            this.database = Objects.requireNonNull(database, "database");
            this.client = client;
        }

        /**
         * Whether to run multi-document operations in transactions: {@link TransactionMode#AUTO} (the
         * default) detects it at build time, which then contacts the server; {@code REQUIRED} makes
         * {@link #build()} fail with an {@link IllegalStateException} saying why when the deployment cannot
         * (a standalone server, or stores built from a {@code MongoDatabase} without its client);
         * {@code OFF} keeps the crash-repair protocol. See {@code docs/mongo.md} for what each guarantees.
         */
        public Builder transactions(TransactionMode mode) {
            this.transactions = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Collection and field names, default currency and price unit. */
        public Builder mapping(MongoMapping mapping) {
            this.mapping = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /**
         * How old an unfinished change of places must be (by the clock the booking service passes to
         * {@code repair}) before the repair finishes it. Shorter makes places stuck by a crash come back
         * sooner, but cancels (safely, the operation then fails or retries) any operation slower than it.
         * It must also exceed the clock skew between application instances.
         */
        public Builder repairMargin(Duration margin) {
            Objects.requireNonNull(margin, "margin");
            if (margin.isNegative()) {
                throw new IllegalArgumentException("repairMargin must not be negative: " + margin);
            }
            this.repairMargin = margin;
            return this;
        }

        /** False when indexes are managed elsewhere (migrations, a user without the right to create them). */
        public Builder createIndexes(boolean create) {
            this.createIndexes = create;
            return this;
        }

        /** For tests in this package: simulates crashes and stalls between writes. */
        Builder checkpoints(Checkpoints checkpoints) {
            this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
            return this;
        }

        /**
         * @throws dev.sejour.booking.spi.StoreException if the indexes cannot be created, or the server cannot
         *     be reached to detect transactions
         * @throws IllegalStateException with {@link TransactionMode#REQUIRED}, if the deployment cannot run
         *     transactions
         */
        public MongoBookingStores build() {
            return new MongoBookingStores(this);
        }
    }
}

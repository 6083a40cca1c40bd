package dev.sejour.booking.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.bson.Document;

/**
 * The séjour and reservation stores over one MongoDB database, such as the Next.js app's.
 *
 * <pre>{@code
 * try (MongoClient client = MongoClients.create(System.getenv("MONGODB_URI"))) {
 *     MongoBookingStores stores = MongoBookingStores.create(client.getDatabase("sejours"));
 *     BookingService service = BookingService.builder()
 *             .stores(stores.sejours(), stores.reservations())
 *             .stripeSecretKey(System.getenv("STRIPE_SECRET_KEY"))
 *             // ...
 *             .build();
 * }
 * }</pre>
 *
 * <p>Building creates the indexes the stores need (idempotent; see {@code docs/mongo.md}). No
 * multi-document transaction is used, so a standalone server works as well as a replica set; changes that
 * touch a séjour and a reservation are ordered so that the sweeper's {@link ReservationStore#repair} finishes
 * what a crash interrupted: the sweeper must run. The stores are thread-safe and hold no state of their own:
 * any number of application instances may share the database.
 */
public final class MongoBookingStores {

    /** How old an unfinished change must be before the repair finishes it; operations take far less. */
    public static final Duration DEFAULT_REPAIR_MARGIN = Duration.ofMinutes(1);

    /** The buyer leases of the per-buyer limit live in the reservations collection's name plus this. */
    public static final String BUYER_LOCKS_SUFFIX = "_buyerLocks";

    private final SejourStore sejours;
    private final MongoReservationStore reservations;

    private MongoBookingStores(Builder b) {
        MongoCollection<Document> sejourCollection = b.database.getCollection(b.mapping.sejoursCollection());
        MongoCollection<Document> reservationCollection = b.database.getCollection(b.mapping.reservationsCollection());
        if (b.createIndexes) {
            MongoIndexes.create(sejourCollection, reservationCollection, b.mapping);
        }
        this.sejours = new MongoSejourStore(sejourCollection, b.mapping);
        this.reservations = new MongoReservationStore(reservationCollection, sejourCollection, b.mapping,
                b.repairMargin, b.checkpoints,
                new BuyerLocks(b.database.getCollection(b.mapping.reservationsCollection() + BUYER_LOCKS_SUFFIX)));
    }

    /**
     * Stores with the default {@link MongoMapping} (the Next.js app's names), creating their indexes.
     *
     * @throws dev.sejour.booking.spi.StoreException if the indexes cannot be created
     */
    public static MongoBookingStores create(MongoDatabase database) {
        return builder(database).build();
    }

    public static Builder builder(MongoDatabase database) {
        return new Builder(database);
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
        private MongoMapping mapping = MongoMapping.defaults();
        private Duration repairMargin = DEFAULT_REPAIR_MARGIN;
        private boolean createIndexes = true;
        private Checkpoints checkpoints = Checkpoints.NONE;

        private Builder(MongoDatabase database) {
            this.database = Objects.requireNonNull(database, "database");
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

        /** @throws dev.sejour.booking.spi.StoreException if the indexes cannot be created */
        public MongoBookingStores build() {
            return new MongoBookingStores(this);
        }
    }
}

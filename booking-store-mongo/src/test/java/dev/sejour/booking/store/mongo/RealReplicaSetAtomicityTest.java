package dev.sejour.booking.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.HoldOutcome;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import dev.sejour.booking.spi.Transition;
import dev.sejour.booking.spi.TransitionOutcome;
import dev.sejour.booking.store.mongo.Checkpoints.Point;
import dev.sejour.booking.store.mongo.MongoBookingStores.TransactionMode;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * All-or-nothing, on the real replica set (or mongos) of {@code BOOKING_TEST_MONGO_URI}; skipped without one. A
 * crash at each point between two writes of a transactional operation (the same points {@link CrashRepairTest}
 * crashes the crash-repair protocol at) leaves nothing behind: the transaction is aborted and the server rolls
 * back the writes already made, so there is nothing for the repair to do. mongo-java-server cannot run this: it
 * ignores transactions and keeps those writes.
 */
class RealReplicaSetAtomicityTest {

    private static final int INITIAL = 10;
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant LATER = T0.plus(Duration.ofHours(1));
    private static TestMongo mongo;
    private final AtomicReference<Point> crashAt = new AtomicReference<>();
    private MongoDatabase database;
    private SejourStore sejours;
    private ReservationStore reservations;

    @BeforeAll
    static void startServer() {
        mongo = TestMongo.realReplicaSet();
    }

    @AfterAll
    static void stopServer() {
        if (mongo != null) {
            mongo.close();
        }
    }

    @BeforeEach
    void createStores() {
        String name = mongo.freshDatabaseName();
        database = mongo.client().getDatabase(name);
        MongoBookingStores stores = MongoBookingStores.builder(mongo.client(), name)
                .transactions(TransactionMode.REQUIRED)
                .checkpoints((point, id) -> {
                    if (crashAt.compareAndSet(point, null)) {
                        throw new IllegalStateException("simulated crash at " + point);
                    }
                }).build();
        sejours = stores.sejours();
        reservations = stores.reservations();
        sejours.save(new Sejour("yoga", "Yoga", Money.of(100, "eur"), INITIAL));
    }

    @AfterEach
    void dropDatabase() {
        database.drop();
    }

    @Test
    void aHoldThatCrashedAfterTakingPlacesLeavesNothing() {
        assertHoldLeavesNothing(Point.HOLD_TAKEN);
    }

    @Test
    void aHoldThatCrashedAfterStoringItsReservationLeavesNothing() {
        assertHoldLeavesNothing(Point.RESERVATION_INSERTED);
    }

    @Test
    void aReleaseThatCrashedAfterItsFirstWriteLeavesTheHoldAsItWas() {
        assertReleaseLeavesTheHold(Point.CHANGE_BEGUN);
    }

    @Test
    void aReleaseThatCrashedAfterMovingTheReservationLeavesTheHoldAsItWas() {
        assertReleaseLeavesTheHold(Point.RESERVATION_MOVED);
    }

    private void assertHoldLeavesNothing(Point point) {
        Reservation hold = pending("res_1");
        crashAt.set(point);
        assertThatThrownBy(() -> reservations.insertHold(hold)).hasMessageContaining("simulated crash at " + point);

        assertThat(placesLeft()).isEqualTo(INITIAL);
        assertThat(reservations.findById(hold.id())).isEmpty();
        assertNothingToRepair();
        assertThat(reservations.insertHold(hold)).as("the same hold again").isEqualTo(HoldOutcome.HELD);
        assertThat(placesLeft()).isEqualTo(INITIAL - 2);
    }

    private void assertReleaseLeavesTheHold(Point point) {
        Reservation hold = pending("res_1");
        assertThat(reservations.insertHold(hold)).isEqualTo(HoldOutcome.HELD);
        Transition release = Transition.of(hold.id(), ReservationStatus.PENDING, ReservationStatus.EXPIRED, 2, T0);
        crashAt.set(point);
        assertThatThrownBy(() -> reservations.transition(release)).hasMessageContaining("simulated crash at " + point);

        assertThat(placesLeft()).isEqualTo(INITIAL - 2);
        assertThat(reservations.findById(hold.id())).contains(hold);
        assertNothingToRepair();
        assertThat(reservations.transition(release)).isEqualTo(TransitionOutcome.APPLIED);
        assertThat(placesLeft()).isEqualTo(INITIAL);
    }

    private void assertNothingToRepair() {
        assertThat(reservations.repair(LATER)).isZero();
        assertThat(database.getCollection("sejours").find().first().getList("placeChanges", Document.class, java.util.List.of()))
                .isEmpty();
    }

    private int placesLeft() {
        return sejours.findBySlug("yoga").orElseThrow().placesLeft();
    }

    private static Reservation pending(String id) {
        return Reservation.pending(id, "yoga", new Buyer("Lovelace", "Ada", "ada@example.com"), 2,
                Money.of(200, "eur"), T0, T0.plusSeconds(600));
    }
}

package dev.sejour.booking.store.mongo;

import static dev.sejour.booking.ReservationStatus.EXPIRED;
import static dev.sejour.booking.ReservationStatus.FAILED;
import static dev.sejour.booking.ReservationStatus.PAID;
import static dev.sejour.booking.ReservationStatus.PENDING;
import static dev.sejour.booking.ReservationStatus.REFUNDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.HoldOutcome;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.testkit.PlacesCount;
import dev.sejour.booking.spi.SejourStore;
import dev.sejour.booking.spi.StoreException;
import dev.sejour.booking.spi.Transition;
import dev.sejour.booking.spi.TransitionOutcome;
import dev.sejour.booking.store.mongo.Checkpoints.Point;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A crash at each point between the writes of a hold or a transition, then the sweeper's repair: the books
 * balance (places left + held + paid = initial), and repairing again changes nothing more. Crashes are
 * simulated by a checkpoint that throws, so the writes before it are exactly the store's own.
 */
class CrashRepairTest {

    private static final int INITIAL = 10;
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00.123Z");
    /** Inside the margin: the change may still be in flight. */
    private static final Instant SOON = T0.plusSeconds(30);
    /** Past the margin: the operation must have crashed or stalled. */
    private static final Instant LATER = T0.plus(MongoBookingStores.DEFAULT_REPAIR_MARGIN).plusSeconds(1);

    /** Set by the {@code @BeforeAll} of this class, or of a subclass that hides it with another server. */
    static TestMongo mongo;
    private MongoDatabase database;
    /** Where the next operation crashes (or stalls, if {@link #stalls} has a step), once. */
    private final AtomicReference<Point> crashAt = new AtomicReference<>();
    private final List<Runnable> stalls = new ArrayList<>();
    private SejourStore sejours;
    private ReservationStore reservations;
    private ReservationStore healthy;

    @BeforeAll
    static void startServer() {
        mongo = TestMongo.inProcess();
    }

    @AfterAll
    static void stopServer() {
        mongo.close();
    }

    @BeforeEach
    void createStores() {
        String name = mongo.freshDatabaseName();
        database = mongo.client().getDatabase(name);
        MongoBookingStores stores = MongoBookingStores.builder(mongo.client(), name)
                .transactions(MongoBookingStores.TransactionMode.OFF).checkpoints((point, id) -> {
            if (crashAt.compareAndSet(point, null)) {
                if (!stalls.isEmpty()) {
                    stalls.remove(0).run();
                    return;
                }
                throw new Crash(point);
            }
        }).build();
        sejours = stores.sejours();
        reservations = stores.reservations();
        healthy = healthyStores(name).reservations();
        sejours.save(new Sejour("yoga", "Yoga", Money.of(45_000, "eur"), INITIAL));
    }

    @AfterEach
    void dropDatabase() {
        database.drop();
    }

    @Test
    void aHoldThatCrashedBeforeItsReservationWasStoredGivesItsPlacesBackAndIsRecordedAsFailed() {
        Reservation hold = pending(2);
        crashAt.set(Point.HOLD_TAKEN);
        assertThatThrownBy(() -> reservations.insertHold(hold)).isInstanceOf(Crash.class);
        assertThat(placesLeft()).isEqualTo(8);
        assertThat(reservations.findById(hold.id())).isEmpty();

        assertThat(healthy.repair(SOON)).as("still within the margin: may be in flight").isZero();
        assertThat(placesLeft()).isEqualTo(8);

        assertRepairedOnce(1);
        assertThat(placesLeft()).isEqualTo(INITIAL);
        Reservation failed = reservations.findById(hold.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(FAILED);
        assertThat(failed.withStatus(PENDING)).isEqualTo(hold);
    }

    @Test
    void aHoldThatCrashedAfterItsReservationWasStoredKeepsItsPlaces() {
        Reservation hold = pending(2);
        crashAt.set(Point.RESERVATION_INSERTED);
        assertThatThrownBy(() -> reservations.insertHold(hold)).isInstanceOf(Crash.class);
        assertBalanced();

        assertRepairedOnce(1);
        assertThat(placesLeft()).isEqualTo(8);
        assertThat(reservations.findById(hold.id())).contains(hold);
    }

    @Test
    void aReleaseThatCrashedBeforeMovingTheReservationLeavesTheHoldToTheSweeper() {
        Reservation hold = held(2);
        crashAt.set(Point.CHANGE_BEGUN);
        assertThatThrownBy(() -> reservations.transition(release(hold))).isInstanceOf(Crash.class);

        assertRepairedOnce(1);
        assertThat(status(hold)).isEqualTo(PENDING);
        assertThat(placesLeft()).isEqualTo(8);

        assertThat(reservations.transition(release(hold))).isEqualTo(TransitionOutcome.APPLIED);
        assertThat(placesLeft()).isEqualTo(INITIAL);
        assertBalanced();
    }

    @Test
    void aReleaseThatCrashedAfterMovingTheReservationGivesThePlacesBackOnRepair() {
        Reservation hold = held(2);
        crashAt.set(Point.RESERVATION_MOVED);
        assertThatThrownBy(() -> reservations.transition(release(hold))).isInstanceOf(Crash.class);
        assertThat(status(hold)).isEqualTo(EXPIRED);
        assertThat(placesLeft()).as("not given back yet").isEqualTo(8);

        assertRepairedOnce(1);
        assertThat(placesLeft()).isEqualTo(INITIAL);
    }

    @Test
    void aPaymentWithinTheHoldIsOneWriteAndLeavesNothingToRepair() {
        Reservation hold = held(2);
        crashAt.set(Point.CHANGE_BEGUN);

        assertThat(reservations.transition(new Transition(hold.id(), PENDING, PAID, 0, "cs_1", "pi_1", T0)))
                .isEqualTo(TransitionOutcome.APPLIED);

        assertRepairedOnce(0);
        assertThat(placesLeft()).isEqualTo(8);
    }

    @Test
    void aLatePaymentThatCrashedAfterTakingPlacesGivesThemBack() {
        Reservation hold = expired(held(2));
        crashAt.set(Point.CHANGE_BEGUN);
        assertThatThrownBy(() -> reservations.transition(latePayment(hold))).isInstanceOf(Crash.class);
        assertThat(placesLeft()).as("taken, not counted by any reservation").isEqualTo(8);

        assertRepairedOnce(1);
        assertThat(placesLeft()).isEqualTo(INITIAL);
        assertThat(status(hold)).isEqualTo(EXPIRED);
        assertThat(reservations.transition(latePayment(hold))).as("the fence is only for the old attempt")
                .isEqualTo(TransitionOutcome.APPLIED);
        assertThat(placesLeft()).isEqualTo(8);
        assertBalanced();
    }

    @Test
    void aLatePaymentThatCrashedAfterMovingTheReservationKeepsItsPlaces() {
        Reservation hold = expired(held(2));
        crashAt.set(Point.RESERVATION_MOVED);
        assertThatThrownBy(() -> reservations.transition(latePayment(hold))).isInstanceOf(Crash.class);
        assertBalanced();

        assertRepairedOnce(1);
        assertThat(placesLeft()).isEqualTo(8);
        assertThat(status(hold)).isEqualTo(PAID);
    }

    @Test
    void aRefundThatCrashedBeforeMovingTheReservationChangesNothing() {
        Reservation hold = paid(held(2));
        crashAt.set(Point.CHANGE_BEGUN);
        assertThatThrownBy(() -> reservations.transition(refund(hold))).isInstanceOf(Crash.class);
        assertBalanced();

        assertRepairedOnce(1);
        assertThat(status(hold)).isEqualTo(PAID);
        assertThat(placesLeft()).isEqualTo(8);
    }

    @Test
    void aRefundThatCrashedAfterMovingTheReservationGivesThePlacesBackOnRepair() {
        Reservation hold = paid(held(2));
        crashAt.set(Point.RESERVATION_MOVED);
        assertThatThrownBy(() -> reservations.transition(refund(hold))).isInstanceOf(Crash.class);
        assertThat(status(hold)).isEqualTo(REFUNDED);

        assertRepairedOnce(1);
        assertThat(placesLeft()).isEqualTo(INITIAL);
    }

    @Test
    void theNextTransitionFinishesACommittedChangeInItsWayWithoutWaitingForTheRepair() {
        Reservation hold = held(2);
        crashAt.set(Point.RESERVATION_MOVED);
        assertThatThrownBy(() -> reservations.transition(release(hold))).isInstanceOf(Crash.class);

        assertThat(healthy.transition(latePayment(hold))).isEqualTo(TransitionOutcome.APPLIED);

        assertThat(placesLeft()).isEqualTo(8);
        assertThat(status(hold)).isEqualTo(PAID);
        assertRepairedOnce(0);
    }

    @Test
    void anUncommittedChangeInTheWayMakesAnotherTransitionOfTheSameReservationStale() {
        Reservation hold = expired(held(2));
        crashAt.set(Point.CHANGE_BEGUN);
        assertThatThrownBy(() -> reservations.transition(latePayment(hold))).isInstanceOf(Crash.class);

        assertThat(healthy.transition(latePayment(hold))).as("someone else is moving it")
                .isEqualTo(TransitionOutcome.STALE);

        assertRepairedOnce(1);
        assertThat(healthy.transition(latePayment(hold))).isEqualTo(TransitionOutcome.APPLIED);
        assertThat(placesLeft()).isEqualTo(8);
        assertBalanced();
    }

    @Test
    void aTransitionStalledPastTheMarginIsCancelledByTheRepairAndRetriesSafely() {
        Reservation hold = expired(held(2));
        crashAt.set(Point.CHANGE_BEGUN);
        stalls.add(() -> assertThat(healthy.repair(LATER)).isEqualTo(1));

        assertThat(reservations.transition(latePayment(hold))).isEqualTo(TransitionOutcome.APPLIED);

        assertThat(placesLeft()).isEqualTo(8);
        assertThat(status(hold)).isEqualTo(PAID);
        assertRepairedOnce(0);
    }

    @Test
    void aHoldStalledPastTheMarginIsRecordedAsFailedAndItsCallerIsTold() {
        Reservation hold = pending(2);
        crashAt.set(Point.HOLD_TAKEN);
        stalls.add(() -> assertThat(healthy.repair(LATER)).isEqualTo(1));

        assertThatThrownBy(() -> reservations.insertHold(hold)).isInstanceOf(StoreException.class)
                .hasMessageContaining("recorded as failed");

        assertThat(placesLeft()).isEqualTo(INITIAL);
        assertThat(status(hold)).isEqualTo(FAILED);
        assertRepairedOnce(0);
    }

    @Test
    void aChangeLeftByHandOnTheSejourIsRepairedLikeACrashedHold() {
        // What a crashed process of any version leaves: places taken, an entry, and no reservation.
        MongoCollection<Document> sejourCollection = database.getCollection("sejours");
        sejourCollection.updateOne(Filters.eq("slug", "yoga"), Updates.combine(Updates.inc("capacity", -3),
                Updates.push("placeChanges", new Document("token", "t1").append("reservationId", "res_lost")
                        .append("delta", -3).append("at", java.util.Date.from(T0)))));

        assertRepairedOnce(1);

        assertThat(placesLeft()).isEqualTo(INITIAL);
        assertThat(reservations.findById("res_lost")).isEmpty();
    }

    /** The stores of the instance that repairs, and moves reservations after a crash of another one. */
    MongoBookingStores healthyStores(String databaseName) {
        MongoBookingStores stores = MongoBookingStores.create(mongo.client(), databaseName);
        assertThat(stores.usesTransactions()).as("mongo-java-server: crash-repair").isFalse();
        return stores;
    }

    /** Repairs past the margin, checks the count and the books, then repairs again: nothing more changes. */
    private void assertRepairedOnce(int expected) {
        assertThat(healthy.repair(LATER)).isEqualTo(expected);
        assertBalanced();
        int placesLeft = placesLeft();
        PlacesCount count = PlacesCount.of(((MongoReservationStore) reservations).countPlaces("yoga"));
        assertThat(healthy.repair(LATER.plusSeconds(600))).isZero();
        assertThat(placesLeft()).isEqualTo(placesLeft);
        assertThat(PlacesCount.of(((MongoReservationStore) reservations).countPlaces("yoga"))).isEqualTo(count);
        assertThat(database.getCollection("sejours").find().first().getList("placeChanges", Document.class))
                .isEmpty();
    }

    private void assertBalanced() {
        PlacesCount count = PlacesCount.of(((MongoReservationStore) reservations).countPlaces("yoga"));
        assertThat(placesLeft() + count.held() + count.paid()).as("places left + held + paid").isEqualTo(INITIAL);
    }

    private Reservation held(int places) {
        Reservation hold = pending(places);
        assertThat(reservations.insertHold(hold)).isEqualTo(HoldOutcome.HELD);
        return hold;
    }

    private Reservation expired(Reservation hold) {
        assertThat(reservations.transition(release(hold))).isEqualTo(TransitionOutcome.APPLIED);
        return hold;
    }

    private Reservation paid(Reservation hold) {
        assertThat(reservations.transition(new Transition(hold.id(), PENDING, PAID, 0, "cs_" + hold.id(),
                "pi_" + hold.id(), T0))).isEqualTo(TransitionOutcome.APPLIED);
        return hold;
    }

    private static Transition release(Reservation hold) {
        return Transition.of(hold.id(), PENDING, EXPIRED, hold.places(), T0);
    }

    private static Transition latePayment(Reservation hold) {
        return new Transition(hold.id(), EXPIRED, PAID, -hold.places(), "cs_late", "pi_late", T0);
    }

    private static Transition refund(Reservation hold) {
        return Transition.of(hold.id(), PAID, REFUNDED, hold.places(), T0);
    }

    private ReservationStatus status(Reservation hold) {
        return reservations.findById(hold.id()).orElseThrow().status();
    }

    private int placesLeft() {
        return sejours.findBySlug("yoga").orElseThrow().placesLeft();
    }

    private static int counter;

    private static Reservation pending(int places) {
        return Reservation.pending("res_crash_" + (++counter), "yoga", new Buyer("Devillers", "David", "david@example.com"),
                places, Money.of(45_000L * places, "eur"), T0, T0.plus(Duration.ofMinutes(31)));
    }

    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Crash(Point point) {
            super("simulated crash at " + point);
        }
    }
}

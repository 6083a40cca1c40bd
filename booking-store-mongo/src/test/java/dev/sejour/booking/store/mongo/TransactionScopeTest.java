package dev.sejour.booking.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.HoldOutcome;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.Transition;
import dev.sejour.booking.spi.TransitionOutcome;
import dev.sejour.booking.store.mongo.MongoBookingStores.TransactionMode;
import dev.sejour.booking.store.mongo.PretendReplicaSetBackend.Received;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which commands of a multi-document operation belong to its transaction, as the server receives them from
 * the driver: every read and write of the séjours and reservations, under one session and transaction number,
 * then one commit; the buyer's lease outside it. On mongo-java-server pretending to be a replica set, which
 * records the session fields of each command (and ignores them). A read or write that forgot the session would
 * arrive without {@code autocommit: false}.
 */
class TransactionScopeTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Buyer ADA = new Buyer("Lovelace", "Ada", "ada@example.com");
    private static final Set<String> BOOKING_COLLECTIONS = Set.of("sejours", "reservations");
    private static final PretendReplicaSetBackend BACKEND = new PretendReplicaSetBackend().recording();
    private static TestMongo mongo;
    private ReservationStore reservations;

    @BeforeAll
    static void startServer() {
        mongo = TestMongo.pretendReplicaSet(BACKEND);
    }

    @AfterAll
    static void stopServer() {
        mongo.close();
    }

    @BeforeEach
    void createStores() {
        MongoBookingStores stores = MongoBookingStores.builder(mongo.client(), mongo.freshDatabaseName())
                .transactions(TransactionMode.REQUIRED).build();
        stores.sejours().save(new Sejour("yoga", "Yoga", Money.of(100, "eur"), 10));
        reservations = stores.reservations();
        BACKEND.takeReceived();
    }

    @Test
    void aHoldReadsAndWritesInOneTransaction() {
        assertThat(reservations.insertHold(pending("res_1", T0))).isEqualTo(HoldOutcome.HELD);

        assertOneTransaction(BACKEND.takeReceived(), 2);
    }

    @Test
    void aTransitionThatMovesPlacesReadsAndWritesInOneTransaction() {
        reservations.insertHold(pending("res_1", T0));
        BACKEND.takeReceived();

        assertThat(reservations.transition(Transition.of("res_1", ReservationStatus.PENDING, ReservationStatus.EXPIRED,
                2, T0))).isEqualTo(TransitionOutcome.APPLIED);

        assertOneTransaction(BACKEND.takeReceived(), 3);
    }

    @Test
    void aLimitedHoldThatReplacesAnotherIsOneTransactionAndItsLeaseIsOutside() {
        reservations.insertHold(pending("res_1", T0));
        BACKEND.takeReceived();

        assertThat(reservations.insertHold(pending("res_2", T0.plusSeconds(1)), 1, "res_1")).isEqualTo(HoldOutcome.HELD);

        List<Received> received = BACKEND.takeReceived();
        assertOneTransaction(received, 8);
        assertThat(received).filteredOn(r -> "reservations_buyerLocks".equals(r.target()))
                .as("the lease, taken and given back").hasSize(2).noneMatch(Received::inTransaction);
    }

    @Test
    void aTransitionThatMovesNoPlaceIsOneWriteWithoutTransaction() {
        reservations.insertHold(pending("res_1", T0));
        BACKEND.takeReceived();

        assertThat(reservations.transition(new Transition("res_1", ReservationStatus.PENDING, ReservationStatus.PAID,
                0, "cs_1", "pi_1", T0))).isEqualTo(TransitionOutcome.APPLIED);

        List<Received> received = bookingCommands(BACKEND.takeReceived());
        assertThat(received).hasSize(1).noneMatch(Received::inTransaction);
    }

    /**
     * The booking collections' commands (at least {@code minimum}) all carry one session and transaction
     * number, the first starts the transaction, and that transaction is committed.
     */
    private static void assertOneTransaction(List<Received> received, int minimum) {
        List<Received> booking = bookingCommands(received);
        assertThat(booking).hasSizeGreaterThanOrEqualTo(minimum).allMatch(Received::inTransaction);
        Received first = booking.get(0);
        assertThat(first.startTransaction()).isEqualTo(true);
        assertThat(booking).allMatch(r -> r.lsid().equals(first.lsid()) && r.txnNumber().equals(first.txnNumber()));
        assertThat(booking.subList(1, booking.size())).allMatch(r -> r.startTransaction() == null);
        assertThat(received).filteredOn(r -> r.name().equals("commitTransaction"))
                .singleElement().matches(r -> r.lsid().equals(first.lsid()) && r.txnNumber().equals(first.txnNumber()));
        assertThat(received).noneMatch(r -> r.name().equals("abortTransaction"));
    }

    private static List<Received> bookingCommands(List<Received> received) {
        return received.stream().filter(r -> BOOKING_COLLECTIONS.contains(String.valueOf(r.target()))).toList();
    }

    private static Reservation pending(String id, Instant at) {
        return Reservation.pending(id, "yoga", ADA, 2, Money.of(200, "eur"), at, at.plusSeconds(600));
    }
}

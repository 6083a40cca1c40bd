package dev.sejour.booking.store.mongo;

import static dev.sejour.booking.ReservationStatus.EXPIRED;
import static dev.sejour.booking.ReservationStatus.PAID;
import static dev.sejour.booking.ReservationStatus.PENDING;
import static dev.sejour.booking.ReservationStatus.REFUNDED;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.HoldOutcome;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.testkit.PlacesCount;
import dev.sejour.booking.spi.StoreException;
import dev.sejour.booking.spi.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Buyers racing while processes crash at random points and the repair runs all the time as if every change
 * had stalled past the margin (the worst case for operations in flight): nothing is ever oversold, and once
 * the repair has run the books balance.
 */
class CrashChaosTest {

    private static final int INITIAL = 20;
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00.123Z");
    private static final Instant LATER = T0.plus(Duration.ofHours(1));
    private static TestMongo mongo;

    @BeforeAll
    static void startServer() {
        mongo = TestMongo.inProcess();
    }

    @AfterAll
    static void stopServer() {
        mongo.close();
    }

    @Test
    void crashesAndAConstantRepairNeverOversellAndLeaveBalancedBooks() throws Exception {
        MongoDatabase database = mongo.freshDatabase();
        MongoBookingStores stores = MongoBookingStores.builder(database).checkpoints((point, id) -> {
            if (ThreadLocalRandom.current().nextInt(6) == 0) {
                throw new IllegalStateException("simulated crash at " + point);
            }
        }).build();
        ReservationStore healthy = MongoBookingStores.create(database).reservations();
        stores.sejours().save(new Sejour("yoga", "Yoga", Money.of(100, "eur"), INITIAL));
        ReservationStore reservations = stores.reservations();

        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger repaired = new AtomicInteger();
        AtomicInteger crashes = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(33);
        try {
            Future<?> repairer = pool.submit(() -> {
                while (!done.get()) {
                    repaired.addAndGet(healthy.repair(LATER));
                    assertThat(placesLeft(stores)).isNotNegative();
                }
            });
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> buyers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                int buyer = i;
                buyers.add(pool.submit(() -> {
                    go.await();
                    for (int round = 0; round < 4; round++) {
                        try {
                            buy(reservations, buyer, round);
                        } catch (IllegalStateException | StoreException e) {
                            crashes.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> buyer : buyers) {
                buyer.get(60, TimeUnit.SECONDS);
            }
            done.set(true);
            repairer.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        repaired.addAndGet(healthy.repair(LATER));
        PlacesCount count = PlacesCount.of(((MongoReservationStore) healthy).countPlaces("yoga"));
        assertThat(crashes.get()).as("crashes simulated").isPositive();
        assertThat(repaired.get()).as("changes repaired").isPositive();
        assertThat(placesLeft(stores)).isNotNegative();
        assertThat(placesLeft(stores) + count.held() + count.paid()).as("places left + held + paid").isEqualTo(INITIAL);
        assertThat(database.getCollection("sejours").find().first().getList("placeChanges", Document.class)).isEmpty();
        assertThat(healthy.repair(LATER)).isZero();
        database.drop();
    }

    private static void buy(ReservationStore reservations, int buyer, int round) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Reservation hold = Reservation.pending("res_" + buyer + "_" + round, "yoga", new Buyer("N", "P", "e@example.com"),
                1 + random.nextInt(2), Money.of(100, "eur"), T0, T0.plusSeconds(60));
        if (reservations.insertHold(hold) != HoldOutcome.HELD) {
            return;
        }
        int n = hold.places();
        switch (random.nextInt(4)) {
            case 0 -> reservations.transition(Transition.of(hold.id(), PENDING, EXPIRED, n, T0));
            case 1 -> reservations.transition(new Transition(hold.id(), PENDING, PAID, 0, null, "pi_" + hold.id(), T0));
            case 2 -> {
                reservations.transition(new Transition(hold.id(), PENDING, PAID, 0, null, "pi_" + hold.id(), T0));
                reservations.transition(Transition.of(hold.id(), PAID, REFUNDED, n, T0));
            }
            default -> {
                reservations.transition(Transition.of(hold.id(), PENDING, EXPIRED, n, T0));
                reservations.transition(new Transition(hold.id(), EXPIRED, PAID, -n, null, "pi_" + hold.id(), T0));
            }
        }
    }

    private static int placesLeft(MongoBookingStores stores) {
        return stores.sejours().findBySlug("yoga").orElseThrow().placesLeft();
    }
}

package dev.sejour.booking.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.Money;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.SweepReport;
import dev.sejour.booking.testkit.MutableClock;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sweeper racing late webhooks: once the holds' time has run out, three sweepers run while six threads
 * deliver (twice each) the payments and expiries Stripe sent late. Every place is released exactly once
 * (sweeper releases plus applied expiry events equal the unpaid holds), every payment is kept, the books balance.
 */
@ExtendWith(LogAudit.class)
abstract class SweeperVersusWebhooksTestBase {

    static final int HOLDS = 30;
    static final long SEED = Long.getLong("booking.reliability.seed", System.nanoTime());

    abstract Backend openBackend() throws Exception;

    @Test
    void sweepersRacingLateWebhooksReleaseEachUnpaidHoldOnceAndKeepEveryPayment() throws Exception {
        int rounds = Math.max(2, Summary.rounds() / 10);
        Summary summary;
        MutableClock clock = MutableClock.startingNow();
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try (Backend backend = openBackend();
             StripeSimulator stripe = StripeSimulator.builder().clock(clock).apiKey(BookingNode.SECRET_KEY)
                     .autoDeliver(false).start();
             Http http = new Http();
             BookingNode node = BookingNode.start("sweeper-race", backend.newInstanceStores(), stripe, clock)) {
            summary = Summary.of(getClass().getSimpleName() + "(" + backend.name() + ")").put("rounds", rounds)
                    .put("seed", SEED);
            for (int round = 0; round < rounds; round++) {
                round(round, new Random(SEED + round), backend, stripe, http, node, clock, pool, summary);
            }
        } finally {
            pool.shutdownNow();
        }
        summary.print();
    }

    private void round(int round, Random random, Backend backend, StripeSimulator stripe, Http http, BookingNode node,
                       MutableClock clock, ExecutorService pool, Summary summary) throws Exception {
        String slug = "sweeper-race-" + round;
        backend.checkStores().sejours().save(new Sejour(slug, "Balayage", Money.of(9_900, "eur"), HOLDS));
        List<String> ids = new ArrayList<>();
        Map<String, String> expected = new HashMap<>();
        List<SimulatedEvent> late = new ArrayList<>();
        for (int i = 0; i < HOLDS; i++) {
            Http.Answer answer = http.checkout(node, Http.buyer(slug, 1, round * HOLDS + i));
            String id = answer.json().path("reservationId").asText();
            String session = answer.json().path("sessionId").asText();
            ids.add(id);
            switch (i % 5) {
                case 0, 1 -> {
                    late.add(stripe.pay(session));
                    expected.put(id, ReservationStatus.PAID.code());
                }
                case 2 -> {
                    late.add(stripe.expire(session));
                    expected.put(id, ReservationStatus.EXPIRED.code());
                }
                default -> expected.put(id, ReservationStatus.EXPIRED.code()); // abandoned: only the sweeper knows
            }
        }
        int unpaid = HOLDS - (int) expected.values().stream().filter(s -> s.equals("payee")).count();
        clock.advance(Duration.ofMinutes(32));

        List<SimulatedEvent> copies = new ArrayList<>(late);
        copies.addAll(late);
        Collections.shuffle(copies, random);
        ConcurrentLinkedQueue<SimulatedEvent> queue = new ConcurrentLinkedQueue<>(copies);
        AtomicInteger appliedExpiries = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> deliverers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            deliverers.add(pool.submit(() -> {
                go.await();
                for (SimulatedEvent event = queue.poll(); event != null; event = queue.poll()) {
                    Http.Answer answer = http.deliver(node, event, clock.instant());
                    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
                    if (event.type().equals("checkout.session.expired")
                            && answer.json().path("disposition").asText().equals("applied")) {
                        appliedExpiries.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        List<Future<SweepReport>> sweepers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            sweepers.add(pool.submit(() -> {
                go.await();
                return node.service.releaseExpiredHolds();
            }));
        }
        go.countDown();
        for (Future<?> f : deliverers) {
            f.get();
        }
        int released = 0;
        for (Future<SweepReport> f : sweepers) {
            released += f.get().released();
        }
        // What a sweeper deferred (Stripe busy with another sweeper's call) a later sweep settles.
        released += node.service.releaseExpiredHolds().released();

        assertThat(released + appliedExpiries.get()).as("places released by sweepers (%d) and expiry events (%d)",
                released, appliedExpiries.get()).isEqualTo(unpaid);
        for (String id : ids) {
            assertThat(backend.checkStores().reservations().findById(id).orElseThrow().status().code())
                    .as("reservation %s", id).isEqualTo(expected.get(id));
        }
        node.settle();
        Invariants.check(backend.checkStores(), slug, HOLDS, stripe, List.of(node.notifier), ids);
        assertThat(backend.checkStores().sejours().findBySlug(slug).orElseThrow().placesLeft()).isEqualTo(unpaid);
        summary.add("holds", HOLDS).add("lateEvents", late.size()).add("deliveries", copies.size())
                .add("releasedBySweepers", released).add("releasedByEvents", appliedExpiries.get());
    }
}

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scale out: two application instances (two Jetty servers, two {@code BookingService}s, two connection pools)
 * share one store database. Buyers are spread over both; every Stripe event is delivered to one instance and
 * its retry to the other (a third of them to both at once); most buyers pay, some let their session expire,
 * some pay but their webhook is lost, some abandon; then both instances sweep at the same time. Every
 * reservation ends where the state machine says, each place is sold once, released once, confirmed once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(LogAudit.class)
abstract class TwoInstancesTestBase {

    static final int CAPACITY = 40;
    static final int BUYERS = 80;
    static final long SEED = Long.getLong("booking.reliability.seed", System.nanoTime());

    enum Outcome { PAY, DELAYED_PAY, EXPIRE, LOST_WEBHOOK_PAY, ABANDON }

    final MutableClock clock = MutableClock.startingNow();
    Backend backend;
    StripeSimulator stripe;
    BookingNode a;
    BookingNode b;
    Http http;

    abstract Backend openBackend() throws Exception;

    @BeforeAll
    void start() throws Exception {
        backend = openBackend();
        stripe = StripeSimulator.builder().clock(clock).apiKey(BookingNode.SECRET_KEY).autoDeliver(false).start();
        a = BookingNode.start("a", backend.newInstanceStores(), stripe, clock);
        b = BookingNode.start("b", backend.newInstanceStores(), stripe, clock);
        http = new Http();
    }

    @AfterAll
    void stop() throws Exception {
        try (Backend closeBackend = backend; StripeSimulator closeStripe = stripe; Http closeHttp = http;
             BookingNode closeA = a; BookingNode closeB = b) {
            // closes all
        }
    }

    @Test
    void twoInstancesOnOneStoreSellEachPlaceOnceAndSettleEveryReservationOnce() throws Exception {
        int rounds = Math.max(3, Summary.rounds() / 7);
        Summary summary = Summary.of(getClass().getSimpleName() + "(" + backend.name() + ")")
                .put("instances", 2).put("rounds", rounds).put("seed", SEED);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            for (int round = 0; round < rounds; round++) {
                round(round, new Random(SEED + round), pool, summary);
            }
        } finally {
            pool.shutdownNow();
        }
        summary.print();
    }

    private void round(int round, Random random, ExecutorService pool, Summary summary) throws Exception {
        String slug = "two-instances-" + round;
        backend.checkStores().sejours().save(new Sejour(slug, "Deux instances " + round, Money.of(32_000, "eur"), CAPACITY));
        List<BookingNode> nodes = List.of(a, b);

        // 1. Buyers spread over both instances, released at once.
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < BUYERS; i++) {
            BookingNode node = nodes.get(i % 2);
            int n = round * BUYERS + i;
            answers.add(pool.submit(() -> {
                go.await();
                return http.checkout(node, Http.buyer(slug, 1, n));
            }));
        }
        go.countDown();
        List<String> held = new ArrayList<>();
        for (Future<Http.Answer> answer : answers) {
            Http.Answer got = answer.get();
            if (got.status() == 200) {
                held.add(got.json().path("reservationId").asText());
            } else {
                assertThat(got.error()).as("%s", got).isEqualTo("not_enough_places");
            }
        }
        assertThat(held).hasSize(CAPACITY);

        // 2. What each buyer does at Stripe; the events are kept, not delivered.
        List<String> shuffled = new ArrayList<>(held);
        Collections.shuffle(shuffled, random);
        Map<String, Outcome> outcomes = new HashMap<>();
        Map<String, String> sessions = new HashMap<>();
        List<SimulatedEvent> events = new ArrayList<>();
        int[] split = {22, 4, 4, 4, 6};
        int next = 0;
        for (Outcome outcome : Outcome.values()) {
            for (int k = 0; k < split[outcome.ordinal()]; k++) {
                String id = shuffled.get(next++);
                String session = backend.checkStores().reservations().findById(id).orElseThrow().stripeSessionId();
                outcomes.put(id, outcome);
                sessions.put(id, session);
                switch (outcome) {
                    case PAY -> events.add(stripe.pay(session));
                    case DELAYED_PAY -> {
                        events.add(stripe.payWithDelayedMethod(session));
                        events.add(stripe.succeedDelayedPayment(session));
                    }
                    case EXPIRE -> events.add(stripe.expire(session));
                    case LOST_WEBHOOK_PAY -> stripe.pay(session);
                    case ABANDON -> { }
                }
            }
        }

        // 3. Each event to one instance, its retry to the other; a third of them to both at the same time.
        AtomicInteger deliveries = new AtomicInteger();
        List<Future<?>> sent = new ArrayList<>();
        Collections.shuffle(events, random);
        for (SimulatedEvent event : events) {
            BookingNode first = nodes.get(random.nextInt(2));
            BookingNode retry = first == a ? b : a;
            if (random.nextInt(3) == 0) {
                sent.add(pool.submit(() -> deliverOk(first, event, deliveries)));
                sent.add(pool.submit(() -> deliverOk(retry, event, deliveries)));
            } else {
                sent.add(pool.submit(() -> {
                    deliverOk(first, event, deliveries);
                    deliverOk(retry, event, deliveries);
                }));
            }
        }
        for (Future<?> f : sent) {
            f.get();
        }

        // 4. The holds' time runs out; both instances sweep at the same time. (The confirmations of step 3
        // are sent first: a notification still queued when half its claim has passed is left to the sweep.)
        a.settle();
        b.settle();
        clock.advance(Duration.ofMinutes(32));
        CountDownLatch sweep = new CountDownLatch(1);
        Future<SweepReport> sweepA = pool.submit(() -> {
            sweep.await();
            return a.service.releaseExpiredHolds();
        });
        Future<SweepReport> sweepB = pool.submit(() -> {
            sweep.await();
            return b.service.releaseExpiredHolds();
        });
        sweep.countDown();
        SweepReport reportA = sweepA.get();
        SweepReport reportB = sweepB.get();
        long abandoned = outcomes.values().stream().filter(o -> o == Outcome.ABANDON).count();
        assertThat(reportA.released() + reportB.released()).as("holds released by the two sweepers").isEqualTo(abandoned);
        assertThat(reportA.fulfilled() + reportB.fulfilled()).as("lost payments fulfilled by the sweepers")
                .isBetween(4, 8);

        // The sweepers expired the abandoned sessions at Stripe: those events arrive late, at both instances.
        for (SimulatedEvent event : stripe.events()) {
            if (event.type().equals("checkout.session.expired") && sessions.containsValue(event.objectId())
                    && outcomes.get(reservationOf(sessions, event.objectId())) == Outcome.ABANDON) {
                deliverOk(a, event, deliveries);
                deliverOk(b, event, deliveries);
            }
        }
        a.settle();
        b.settle();
        assertThat(a.service.retryPendingNotifications() + b.service.retryPendingNotifications()).isZero();

        // 5. Where every reservation ends.
        for (String id : held) {
            ReservationStatus expected = switch (outcomes.get(id)) {
                case PAY, DELAYED_PAY, LOST_WEBHOOK_PAY -> ReservationStatus.PAID;
                case EXPIRE, ABANDON -> ReservationStatus.EXPIRED;
            };
            assertThat(backend.checkStores().reservations().findById(id).orElseThrow().status())
                    .as("reservation %s (%s)", id, outcomes.get(id)).isEqualTo(expected);
        }
        a.settle();
        b.settle();
        Map<ReservationStatus, Integer> statuses =
                Invariants.check(backend.checkStores(), slug, CAPACITY, stripe, List.of(a.notifier, b.notifier), held);
        assertThat(statuses.get(ReservationStatus.PAID)).isEqualTo(30);
        assertThat(backend.checkStores().sejours().findBySlug(slug).orElseThrow().placesLeft()).isEqualTo(CAPACITY - 30);
        summary.add("buyers", BUYERS).add("held", held.size()).add("events", events.size())
                .add("deliveries", deliveries.get()).add("released", reportA.released() + reportB.released())
                .add("lostWebhooksFulfilled", 4).add("paid", statuses.get(ReservationStatus.PAID));
    }

    private static String reservationOf(Map<String, String> sessions, String sessionId) {
        return sessions.entrySet().stream().filter(e -> e.getValue().equals(sessionId)).findFirst().orElseThrow().getKey();
    }

    private void deliverOk(BookingNode node, SimulatedEvent event, AtomicInteger deliveries) {
        Http.Answer answer = http.deliver(node, event, clock.instant());
        deliveries.incrementAndGet();
        assertThat(answer.status()).as("%s %s to %s: %s", event.type(), event.id(), node, answer).isEqualTo(200);
    }
}

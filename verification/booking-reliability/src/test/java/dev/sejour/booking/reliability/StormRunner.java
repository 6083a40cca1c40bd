package dev.sejour.booking.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.Money;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.testkit.MutableClock;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays {@link StormScenario}s against one instance over HTTP: checkouts, Stripe outcomes, every event
 * delivered 1 to 5 times in random order from 4 threads at once (with a sweeper among them when asked),
 * then a final sweep; checks each reservation's final status and the invariants.
 */
final class StormRunner implements AutoCloseable {

    static final int THREADS = 4;

    final Backend backend;
    final MutableClock clock = MutableClock.startingNow();
    final StripeSimulator stripe;
    final BookingNode node;
    final Http http = new Http();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
    private final long started = System.nanoTime();
    private final AtomicInteger tries = new AtomicInteger();
    final AtomicInteger reservations = new AtomicInteger();
    final AtomicInteger events = new AtomicInteger();
    final AtomicInteger deliveries = new AtomicInteger();
    final AtomicInteger sweeps = new AtomicInteger();

    StormRunner(Backend backend) {
        this.backend = backend;
        this.stripe = StripeSimulator.builder().clock(clock).apiKey(BookingNode.SECRET_KEY).autoDeliver(false).start();
        this.node = BookingNode.start("storm-" + backend.name(), backend.newInstanceStores(), stripe, clock);
    }

    void run(StormScenario scenario) throws Exception {
        int n = tries.incrementAndGet();
        Random random = new Random(scenario.seed());
        String slug = "storm-" + n;
        int capacity = 2 * scenario.outcomes().size() + 1;
        backend.checkStores().sejours().save(new Sejour(slug, "Tempête " + n, Money.of(12_500, "eur"), capacity));

        List<String> ids = new ArrayList<>();
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < scenario.outcomes().size(); i++) {
            Http.Answer answer = http.checkout(node, Http.buyer(slug, 1 + random.nextInt(2), n * 10 + i));
            assertThat(answer.status()).as("checkout %s", answer).isEqualTo(200);
            ids.add(answer.json().path("reservationId").asText());
            sessions.add(answer.json().path("sessionId").asText());
        }
        reservations.addAndGet(ids.size());

        List<SimulatedEvent> produced = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String session = sessions.get(i);
            switch (scenario.outcomes().get(i)) {
                case PAID -> produced.add(stripe.pay(session));
                case DELAYED_SUCCEEDED -> {
                    produced.add(stripe.payWithDelayedMethod(session));
                    produced.add(stripe.succeedDelayedPayment(session));
                }
                case DELAYED_FAILED -> {
                    produced.add(stripe.payWithDelayedMethod(session));
                    produced.add(stripe.failDelayedPayment(session));
                }
                case EXPIRED -> produced.add(stripe.expire(session));
                case REFUNDED_FROM_DASHBOARD -> {
                    produced.add(stripe.pay(session));
                    produced.add(stripe.refundFromDashboard(session));
                }
                case ABANDONED -> { }
                case PAID_WEBHOOK_LOST -> stripe.pay(session);
            }
        }
        events.addAndGet(produced.size());

        ConcurrentLinkedQueue<SimulatedEvent> queue = new ConcurrentLinkedQueue<>();
        List<SimulatedEvent> copies = new ArrayList<>();
        for (SimulatedEvent event : produced) {
            for (int k = 1 + random.nextInt(5); k > 0; k--) {
                copies.add(event);
            }
        }
        Collections.shuffle(copies, random);
        queue.addAll(copies);
        if (scenario.lateEvents()) {
            clock.advance(Duration.ofMinutes(32));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                go.await();
                for (SimulatedEvent event = queue.poll(); event != null; event = queue.poll()) {
                    deliverOk(event);
                }
                return null;
            }));
        }
        if (scenario.sweepDuring()) {
            int runs = 1 + random.nextInt(2);
            workers.add(pool.submit(() -> {
                go.await();
                for (int r = 0; r < runs; r++) {
                    node.service.releaseExpiredHolds();
                    sweeps.incrementAndGet();
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> worker : workers) {
            worker.get();
        }

        // The end of the story: the holds' time has run out, the sweeper passes, its own events arrive late.
        if (!scenario.lateEvents()) {
            clock.advance(Duration.ofMinutes(32));
        }
        node.service.releaseExpiredHolds();
        sweeps.incrementAndGet();
        Set<String> abandoned = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (scenario.outcomes().get(i) == StormScenario.Outcome.ABANDONED) {
                abandoned.add(sessions.get(i));
            }
        }
        for (SimulatedEvent event : stripe.events()) {
            if (event.type().equals("checkout.session.expired") && abandoned.contains(event.objectId())) {
                for (int k = 1 + random.nextInt(3); k > 0; k--) {
                    deliverOk(event);
                }
            }
        }
        node.settle();
        node.service.retryPendingNotifications();
        node.settle();

        for (int i = 0; i < ids.size(); i++) {
            StormScenario.Outcome outcome = scenario.outcomes().get(i);
            assertThat(backend.checkStores().reservations().findById(ids.get(i)).orElseThrow().status())
                    .as("reservation %d (%s) of %s", i, outcome, scenario).isEqualTo(outcome.expected);
        }
        node.settle();
        Invariants.check(backend.checkStores(), slug, capacity, stripe, List.of(node.notifier), ids);
        assertThat(stripe.refunds()).as("refunds made by the library").allMatch(r -> r.fromDashboard());
    }

    private void deliverOk(SimulatedEvent event) {
        Http.Answer answer = http.deliver(node, event, clock.instant());
        deliveries.incrementAndGet();
        assertThat(answer.status()).as("%s %s: %s", event.type(), event.id(), answer).isEqualTo(200);
    }

    Summary summary(String test) {
        return Summary.of(test + "(" + backend.name() + ")").since(started).put("tries", tries.get()).put("reservations", reservations.get())
                .put("events", events.get()).put("deliveries", deliveries.get()).put("sweeps", sweeps.get());
    }

    @Override
    public void close() throws Exception {
        try (Backend b = backend; StripeSimulator s = stripe; Http h = http; BookingNode closeNode = node) {
            pool.shutdownNow();
        }
    }
}

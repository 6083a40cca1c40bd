package dev.sejour.booking.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.Money;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.testkit.MutableClock;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Never oversell, over HTTP: 200 buyers released at once by a latch race through 48 concurrent senders for
 * the 10 places of a séjour, round after round. Exactly 10 get a Checkout URL, the 190 others a 409
 * {@code not_enough_places}; then 7 pay and 3 let their session expire, delivered by the Stripe simulator
 * over HTTP, and the books still balance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(LogAudit.class)
abstract class HttpRaceTestBase {

    static final int BUYERS = 200;
    static final int PLACES = 10;
    static final int SENDERS = 48;

    final MutableClock clock = MutableClock.startingNow();
    Backend backend;
    StripeSimulator stripe;
    BookingNode node;
    Http http;

    abstract Backend openBackend() throws Exception;

    /** Rounds of the race: {@link Summary#rounds()} (20 in CI). */
    int rounds() {
        return Summary.rounds();
    }

    @BeforeAll
    void start() throws Exception {
        backend = openBackend();
        stripe = StripeSimulator.builder().clock(clock).apiKey(BookingNode.SECRET_KEY).start();
        node = BookingNode.start("race", backend.newInstanceStores(), stripe, clock);
        stripe.webhookEndpoint(node.webhookUri(), BookingNode.WEBHOOK_SECRET);
        http = new Http();
    }

    @AfterAll
    void stop() throws Exception {
        try (Backend b = backend; StripeSimulator s = stripe; Http h = http) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void twoHundredBuyersRacingForTenPlacesGetExactlyTenHolds() throws Exception {
        int rounds = rounds();
        Summary summary = Summary.of(getClass().getSimpleName() + "(" + backend.name() + ")")
                .put("rounds", rounds).put("buyersPerRound", BUYERS).put("placesPerRound", PLACES).put("senders", SENDERS);
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            for (int round = 0; round < rounds; round++) {
                race(round, senders, summary);
            }
        } finally {
            senders.shutdownNow();
        }
        summary.print();
    }

    private void race(int round, ExecutorService senders, Summary summary) throws Exception {
        String slug = "race-" + round;
        backend.checkStores().sejours().save(new Sejour(slug, "Course " + round, Money.of(45_000, "eur"), PLACES));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Answer>> answers = new ArrayList<>();
        for (int buyer = 0; buyer < BUYERS; buyer++) {
            int n = round * BUYERS + buyer;
            answers.add(senders.submit(() -> {
                go.await();
                return http.checkout(node, Http.buyer(slug, 1, n));
            }));
        }
        go.countDown();

        List<String> held = new ArrayList<>();
        int refused = 0;
        for (Future<Http.Answer> future : answers) {
            Http.Answer answer = future.get();
            if (answer.status() == 200) {
                assertThat(answer.json().path("url").asText()).startsWith(stripe.apiBase());
                held.add(answer.json().path("reservationId").asText());
            } else {
                assertThat(answer.status()).as("round %d: %s", round, answer).isEqualTo(409);
                assertThat(answer.error()).isEqualTo("not_enough_places");
                refused++;
            }
        }
        assertThat(held).as("round %d holds", round).hasSize(PLACES).doesNotHaveDuplicates();
        assertThat(refused).isEqualTo(BUYERS - PLACES);
        assertThat(backend.checkStores().sejours().findBySlug(slug).orElseThrow().placesLeft()).isZero();
        assertThat(backend.checkStores().countPlaces(slug).held()).isEqualTo(PLACES);
        node.settle();
        Invariants.check(backend.checkStores(), slug, PLACES, stripe, List.of(node.notifier), held);

        // 7 pay, 3 let their session expire; the simulator delivers each event over HTTP at once.
        for (int i = 0; i < held.size(); i++) {
            String session = backend.checkStores().reservations().findById(held.get(i)).orElseThrow().stripeSessionId();
            if (i < 7) {
                stripe.pay(session);
            } else {
                stripe.expire(session);
            }
        }
        node.settle();
        Map<ReservationStatus, Integer> statuses =
                Invariants.check(backend.checkStores(), slug, PLACES, stripe, List.of(node.notifier), held);
        assertThat(statuses).containsEntry(ReservationStatus.PAID, 7).containsEntry(ReservationStatus.EXPIRED, 3);
        assertThat(backend.checkStores().sejours().findBySlug(slug).orElseThrow().placesLeft()).isEqualTo(3);
        summary.add("requests", BUYERS).add("held", held.size()).add("refused409", refused).add("webhooks", held.size());
    }
}

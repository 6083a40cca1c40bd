package dev.sejour.booking.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.testkit.BookingAssertions;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.MutableClock;
import dev.sejour.booking.testkit.stripe.Fault;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.SimulatedRefund;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stripe failing, over HTTP, on H2: at checkout (500, 429, an answer slower than the read timeout, a dropped
 * connection) the hold is released and the buyer gets 502 {@code payment_provider_unavailable}; at the
 * refund of a late payment that found no place left, the webhook answers 5xx with nothing half-written, and
 * Stripe's next delivery refunds exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(LogAudit.class)
class StripeFaultsTest {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    static final Duration GRACE = Duration.ofHours(1);

    final MutableClock clock = MutableClock.startingNow();
    final AtomicInteger faults = new AtomicInteger();
    final AtomicInteger slugs = new AtomicInteger();
    Backend backend;
    StripeSimulator stripe;
    BookingNode node;
    Http http;
    BookingStores stores;
    Summary summary;

    @BeforeAll
    void start() throws Exception {
        summary = Summary.of("StripeFaultsTest(h2)");
        backend = Backend.jdbc(TestDatabase.Kind.H2);
        stores = backend.checkStores();
        stripe = StripeSimulator.builder().clock(clock).apiKey(BookingNode.SECRET_KEY).autoDeliver(false).start();
        node = BookingNode.start("stripe-faults", backend.newInstanceStores(), stripe, clock,
                b -> b.stripeReadTimeout(READ_TIMEOUT).delayedPaymentGrace(GRACE));
        http = new Http();
    }

    @AfterAll
    void stop() throws Exception {
        summary.put("faultsInjected", faults.get()).print();
        try (Backend b = backend; StripeSimulator s = stripe; Http h = http; BookingNode n = node) {
            // closes all
        }
    }

    private Fault fault(String kind, String path) {
        faults.incrementAndGet();
        return switch (kind) {
            case "500" -> Fault.status(500).forPath(path);
            case "429" -> Fault.status(429).forPath(path);
            case "timeout" -> Fault.delay(READ_TIMEOUT.plusMillis(500)).forPath(path);
            // HttpURLConnection silently re-sends once when the connection drops before an answer.
            case "disconnect" -> Fault.disconnect().forPath(path).times(2);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private String newSejour(int places) {
        String slug = "faults-" + slugs.incrementAndGet();
        stores.sejours().save(new Sejour(slug, "Pannes", Money.of(60_000, "eur"), places));
        return slug;
    }

    @ParameterizedTest
    @ValueSource(strings = {"500", "429", "timeout", "disconnect"})
    void stripeFailingAtCheckoutReleasesTheHoldAndAnswers502(String kind) {
        String slug = newSejour(3);
        long rowsBefore = backend.reservationRows().orElseThrow();
        stripe.enqueueFault(fault(kind, "/v1/checkout/sessions"));

        Http.Answer answer = http.checkout(node, Http.buyer(slug, 2, 1));

        assertThat(answer.status()).as("%s", answer).isEqualTo(502);
        assertThat(answer.error()).isEqualTo("payment_provider_unavailable");
        assertThat(answer.body()).doesNotContain(BookingNode.SECRET_KEY, "Exception");
        assertThat(stores.sejours().findBySlug(slug).orElseThrow().placesLeft()).isEqualTo(3);
        assertThat(stores.countPlaces(slug).held()).isZero();
        assertThat(backend.reservationRows().orElseThrow()).as("the failed hold stays visible, released")
                .isEqualTo(rowsBefore + 1);
        BookingAssertions.assertBooksBalance(stores, slug, 3);

        stripe.clearFaults();
        // A buyer new to each run: the successful retries stay pending, and an address may have only two.
        Http.Answer retry = http.checkout(node, Http.buyer(slug, 3, 1000 + slugs.get()));
        assertThat(retry.status()).as("%s", retry).isEqualTo(200);
        assertThat(stores.sejours().findBySlug(slug).orElseThrow().placesLeft()).isZero();
        node.settle();
        Invariants.check(stores, slug, 3, stripe, List.of(node.notifier), List.of(retry.json().path("reservationId").asText()));
        summary.add("checkoutFaults", 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"500", "429", "timeout"})
    void stripeFailingToRefundALatePaymentAnswers5xxAndTheNextDeliveryRefundsOnce(String kind) {
        String slug = newSejour(2);
        // A pays with a delayed method; the grace runs out and the sweeper gives the places back.
        Http.Answer a = http.checkout(node, Http.buyer(slug, 2, 1));
        String idA = a.json().path("reservationId").asText();
        String sessionA = a.json().path("sessionId").asText();
        assertThat(http.deliver(node, stripe.payWithDelayedMethod(sessionA), clock.instant()).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(32).plus(GRACE));
        node.service.releaseExpiredHolds();
        assertThat(status(idA)).isEqualTo(ReservationStatus.FAILED);
        // B takes the places; then A's payment clears, too late.
        Http.Answer b = http.checkout(node, Http.buyer(slug, 2, 2));
        assertThat(b.status()).isEqualTo(200);
        String idB = b.json().path("reservationId").asText();
        SimulatedEvent succeeded = stripe.succeedDelayedPayment(sessionA);
        stripe.enqueueFault(fault(kind, "/v1/refunds"));

        Http.Answer failed = http.deliver(node, succeeded, clock.instant());

        assertThat(failed.status()).as("%s", failed).isBetween(500, 599);
        assertThat(failed.error()).isEqualTo("payment_provider_unavailable");
        Reservation unchanged = stores.reservations().findById(idA).orElseThrow();
        assertThat(unchanged.status()).isEqualTo(ReservationStatus.FAILED);
        assertThat(unchanged.paymentIntentId()).isNull();
        assertThat(status(idB)).isEqualTo(ReservationStatus.PENDING);
        assertThat(stores.sejours().findBySlug(slug).orElseThrow().placesLeft()).isZero();
        BookingAssertions.assertBooksBalance(stores, slug, 2);
        if (kind.equals("timeout")) {
            // Stripe made the refund after the library stopped waiting; the retry must reuse it.
            await().atMost(Duration.ofSeconds(10)).until(() -> refundsOf(sessionA).size() == 1);
        } else {
            assertThat(refundsOf(sessionA)).isEmpty();
        }

        assertThat(http.deliver(node, succeeded, clock.instant()).status()).isEqualTo(200);
        assertThat(status(idA)).isEqualTo(ReservationStatus.REFUNDED);
        assertThat(refundsOf(sessionA)).hasSize(1);
        // Later deliveries, and the refund's own event, change nothing and refund nothing more.
        assertThat(http.deliver(node, succeeded, clock.instant()).status()).isEqualTo(200);
        for (SimulatedEvent event : stripe.events()) {
            if (event.type().equals("charge.refunded") && event.payload().contains(idA)) {
                assertThat(http.deliver(node, event, clock.instant()).status()).isEqualTo(200);
            }
        }
        assertThat(refundsOf(sessionA)).hasSize(1);
        assertThat(node.settle().notifier.deliveredFor(idA)).extracting(Notification::kind).containsExactly(Notification.Kind.REFUND);
        assertThat(status(idB)).isEqualTo(ReservationStatus.PENDING);
        node.settle();
        Invariants.check(stores, slug, 2, stripe, List.of(node.notifier), List.of(idA, idB));
        summary.add("refundFaults", 1);
    }

    private List<SimulatedRefund> refundsOf(String sessionId) {
        return stripe.refunds().stream().filter(r -> r.sessionId().equals(sessionId)).toList();
    }

    private ReservationStatus status(String id) {
        return stores.reservations().findById(id).orElseThrow().status();
    }
}

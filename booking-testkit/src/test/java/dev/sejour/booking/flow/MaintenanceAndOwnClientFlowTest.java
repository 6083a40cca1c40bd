package dev.sejour.booking.flow;

import static dev.sejour.booking.ReservationStatus.EXPIRED;
import static dev.sejour.booking.ReservationStatus.PAID;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import dev.sejour.booking.BookingMaintenance;
import dev.sejour.booking.BookingService;
import dev.sejour.booking.CheckoutSession;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.StoreException;
import dev.sejour.booking.testkit.stripe.Fault;
import dev.sejour.booking.testkit.stripe.RecordedRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The library's own maintenance thread, and a Stripe client the application built itself. */
class MaintenanceAndOwnClientFlowTest extends FlowFixture {

    private static final Duration FAST = Duration.ofMillis(20);

    @Test
    void maintenanceReleasesExpiredHoldsAndRetriesDueNotificationsWithoutTheApplicationsLoop() {
        booking.close();
        booking = configure(b -> b.notificationRetryDelay(Duration.ofSeconds(30)));
        CheckoutSession abandoned = checkout(3);
        notifier.failNext(1);
        CheckoutSession paid = checkout(1);
        deliver(stripe.pay(paid.stripeSessionId()));
        settled();
        assertThat(notifier.delivered()).isEmpty();
        // The service's clock, not the wall clock: the hold ends and the notification's backoff too.
        clock.advance(Duration.ofMinutes(32));

        try (BookingMaintenance maintenance = BookingMaintenance.start(booking, FAST)) {
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> reservation(abandoned).status() == EXPIRED && notifier.delivered().size() == 1);

            assertThat(maintenance.interval()).isEqualTo(FAST);
            assertThat(maintenance.failures()).isZero();
        }
        settled();
        assertPlacesLeft(CAPACITY - 1);
        assertThat(reservation(paid).status()).isEqualTo(PAID);
        assertThat(reservation(paid).notifiedAt()).isNotNull();
        assertThat(stripe.session(abandoned.stripeSessionId()).status()).isEqualTo("expired");
    }

    @Test
    void aFailingRunIsLoggedAndTheNextRunStillWorks() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(3);
        ReservationStore flaky = failingFindExpiredHolds(stores.reservations(), failuresLeft);
        booking.close();
        // A reservation store that is not its own outbox: the outbox is given apart.
        booking = configure(b -> b.stores(stores.sejours(), flaky)
                .notificationOutbox((NotificationOutbox) stores.reservations()));
        CheckoutSession abandoned = checkout(2);
        clock.advance(Duration.ofMinutes(32));

        try (BookingMaintenance maintenance = BookingMaintenance.start(booking, FAST)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> reservation(abandoned).status() == EXPIRED);

            assertThat(maintenance.failures()).isEqualTo(3);
            assertThat(maintenance.runs()).isGreaterThanOrEqualTo(4);
        }
        assertPlacesLeft(CAPACITY);
    }

    @Test
    void theDocumentedStartRunsAtOnce() {
        // tag::maintenance[]
        BookingMaintenance maintenance = BookingMaintenance.start(booking, Duration.ofMinutes(1));
        // on shutdown: maintenance.close(); then booking.close();
        // end::maintenance[]
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> maintenance.runs() >= 1);
            assertThat(maintenance.interval()).isEqualTo(BookingMaintenance.DEFAULT_INTERVAL);
        } finally {
            maintenance.close();
        }
    }

    @Test
    void closingStopsTheRunsAndIsIdempotent() {
        BookingMaintenance maintenance = BookingMaintenance.start(booking, FAST);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> maintenance.runs() >= 1);

        maintenance.close();
        long runs = maintenance.runs();
        CheckoutSession abandoned = checkout(1);
        clock.advance(Duration.ofMinutes(32));
        maintenance.close();

        assertThat(maintenance.runs()).isEqualTo(runs);
        assertThat(reservation(abandoned).status()).isEqualTo(dev.sejour.booking.ReservationStatus.PENDING);
        assertThat(booking.releaseExpiredHolds().released()).isEqualTo(1);
    }

    @Test
    void anApplicationsOwnStripeClientIsUsedAsItIs() {
        // The application's client: its own key and its own retry policy (the fixture's service retries none).
        StripeClient client = StripeClient.builder()
                .setApiKey(SECRET_KEY)
                .setApiBase(stripe.apiBase())
                .setMaxNetworkRetries(2)
                .build();
        booking.close();
        booking = BookingService.builder()
                .stores(stores.sejours(), stores.reservations())
                .notifier(notifier)
                .stripeClient(client)
                .livemode(false)
                .webhookSecret(WEBHOOK_SECRET)
                .baseUrl("https://sejours.example.org")
                .clock(clock)
                .build();
        stripe.enqueueFault(Fault.status(503));

        CheckoutSession checkout = checkout(2);

        assertThat(stripe.requests()).filteredOn(r -> r.path().equals("/v1/checkout/sessions"))
                .hasSize(2).extracting(RecordedRequest::apiKey).containsOnly(SECRET_KEY);
        assertPlacesLeft(CAPACITY - 2);
        deliver(stripe.pay(checkout.stripeSessionId()));
        assertThat(reservation(checkout).status()).as("a test-mode event, as livemode(false) says").isEqualTo(PAID);
        assertThat(settled().delivered()).hasSize(1);
    }

    /** The reservation store, whose {@code findExpiredHolds} fails while {@code failuresLeft} is positive. */
    private static ReservationStore failingFindExpiredHolds(ReservationStore delegate, AtomicInteger failuresLeft) {
        return (ReservationStore) Proxy.newProxyInstance(ReservationStore.class.getClassLoader(),
                new Class<?>[] {ReservationStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("findExpiredHolds") && failuresLeft.getAndDecrement() > 0) {
                        throw new StoreException("connection lost (simulated)");
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}

package dev.sejour.booking.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sejour.booking.BookingService;
import dev.sejour.booking.CheckoutRequest;
import dev.sejour.booking.CheckoutSession;
import dev.sejour.booking.InvalidSignatureException;
import dev.sejour.booking.Money;
import dev.sejour.booking.NotEnoughPlacesException;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.BookingObserver;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.InMemoryReservationStore;
import dev.sejour.booking.testkit.InMemorySejourStore;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The meters fed by a real service: stripe-java against the simulator, signed webhooks, in-memory stores. */
class BookingMetricsServiceTest {

    private static final String KEY = "sk_test_metrics";
    private static final String SECRET = "whsec_metrics";

    @Test
    void checkoutsWebhooksAndHeldPlacesAsTheServiceSeesThem() {
        BookingStores stores = BookingStores.inMemory();
        stores.sejours().save(new Sejour("yoga", "Yoga", Money.of(90_000, "eur"), 3));
        BookingMetrics metrics = new BookingMetrics(stores.reservations(),
                (NotificationOutbox) stores.reservations(), Clock.systemUTC());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        try (StripeSimulator stripe = StripeSimulator.builder().apiKey(KEY).autoDeliver(false).start();
             BookingService booking = service(stores, stripe, metrics)) {
            stripe.webhookEndpoint(java.net.URI.create("http://127.0.0.1:9/unused"), SECRET);
            CheckoutSession first = booking.startCheckout(new CheckoutRequest("yoga", 2, "a@example.org", "A", "B"));
            assertThatThrownBy(() -> booking.startCheckout(new CheckoutRequest("yoga", 2, "b@example.org", "A", "B")))
                    .isInstanceOf(NotEnoughPlacesException.class);
            assertThat(registry.get("booking.holds.active").gauge().value()).isEqualTo(2);

            SimulatedEvent paid = stripe.pay(first.stripeSessionId());
            booking.handleWebhook(paid.payloadBytes(), stripe.signatureHeader(paid));
            booking.handleWebhook(paid.payloadBytes(), stripe.signatureHeader(paid));
            assertThatThrownBy(() -> booking.handleWebhook("{}".getBytes(StandardCharsets.UTF_8), "t=1,v1=00"))
                    .isInstanceOf(InvalidSignatureException.class);

            assertThat(registry.get("booking.checkouts").tag("outcome", "started").counter().count()).isEqualTo(1);
            assertThat(registry.get("booking.checkouts").tag("outcome", "not_enough_places").counter().count())
                    .isEqualTo(1);
            assertThat(registry.get("booking.webhooks").tag("type", "checkout.session.completed")
                    .tag("disposition", "applied").timer().count()).isEqualTo(1);
            assertThat(registry.get("booking.webhooks").tag("type", "checkout.session.completed")
                    .tag("disposition", "duplicate").timer().count()).isEqualTo(1);
            assertThat(registry.get("booking.webhooks").tag("type", "unknown")
                    .tag("disposition", "invalid_signature").timer().count()).isEqualTo(1);
            assertThat(registry.get("booking.holds.active").gauge().value()).isZero();

            SimulatedEvent opened = stripe.openDispute(first.stripeSessionId(), "fraudulent");
            booking.handleWebhook(opened.payloadBytes(), stripe.signatureHeader(opened));
            booking.handleWebhook(opened.payloadBytes(), stripe.signatureHeader(opened));
            SimulatedEvent closed = stripe.closeDispute(first.stripeSessionId(), "won");
            booking.handleWebhook(closed.payloadBytes(), stripe.signatureHeader(closed));
            assertThat(registry.get("booking.disputes").tag("event", "opened").tag("status", "needs_response")
                    .counter().count()).isEqualTo(1);
            assertThat(registry.get("booking.disputes").tag("event", "closed").tag("status", "won").counter().count())
                    .isEqualTo(1);
            assertThat(registry.get("booking.webhooks").tag("type", "charge.dispute.created")
                    .tag("disposition", "duplicate").timer().count()).isEqualTo(1);
        }
    }

    @Test
    void theWiringDocumentedForApplicationsWithoutSpring() {
        InMemorySejourStore sejours = new InMemorySejourStore();
        InMemoryReservationStore reservations = new InMemoryReservationStore(sejours);
        sejours.save(new Sejour("yoga", "Yoga", Money.of(90_000, "eur"), 3));
        String secretKey = KEY;
        String webhookSecret = SECRET;
        SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();
        try (StripeSimulator stripe = StripeSimulator.builder().apiKey(KEY).autoDeliver(false).start()) {
            // tag::metrics-without-spring[]
            // the shipped reservation stores are their own notification outbox
            BookingMetrics metrics = new BookingMetrics(reservations, reservations, Clock.systemUTC());
            BookingService booking = BookingService.builder()
                    .stores(sejours, reservations)
                    .stripeSecretKey(secretKey)
                    .webhookSecret(webhookSecret)
                    .baseUrl("https://sejours.example.org")
                    .stripeApiBase(stripe.apiBase()) // (not in the docs)
                    .observer(metrics)
                    .build();
            metrics.bindTo(meterRegistry);
            // end::metrics-without-spring[]
            try (booking) {
                booking.startCheckout(new CheckoutRequest("yoga", 1, "a@example.org", "A", "B"));
            }
            assertThat(meterRegistry.get("booking.checkouts").tag("outcome", "started").counter().count()).isEqualTo(1);
            assertThat(meterRegistry.get("booking.holds.active").gauge().value()).isEqualTo(1);
        }
    }

    @Test
    void aFailingObserverNeverFailsTheCheckout() {
        BookingStores stores = BookingStores.inMemory();
        stores.sejours().save(new Sejour("yoga", "Yoga", Money.of(90_000, "eur"), 3));
        BookingObserver broken = new BookingObserver() {
            @Override
            public void checkoutFinished(String outcome) {
                throw new IllegalStateException("broken observer");
            }
        };
        try (StripeSimulator stripe = StripeSimulator.builder().apiKey(KEY).autoDeliver(false).start();
             BookingService booking = service(stores, stripe, broken)) {
            assertThat(booking.startCheckout(new CheckoutRequest("yoga", 1, "a@example.org", "A", "B")).stripeSessionId())
                    .startsWith("cs_test_");
        }
    }

    private static BookingService service(BookingStores stores, StripeSimulator stripe, BookingObserver observer) {
        return BookingService.builder().stores(stores.sejours(), stores.reservations())
                .stripeSecretKey(KEY).webhookSecret(SECRET).stripeApiBase(stripe.apiBase())
                .baseUrl("https://sejours.example.org").stripeMaxNetworkRetries(0)
                .stripeReadTimeout(Duration.ofSeconds(10)).observer(observer).build();
    }
}

package dev.sejour.booking.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.BookingService;
import dev.sejour.booking.CheckoutRequest;
import dev.sejour.booking.CheckoutSession;
import dev.sejour.booking.LatePaymentPolicy;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.WebhookResult;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.BookingTestRig;
import dev.sejour.booking.testkit.MutableClock;
import dev.sejour.booking.testkit.RecordingNotifier;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A booking service on in-memory stores talking to the Stripe simulator over real HTTP, with a clock
 * both share: the testkit's {@link BookingTestRig}, which also checks after every test that the books
 * balance. The fields alias the rig's parts so that the flow tests read as before.
 */
abstract class FlowFixture {

    static final String SECRET_KEY = "sk_test_flow";
    static final String WEBHOOK_SECRET = "whsec_flow_secret";
    static final String SLUG = "yoga_aux_choseaux";
    static final int CAPACITY = 10;
    static final Money PRICE = Money.of(90_000, "eur");

    @RegisterExtension
    final BookingTestRig rig = BookingTestRig.builder()
            .sejour(new Sejour(SLUG, "Yoga aux Choseaux", PRICE, CAPACITY))
            .stripeSecretKey(SECRET_KEY)
            .webhookSecret(WEBHOOK_SECRET)
            .service(b -> b.baseUrl("https://sejours.example.org")
                    .latePaymentPolicy(LatePaymentPolicy.TAKE_PLACES_IF_AVAILABLE))
            .build();
    final MutableClock clock = rig.clock();
    final RecordingNotifier notifier = rig.notifier();
    BookingStores stores;
    StripeSimulator stripe;
    BookingService booking;

    @BeforeEach
    void useTheRig() {
        stores = rig.stores();
        stripe = rig.stripe();
        booking = rig.booking();
    }

    /** A service with more settings, on the fixture's current stores (a test may swap them for a "restored backup"). */
    BookingService configure(UnaryOperator<BookingService.Builder> settings) {
        return rig.newService(b -> settings.apply(b.stores(stores.sejours(), stores.reservations())));
    }

    /**
     * The notifier, once the notification threads finished what they were handed: buyers are told outside
     * the request, so a test waits for that before looking (bounded generously; it normally takes a few ms).
     */
    RecordingNotifier settled() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> booking.notificationsInFlight() == 0);
        return notifier;
    }

    private int buyers;

    /** A checkout by a new buyer each time ({@code buyer1@example.com}, …): one buyer's next would replace it. */
    CheckoutSession checkout(int places) {
        return checkout(places, "buyer" + ++buyers + "@example.com");
    }

    CheckoutSession checkout(int places, String email) {
        return booking.startCheckout(new CheckoutRequest(SLUG, places, email, "Devillers", "David"));
    }

    WebhookResult deliver(SimulatedEvent event) {
        // Not rig.deliver: a test may have replaced 'booking' with a differently configured service.
        return booking.handleWebhook(event.payloadBytes(), event.signatureHeader(WEBHOOK_SECRET, clock.instant()));
    }

    Reservation reservation(CheckoutSession checkout) {
        return stores.reservations().findById(checkout.reservationId()).orElseThrow();
    }

    int placesLeft() {
        return stores.sejours().findBySlug(SLUG).orElseThrow().placesLeft();
    }

    void assertPlacesLeft(int expected) {
        assertThat(placesLeft()).as("places left").isEqualTo(expected);
    }
}

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
import dev.sejour.booking.testkit.BookingAssertions;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.MutableClock;
import dev.sejour.booking.testkit.RecordingNotifier;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.time.Duration;
import org.awaitility.Awaitility;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A booking service on in-memory stores talking to the Stripe simulator over real HTTP, with a clock
 * both share. Every test ends by checking the books balance.
 */
abstract class FlowFixture {

    static final String SECRET_KEY = "sk_test_flow";
    static final String WEBHOOK_SECRET = "whsec_flow_secret";
    static final String SLUG = "yoga_aux_choseaux";
    static final int CAPACITY = 10;
    static final Money PRICE = Money.of(90_000, "eur");

    final MutableClock clock = MutableClock.startingNow();
    final RecordingNotifier notifier = new RecordingNotifier();
    BookingStores stores;
    StripeSimulator stripe;
    BookingService booking;

    @BeforeEach
    void startStripeAndBooking() {
        stripe = StripeSimulator.builder().clock(clock).apiKey(SECRET_KEY).start();
        stores = BookingStores.inMemory();
        stores.sejours().save(new Sejour(SLUG, "Yoga aux Choseaux", PRICE, CAPACITY));
        booking = configure(b -> b);
    }

    @AfterEach
    void booksBalanceAndStripeStops() {
        try {
            BookingAssertions.assertBooksBalance(stores, SLUG, CAPACITY);
        } finally {
            booking.close();
            stripe.close();
        }
    }

    BookingService configure(UnaryOperator<BookingService.Builder> settings) {
        return settings.apply(BookingService.builder()
                .stores(stores.sejours(), stores.reservations())
                .notifier(notifier)
                .stripeSecretKey(SECRET_KEY)
                .webhookSecret(WEBHOOK_SECRET)
                .stripeApiBase(stripe.apiBase())
                .baseUrl("https://sejours.example.org")
                .clock(clock)
                .stripeConnectTimeout(Duration.ofSeconds(2))
                .stripeReadTimeout(Duration.ofSeconds(2))
                .stripeMaxNetworkRetries(0)
                .latePaymentPolicy(LatePaymentPolicy.TAKE_PLACES_IF_AVAILABLE))
                .build();
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

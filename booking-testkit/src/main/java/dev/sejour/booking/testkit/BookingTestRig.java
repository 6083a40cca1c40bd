package dev.sejour.booking.testkit;

import dev.sejour.booking.BookingService;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.WebhookResult;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A ready test rig, as a JUnit 5 extension: in-memory stores (or yours, {@link Builder#stores}) seeded
 * with your séjours, the {@link StripeSimulator} on a free port, a {@link RecordingNotifier}, a {@link MutableClock} that the
 * service and the simulator share, and a {@link BookingService} wired to all of them over stripe-java's
 * real HTTP path. After each test it checks that the books of every seeded séjour balance
 * (held + paid + free = its places at the start), so a test cannot lose or invent a place unnoticed.
 *
 * <pre>{@code
 * @RegisterExtension
 * final BookingTestRig rig = BookingTestRig.builder()
 *         .sejour(new Sejour("yoga", "Yoga", Money.of(90_000, "eur"), 10))
 *         .service(b -> b.holdDuration(Duration.ofMinutes(45)))
 *         .build();
 *
 * @Test
 * void paidCheckoutTakesThePlaces() {
 *     CheckoutSession checkout = rig.booking().startCheckout(
 *             new CheckoutRequest("yoga", 2, "ada@example.org", "Lovelace", "Ada"));
 *     rig.deliver(rig.stripe().pay(checkout.stripeSessionId()));
 *     assertThat(rig.placesLeft("yoga")).isEqualTo(8);
 * }
 * }</pre>
 *
 * <p>(docs/testing-with-the-simulator.md shows the same from a compiled, running test:
 * {@code BookingTestRigTest}.) Register it on an instance field, as above: JUnit then makes one rig per test, and each test starts
 * from fresh stores, a fresh simulator, an empty notifier and a clock at the start instant. The stores,
 * simulator and service exist from {@code beforeEach} on (so also in your {@code @BeforeEach} methods);
 * the clock and the notifier exist from construction, so fields may alias them. After each test, whatever
 * its outcome, the rig closes every service it built and then the simulator. Notifications are sent off
 * the request's thread: read them through {@link #settledNotifier()}.
 */
public final class BookingTestRig implements BeforeEachCallback, AfterEachCallback {

    private final List<Sejour> sejours;
    private final Supplier<BookingStores> storeFactory;
    private final String secretKey;
    private final String webhookSecret;
    private final UnaryOperator<BookingService.Builder> settings;
    private final boolean checkBooks;
    private final MutableClock clock;
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final Map<String, Integer> startingPlaces = new LinkedHashMap<>();
    private final List<BookingService> services = new ArrayList<>();

    // Set by beforeEach.
    private @Nullable BookingStores stores;
    private @Nullable StripeSimulator stripe;
    private @Nullable BookingService booking;

    private BookingTestRig(Builder b) {
        this.sejours = List.copyOf(b.sejours);
        this.storeFactory = b.stores;
        this.secretKey = b.secretKey;
        this.webhookSecret = b.webhookSecret;
        this.settings = b.settings;
        this.checkBooks = b.checkBooks;
        this.clock = new MutableClock(b.start != null ? b.start : Instant.ofEpochSecond(Instant.now().getEpochSecond()));
    }

    /** A rig with no séjour, the default keys and settings; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        stripe = StripeSimulator.builder().clock(clock).apiKey(secretKey).start();
        BookingStores fresh = Objects.requireNonNull(storeFactory.get(), "the stores supplier answered null");
        stores = fresh;
        for (Sejour sejour : sejours) {
            fresh.sejours().save(sejour);
            startingPlaces.put(sejour.slug(), sejour.placesLeft());
        }
        booking = newService(UnaryOperator.identity());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            // A test that already failed keeps its own failure; the books are checked only after a pass,
            // where an unbalanced book is the news.
            BookingStores tested = stores;
            if (checkBooks && tested != null && context.getExecutionException().isEmpty()) {
                startingPlaces.forEach((slug, places) -> BookingAssertions.assertBooksBalance(tested, slug, places));
            }
        } finally {
            // Every service the rig built, then the simulator: a delivery under way may still finish.
            services.forEach(BookingService::close);
            services.clear();
            if (stripe != null) {
                stripe.close();
            }
        }
    }

    /**
     * The notifier once every service of the rig has finished the notifications it was handed: buyers are
     * told off the request's thread, so look at {@link #notifier()} through this. Waits at most 30 seconds
     * (it normally takes milliseconds), then fails.
     */
    public RecordingNotifier settledNotifier() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (services.stream().anyMatch(s -> s.notificationsInFlight() > 0)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("notifications still in flight after 30 s");
            }
            try {
                Thread.sleep(2);   // real threads are working: there is no clock to move here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for notifications", e);
            }
        }
        return notifier;
    }

    /**
     * A new service on this rig's stores, simulator, notifier and clock, with the rig's settings and then
     * {@code more} applied (e.g. {@code b -> b.latePaymentPolicy(ALWAYS_REFUND)}). {@link #booking()} is
     * not changed: keep the returned service.
     */
    public BookingService newService(UnaryOperator<BookingService.Builder> more) {
        Objects.requireNonNull(more, "more");
        BookingStores tested = started(stores);
        BookingService.Builder builder = BookingService.builder()
                .stores(tested.sejours(), tested.reservations())
                .notifier(notifier)
                .stripeSecretKey(secretKey)
                .webhookSecret(webhookSecret)
                .stripeApiBase(started(stripe).apiBase())
                .baseUrl("https://shop.example.org")
                .clock(clock)
                // The simulator answers at once; short timeouts and no retry keep a fault test short.
                .stripeConnectTimeout(Duration.ofSeconds(2))
                .stripeReadTimeout(Duration.ofSeconds(2))
                .stripeMaxNetworkRetries(0);
        BookingService service = more.apply(settings.apply(builder)).build();
        services.add(service);
        return service;
    }

    /**
     * Hands a simulator event to {@link #booking()} as Stripe would, signed with the rig's webhook secret at
     * the clock's instant.
     */
    public WebhookResult deliver(SimulatedEvent event) {
        return started(booking).handleWebhook(event.payloadBytes(),
                event.signatureHeader(webhookSecret, clock.instant()));
    }

    /** The places left of a séjour in the stores now. */
    public int placesLeft(String slug) {
        return started(stores).sejours().findBySlug(slug).orElseThrow(() -> new AssertionError("no séjour " + slug))
                .placesLeft();
    }

    /** A reservation as stored now; fails the test when there is none. */
    public Reservation reservation(String reservationId) {
        return started(stores).reservations().findById(reservationId)
                .orElseThrow(() -> new AssertionError("no reservation " + reservationId));
    }

    /** The service wired to this rig (built in {@code beforeEach}). */
    public BookingService booking() {
        return started(booking);
    }

    /** The stores of this test (fresh in each test: in memory, or from {@link Builder#stores}). */
    public BookingStores stores() {
        return started(stores);
    }

    /** The Stripe simulator the service talks to (fresh in each test, closed after it). */
    public StripeSimulator stripe() {
        return started(stripe);
    }

    /** The clock the service and the simulator share; move it with {@link MutableClock#advance}. */
    public MutableClock clock() {
        return clock;
    }

    /** The notifier the service sends to. */
    public RecordingNotifier notifier() {
        return notifier;
    }

    /** The Stripe secret key the service uses and the simulator accepts. */
    public String secretKey() {
        return secretKey;
    }

    /** The webhook signing secret the service checks. */
    public String webhookSecret() {
        return webhookSecret;
    }

    private static <T> T started(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("the rig starts in beforeEach: register it with @RegisterExtension"
                    + " on an instance field");
        }
        return value;
    }

    /** Settings for a {@link BookingTestRig}; each method returns this builder. */
    public static final class Builder {

        private final List<Sejour> sejours = new ArrayList<>();
        private Supplier<BookingStores> stores = BookingStores::inMemory;
        private String secretKey = "sk_test_rig";
        private String webhookSecret = "whsec_rig_secret";
        private UnaryOperator<BookingService.Builder> settings = UnaryOperator.identity();
        private boolean checkBooks = true;
        private @Nullable Instant start;

        private Builder() {
        }

        /** A séjour saved in the stores before each test; its places are the books' total. */
        public Builder sejour(Sejour sejour) {
            sejours.add(Objects.requireNonNull(sejour, "sejour"));
            return this;
        }

        /**
         * Where each test's stores come from (default: fresh in-memory stores). Give empty stores, e.g.
         * your JDBC stores on a schema the supplier has just cleaned: the rig saves its séjours in them.
         */
        public Builder stores(Supplier<BookingStores> stores) {
            this.stores = Objects.requireNonNull(stores, "stores");
            return this;
        }

        /** The Stripe secret key (default {@code sk_test_rig}). */
        public Builder stripeSecretKey(String key) {
            this.secretKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /** The webhook signing secret (default {@code whsec_rig_secret}). */
        public Builder webhookSecret(String secret) {
            this.webhookSecret = Objects.requireNonNull(secret, "secret");
            return this;
        }

        /**
         * More service settings, applied after the rig's own (stores, notifier, keys, simulator's API base,
         * base URL {@code https://shop.example.org}, clock, 2-second Stripe timeouts, no network retry).
         */
        public Builder service(UnaryOperator<BookingService.Builder> settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The clock's instant at the start of each test (default: now, to the second). */
        public Builder startingAt(Instant start) {
            this.start = Objects.requireNonNull(start, "start");
            return this;
        }

        /** Turns off the after-each check that the books balance (on by default). */
        public Builder withoutBooksCheck() {
            this.checkBooks = false;
            return this;
        }

        public BookingTestRig build() {
            return new BookingTestRig(this);
        }
    }
}

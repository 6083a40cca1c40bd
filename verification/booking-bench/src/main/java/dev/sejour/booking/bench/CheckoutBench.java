package dev.sejour.booking.bench;

import com.stripe.StripeClient;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.checkout.SessionCreateParams;
import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.HoldOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Checkout creation over HTTP, Stripe being the simulator answering at once. Four sequential latencies,
 * interleaved round by round so that they see the same noise:
 * <ol>
 *   <li>end to end: {@code POST /api/paiement/stripe-session};</li>
 *   <li>Stripe alone: the same {@code sessions().create} call with stripe-java, straight to the simulator;</li>
 *   <li>the store alone: what {@code startCheckout} asks of it (séjour read, hold, session attached);</li>
 *   <li>HTTP alone: {@code POST /noop} with the same body to a servlet that does nothing.</li>
 * </ol>
 * The library's overhead is (1) − (2) − (3); what of it is not HTTP is (1) − (2) − (3) − (4). Then N
 * concurrent senders give the throughput.
 */
final class CheckoutBench {

    static final String SLUG = "checkouts";
    static final long PRICE = 90_000;

    record Figures(double e2eP50, double e2eP99, double stripeP50, double stripeP99, double storeP50,
                   double storeP99, double noopP50, double noopP99, double perSecond, double loadedP50,
                   double loadedP99) {
        double overheadP50() {
            return e2eP50 - stripeP50 - storeP50;
        }

        double overheadBeyondHttpP50() {
            return overheadP50() - noopP50;
        }
    }

    private CheckoutBench() {
    }

    static Figures measure(Database db, Settings settings) throws Exception {
        try (BookingServer server = new BookingServer(db)) {
            db.insertSejour(SLUG, "Yoga aux Choseaux", PRICE, "eur", 100_000_000);
            Sejour sejour = server.stores().sejours().findBySlug(SLUG).orElseThrow();
            StripeClient stripe = StripeClient.builder().setApiKey(BookingServer.SECRET_KEY)
                    .setApiBase(server.stripe().apiBase()).setConnectTimeout(5000).setReadTimeout(20_000)
                    .setMaxNetworkRetries(2).build();
            List<long[]> e2e = new ArrayList<>();
            List<long[]> direct = new ArrayList<>();
            List<long[]> store = new ArrayList<>();
            List<long[]> noop = new ArrayList<>();
            int samples = settings.latencySamples();
            int buyer = 0;
            try (MiniHttp http = new MiniHttp(server.port())) {
                for (int round = -settings.warmupRounds(); round < settings.rounds(); round++) {
                    long[] a = new long[samples];
                    long[] b = new long[samples];
                    long[] c = new long[samples];
                    long[] d = new long[samples];
                    for (int i = 0; i < samples; i++) {
                        buyer++;
                        byte[] body = BookingServer.checkoutBody(SLUG, 1, buyer);
                        long t0 = System.nanoTime();
                        MiniHttp.Response r = http.post(BookingServer.BASE + "/stripe-session", "application/json",
                                body);
                        a[i] = System.nanoTime() - t0;
                        if (r.status() != 200) {
                            throw new IllegalStateException("checkout answered " + r.status() + " " + r.text());
                        }
                        t0 = System.nanoTime();
                        Session created = stripe.v1().checkout().sessions().create(params(sejour, buyer),
                                RequestOptions.builder().setIdempotencyKey("bench-direct-" + buyer).build());
                        b[i] = System.nanoTime() - t0;
                        if (created.getId() == null) {
                            throw new IllegalStateException("the simulator gave no session id");
                        }
                        t0 = System.nanoTime();
                        holdAlone(server, buyer);
                        c[i] = System.nanoTime() - t0;
                        t0 = System.nanoTime();
                        r = http.post("/noop", "application/json", body);
                        d[i] = System.nanoTime() - t0;
                        if (r.status() != 200) {
                            throw new IllegalStateException("noop answered " + r.status());
                        }
                    }
                    if (round >= 0) {
                        e2e.add(a);
                        direct.add(b);
                        store.add(c);
                        noop.add(d);
                    }
                }
            }
            int perRound = settings.opsPerRound() / 2;
            List<Double> rates = new ArrayList<>();
            List<long[]> loaded = new ArrayList<>();
            int[] next = {1_000_000};
            for (int round = -settings.warmupRounds(); round < settings.rounds(); round++) {
                int first = next[0];
                next[0] += perRound;
                Load.Result result = Load.run(settings.threads(), perRound, () -> {
                    MiniHttp http = new MiniHttp(server.port());
                    return new Load.Worker() {
                        @Override
                        public boolean call(int i) throws Exception {
                            MiniHttp.Response r = http.post(BookingServer.BASE + "/stripe-session",
                                    "application/json", BookingServer.checkoutBody(SLUG, 1, first + i));
                            if (r.status() != 200) {
                                throw new IllegalStateException("checkout answered " + r.status() + " " + r.text());
                            }
                            return true;
                        }

                        @Override
                        public void close() {
                            http.close();
                        }
                    };
                });
                if (result.failures() > 0) {
                    throw new IllegalStateException(result.failures() + " checkouts failed: " + result.firstFailure());
                }
                if (round >= 0) {
                    rates.add(result.perSecond());
                    loaded.add(result.latencies());
                }
            }
            long[] a = Stats.concat(e2e);
            long[] b = Stats.concat(direct);
            long[] c = Stats.concat(store);
            long[] d = Stats.concat(noop);
            long[] l = Stats.concat(loaded);
            return new Figures(p(a, 50), p(a, 99), p(b, 50), p(b, 99), p(c, 50), p(c, 99), p(d, 50), p(d, 99),
                    Stats.median(rates), p(l, 50), p(l, 99));
        }
    }

    private static double p(long[] nanos, double percentile) {
        return Stats.percentileMs(nanos, percentile);
    }

    /** What startCheckout asks of the store: read the séjour, hold, attach the session. */
    private static void holdAlone(BookingServer server, int buyer) {
        Sejour sejour = server.stores().sejours().findBySlug(SLUG).orElseThrow();
        Instant now = Instant.now();
        Reservation hold = Reservation.pending(UUID.randomUUID().toString(), sejour.slug(),
                new Buyer("Devillers", "David", "store" + buyer + "@example.com"), 1, sejour.pricePerPlace(), now,
                now.plus(Duration.ofMinutes(31)));
        if (server.stores().reservations().insertHold(hold) != HoldOutcome.HELD
                || !server.stores().reservations().attachSession(hold.id(), "cs_store_" + buyer)) {
            throw new IllegalStateException("the store refused a hold");
        }
    }

    /** The same parameters as the library's gateway sends. */
    private static SessionCreateParams params(Sejour sejour, int buyer) {
        String id = "direct-" + buyer;
        Money price = sejour.pricePerPlace();
        return SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://sejours.example.org/reservation/confirmation?session_id={CHECKOUT_SESSION_ID}")
                .setCancelUrl("https://sejours.example.org/reservation/annulation")
                .setCustomerEmail("direct" + buyer + "@example.com")
                .setClientReferenceId(id)
                .setExpiresAt(Instant.now().plus(Duration.ofMinutes(31)).getEpochSecond())
                .putMetadata("reservation_id", id)
                .putMetadata("sejourSlug", sejour.slug())
                .putMetadata("nbPlaces", "1")
                .putMetadata("email", "direct" + buyer + "@example.com")
                .putMetadata("nom", "Devillers")
                .putMetadata("prenom", "David")
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putMetadata("reservation_id", id)
                        .putMetadata("sejourSlug", sejour.slug())
                        .build())
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency(price.currency())
                                .setUnitAmount(price.minorUnits())
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName(sejour.title())
                                        .build())
                                .build())
                        .build())
                .build();
    }
}

package dev.sejour.booking.testkit.stripe;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local, stateful stand-in for the Stripe API, so tests drive stripe-java's real HTTP path
 * (form encoding, headers, retries, error mapping) without network.
 *
 * <pre>{@code
 * try (StripeSimulator stripe = StripeSimulator.builder()
 *         .webhookEndpoint(URI.create("http://127.0.0.1:8080/stripe/webhook"), "whsec_test")
 *         .start()) {
 *   StripeClient client = StripeClient.builder()
 *       .setApiKey("sk_test_123").setApiBase(stripe.apiBase()).build();
 *
 *   Session session = client.v1().checkout().sessions().create(params);  // code under test
 *
 *   SimulatedEvent paid = stripe.pay(session.getId());  // buyer pays; webhook delivered, signed
 *   assertThat(stripe.deliveries()).last().matches(Delivery::succeeded);
 *   assertThat(stripe.requests()).last().extracting(RecordedRequest::idempotencyKey).isNotNull();
 *
 *   stripe.enqueueFault(Fault.status(500));              // next API call fails, changes nothing
 * }
 * }</pre>
 *
 * <p>What it models: Checkout Sessions in {@code payment} mode with inline {@code price_data}
 * (create, retrieve, expire), Adaptive Pricing in both of its shapes ({@link SessionShape}), refunds (create, retrieve),
 * payment intents (retrieve), idempotency keys, API-key checks and Stripe's error shape. Objects carry every field
 * Stripe always sends (null or empty where there is nothing to say); {@code expand[]} works for
 * {@code payment_intent}, {@code line_items} and a refund's {@code charge}; an idempotency key replays the saved
 * answer, errors raised while executing included (a request that failed validation is not saved); error codes are
 * Stripe's own. Buyer and Stripe actions ({@link #pay}, {@link #expire}…) change the state
 * and produce the matching webhook event, delivered synchronously to the configured endpoint.
 * Events caused by an API call ({@code POST /v1/refunds}, {@code …/expire}) are delivered right
 * after that call's response is written, on the server's thread, so a webhook handler that calls
 * the API does not deadlock with it.
 *
 * <p>Times ({@code created}, {@code expires_at}'s 30-minute-to-24-hour window, due expiry, the
 * {@code t=} of delivered signatures) come from the configured {@link Clock}; give the code under
 * test the same clock, and pass it to {@code Webhook.constructEvent(…, clock)} when it is not the
 * system clock.
 *
 * <p>Thread-safe. Close it to stop the server. It sets no system property: for answers in ~2 ms instead of ~45 ms, see
 * {@link #NODELAY_PROPERTY}.
 */
public final class StripeSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StripeSimulator.class);

    /**
     * The JDK system property that turns TCP_NODELAY on for its {@code HttpServer}, which this simulator
     * runs on: {@value}. The JDK writes a response's headers and body in two segments; without
     * TCP_NODELAY, Nagle's algorithm holds the body until the client's delayed ACK (~40 ms on Linux), so
     * every API call takes ~45 ms instead of ~2. The JDK reads it once, when its first server is made,
     * and it applies to the whole JVM, so the simulator leaves the choice to the application: pass
     * {@code -Dsun.net.httpserver.nodelay=true} on the command line (this project's build does it for
     * every test JVM), or set it in {@code main} before the first server starts.
     */
    public static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private record Endpoint(URI uri, String secret) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final SimulatorState state;
    private final FaultQueue faults = new FaultQueue();
    private final WebhookDeliverer deliverer = new WebhookDeliverer();
    private final Clock clock;
    private final String apiBase;
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile @Nullable Endpoint endpoint;
    private volatile boolean autoDeliver;

    private StripeSimulator(Builder b) throws IOException {
        this.clock = b.clock;
        this.server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 0);
        this.apiBase = "http://127.0.0.1:" + server.getAddress().getPort();
        String publicBase = b.publicBaseUrl != null ? stripSlash(b.publicBaseUrl)
                : b.publicHost != null ? "http://" + b.publicHost + ":" + server.getAddress().getPort()
                : apiBase;
        this.state = new SimulatorState(clock, publicBase);
        state.shapes(b.apiShape, b.eventShape);
        this.endpoint = b.endpoint;
        this.autoDeliver = b.autoDeliver;
        this.executor = Executors.newCachedThreadPool(daemonThreads("stripe-sim-http"));
        server.setExecutor(executor);
        server.createContext("/v1/", new ApiHandler(state, faults, b.apiKey, this::record,
                this::deliverAll, closing));
        server.createContext("/checkout/", new CheckoutPage(this));
        server.start();
        log.debug("Stripe simulator listening on {}", apiBase);
    }

    /** Starts a simulator on a free port, accepting any test or live key, without webhooks. */
    public static StripeSimulator start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where to point stripe-java: {@code StripeClient.builder().setApiBase(simulator.apiBase())}. */
    public String apiBase() {
        return apiBase;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The clock the simulator judges time by. */
    public Clock clock() {
        return clock;
    }

    // ---- webhook configuration -------------------------------------------------------------

    /** Sets (or replaces) the endpoint events are delivered to, and turns auto-delivery on. */
    public void webhookEndpoint(URI uri, String signingSecret) {
        this.endpoint = new Endpoint(Objects.requireNonNull(uri, "uri"),
                Objects.requireNonNull(signingSecret, "signingSecret"));
        this.autoDeliver = true;
    }

    /** Stops delivering events; they are still recorded in {@link #events()}. */
    public void removeWebhookEndpoint() {
        this.endpoint = null;
    }

    /**
     * Whether actions deliver their events at once. Turn it off to deliver by hand with
     * {@link #deliver(SimulatedEvent)}: late, twice, or out of order.
     */
    public void autoDeliver(boolean on) {
        this.autoDeliver = on;
    }

    // ---- state -------------------------------------------------------------------------

    /**
     * A snapshot of a session.
     *
     * @throws IllegalArgumentException if the simulator holds no such session
     */
    public SimulatedSession session(String id) {
        return state.session(id);
    }

    /** Snapshots of all sessions, in creation order. */
    public List<SimulatedSession> sessions() {
        return state.sessions();
    }

    /**
     * The most recently created session: handy when the code under test created it.
     *
     * @throws IllegalStateException if none was created
     */
    public SimulatedSession lastSession() {
        List<SimulatedSession> all = sessions();
        if (all.isEmpty()) {
            throw new IllegalStateException("no checkout session was created");
        }
        return all.get(all.size() - 1);
    }

    public List<SimulatedRefund> refunds() {
        return state.refunds();
    }

    /** Every event produced, delivered or not, in order. */
    public List<SimulatedEvent> events() {
        return state.events();
    }

    /** Every API request received (faulted ones included), in arrival order. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** How many API requests had a path starting with {@code pathPrefix}. */
    public int requestCount(String pathPrefix) {
        synchronized (requests) {
            return (int) requests.stream().filter(r -> r.path().startsWith(pathPrefix)).count();
        }
    }

    /** Every delivery attempt, in order. */
    public List<Delivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    // ---- buyer and Stripe actions --------------------------------------------------------

    /**
     * The buyer pays by card: the session becomes {@code complete}/{@code paid} with a new payment
     * intent and charge; emits {@code checkout.session.completed}.
     *
     * @throws IllegalStateException if the session is not open or its {@code expires_at} passed
     */
    public SimulatedEvent pay(String sessionId) {
        return emitted(state.pay(sessionId));
    }

    /**
     * The buyer pays by card in their own currency, with Stripe's Adaptive Pricing: {@code complete}/{@code
     * paid}, the payment intent and charge in {@code currency}; emits {@code checkout.session.completed}.
     * How the session then looks depends on the API version it is read at: see {@link SessionShape}.
     *
     * @param currency the buyer's currency, not the session's, e.g. {@code "usd"}
     * @param amount what the buyer pays, in its minor units, e.g. {@code 97425} for 974.25 USD
     * @throws IllegalStateException if the session is not open, or was created with
     *     {@code adaptive_pricing[enabled]=false}
     */
    public SimulatedEvent payInBuyerCurrency(String sessionId, String currency, long amount) {
        return emitted(state.payInBuyerCurrency(sessionId, currency, amount));
    }

    /**
     * How sessions look in API answers ({@code sessions().retrieve}, at stripe-java's pinned version) and in
     * event payloads (at the webhook endpoint's version), from now on; see {@link SessionShape}.
     */
    public void shapes(SessionShape api, SessionShape events) {
        state.shapes(Objects.requireNonNull(api, "api"), Objects.requireNonNull(events, "events"));
    }

    /**
     * The buyer pays with a delayed method (SEPA debit…): {@code complete}/{@code unpaid}, payment
     * intent processing; emits {@code checkout.session.completed} with {@code payment_status
     * unpaid}. Follow with {@link #succeedDelayedPayment} or {@link #failDelayedPayment}.
     */
    public SimulatedEvent payWithDelayedMethod(String sessionId) {
        return emitted(state.payWithDelayedMethod(sessionId));
    }

    /** The delayed payment clears: {@code paid}; emits {@code checkout.session.async_payment_succeeded}. */
    public SimulatedEvent succeedDelayedPayment(String sessionId) {
        return emitted(state.succeedDelayedPayment(sessionId));
    }

    /** The delayed payment fails: stays {@code unpaid}; emits {@code checkout.session.async_payment_failed}. */
    public SimulatedEvent failDelayedPayment(String sessionId) {
        return emitted(state.failDelayedPayment(sessionId));
    }

    /**
     * The session's time runs out now, whatever its {@code expires_at}: {@code expired}, url null;
     * emits {@code checkout.session.expired}.
     */
    public SimulatedEvent expire(String sessionId) {
        return emitted(state.expire(sessionId));
    }

    /** Expires every open session whose {@code expires_at} is not after the clock's now. */
    public List<SimulatedEvent> expireDueSessions() {
        List<SimulatedEvent> events = state.expireDueSessions();
        deliverAll(events);
        return events;
    }

    /** Someone refunds the whole remaining amount in Stripe's dashboard; emits {@code charge.refunded}. */
    public SimulatedEvent refundFromDashboard(String sessionId) {
        return emitted(state.refundFromDashboard(sessionId, null));
    }

    /** A partial dashboard refund of {@code amount} minor units; emits {@code charge.refunded}. */
    public SimulatedEvent refundFromDashboard(String sessionId, long amount) {
        return emitted(state.refundFromDashboard(sessionId, amount));
    }

    /**
     * The buyer's bank disputes the paid session's charge (a chargeback); emits {@code charge.dispute.created}
     * with the dispute at {@code needs_response}, its amount the whole charge.
     *
     * @param reason Stripe's reason, such as {@code fraudulent} or {@code product_not_received}
     * @throws IllegalStateException if the session is not paid, or its charge is disputed already
     */
    public SimulatedEvent openDispute(String sessionId, String reason) {
        return emitted(state.openDispute(sessionId, reason));
    }

    /**
     * The paid session's dispute ends; emits {@code charge.dispute.closed} with the dispute at {@code outcome}.
     *
     * @param outcome {@code won}, {@code lost}, {@code warning_closed} or {@code prevented}
     * @throws IllegalStateException if the session has no open dispute
     */
    public SimulatedEvent closeDispute(String sessionId, String outcome) {
        return emitted(state.closeDispute(sessionId, outcome));
    }

    // ---- delivery -------------------------------------------------------------------------

    /**
     * Delivers (or re-delivers) an event to the configured endpoint, synchronously, signed now by the
     * simulator's clock.
     *
     * @throws IllegalStateException if no webhook endpoint is configured
     */
    public Delivery deliver(SimulatedEvent event) {
        Endpoint target = endpoint;
        if (target == null) {
            throw new IllegalStateException("no webhook endpoint configured: call webhookEndpoint(uri,"
                    + " secret) or use the builder's webhookEndpoint");
        }
        Delivery delivery = deliverer.deliver(event, target.uri(), target.secret(), clock.instant());
        synchronized (deliveries) {
            deliveries.add(delivery);
        }
        if (delivery.failure() != null) {
            log.warn("Webhook {} ({}) to {} failed: {}", event.id(), event.type(), target.uri(),
                    delivery.failure());
        } else {
            log.debug("Webhook {} ({}) to {}: HTTP {}", event.id(), event.type(), target.uri(),
                    delivery.statusCode());
        }
        return delivery;
    }

    /** The {@code Stripe-Signature} the simulator would send for this event now. */
    public String signatureHeader(SimulatedEvent event) {
        Endpoint target = endpoint;
        if (target == null) {
            throw new IllegalStateException("no webhook endpoint (and so no signing secret) configured");
        }
        return event.signatureHeader(target.secret(), clock.instant());
    }

    // ---- faults and lifecycle ---------------------------------------------------------------

    /** Queues a fault for the next matching API request(s); see {@link Fault}. */
    public void enqueueFault(Fault fault) {
        faults.add(Objects.requireNonNull(fault, "fault"));
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Forgets sessions, payments, refunds, events, idempotency keys, requests, deliveries and faults. */
    public void reset() {
        faults.clear();
        state.reset();
        synchronized (requests) {
            requests.clear();
        }
        synchronized (deliveries) {
            deliveries.clear();
        }
    }

    /** Stops the server at once; requests held by a delay fault are dropped. Idempotent. */
    @Override
    public void close() {
        if (closing.getCount() == 0) {
            return;
        }
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
        deliverer.close();
    }

    @Override
    public String toString() {
        return "StripeSimulator[" + apiBase + "]";
    }

    // ---- package-private plumbing --------------------------------------------------------

    CheckoutPage.@Nullable View pageView(String id) {
        return state.pageView(id);
    }

    private void record(RecordedRequest request) {
        synchronized (requests) {
            requests.add(request);
        }
    }

    private SimulatedEvent emitted(SimulatedEvent event) {
        deliverAll(List.of(event));
        return event;
    }

    private void deliverAll(List<SimulatedEvent> events) {
        if (autoDeliver && endpoint != null) {
            for (SimulatedEvent event : events) {
                deliver(event);
            }
        }
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Settings for a {@link StripeSimulator}; every setting is optional. */
    public static final class Builder {

        private int port;
        private Clock clock = Clock.systemUTC();
        private @Nullable String apiKey;
        private @Nullable Endpoint endpoint;
        private boolean autoDeliver = true;
        private @Nullable String publicBaseUrl;
        private @Nullable String publicHost;
        private SessionShape apiShape = SessionShape.PRESENTMENT_DETAILS;
        private SessionShape eventShape = SessionShape.PRESENTMENT_DETAILS;

        private Builder() {}

        /**
         * How sessions look in API answers, which stripe-java reads at its pinned version (default
         * {@link SessionShape#PRESENTMENT_DETAILS}).
         */
        public Builder apiShape(SessionShape shape) {
            this.apiShape = Objects.requireNonNull(shape, "shape");
            return this;
        }

        /**
         * How sessions look in event payloads, which follow the webhook endpoint's API version (default
         * {@link SessionShape#PRESENTMENT_DETAILS}); {@link SessionShape#CURRENCY_CONVERSION} replays an
         * endpoint created before 2025-03-31.
         */
        public Builder eventShape(SessionShape shape) {
            this.eventShape = Objects.requireNonNull(shape, "shape");
            return this;
        }

        /** The port to listen on, on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** Stripe's clock (default: the system UTC clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Accept only this key; others get 401. Without it any {@code sk_test_}, {@code sk_live_},
         * {@code rk_test_} or {@code rk_live_} key is accepted; live keys create live-mode objects.
         */
        public Builder apiKey(String apiKey) {
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
            return this;
        }

        /** Deliver events to {@code uri}, signed with {@code signingSecret} ({@code whsec_…}). */
        public Builder webhookEndpoint(URI uri, String signingSecret) {
            this.endpoint = new Endpoint(Objects.requireNonNull(uri, "uri"),
                    Objects.requireNonNull(signingSecret, "signingSecret"));
            return this;
        }

        /** Whether actions deliver their events at once (default true). */
        public Builder autoDeliver(boolean on) {
            this.autoDeliver = on;
            return this;
        }

        /**
         * The base of sessions' {@code url} (the hosted page), when the browser reaches the simulator
         * by another address than {@link #apiBase()}, e.g. {@code http://localhost:12111}.
         */
        public Builder publicBaseUrl(String url) {
            this.publicBaseUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * The host name of the hosted page's URLs, with the port the simulator gets (useful with port 0):
         * {@code publicHost("localhost")} gives {@code http://localhost:PORT/checkout/…}.
         */
        public Builder publicHost(String host) {
            this.publicHost = Objects.requireNonNull(host, "host");
            return this;
        }

        public StripeSimulator start() {
            try {
                return new StripeSimulator(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the Stripe simulator on port " + port, e);
            }
        }
    }
}

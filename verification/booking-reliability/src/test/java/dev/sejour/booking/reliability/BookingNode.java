package dev.sejour.booking.reliability;

import dev.sejour.booking.BookingService;
import dev.sejour.booking.LatePaymentPolicy;
import dev.sejour.booking.servlet.BookingEndpoints;
import dev.sejour.booking.spi.Notifier;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.RecordingNotifier;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.awaitility.Awaitility;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One application instance: its own {@link BookingService} (with its own notifier) behind the servlet
 * endpoints in an embedded Jetty on 127.0.0.1, over stores that may share their database with other instances.
 */
final class BookingNode implements AutoCloseable {

    static final String SECRET_KEY = "sk_test_51ReliabilityK3yN0tF0rL0gs";
    static final String WEBHOOK_SECRET = "whsec_reliabilityS3cretN0tF0rL0gs";
    static final String BASE_PATH = "/api/paiement";

    final String name;
    final BookingService service;
    final RecordingNotifier notifier;
    final BookingStores stores;
    private final Server server;
    private final URI base;

    private BookingNode(String name, BookingService service, RecordingNotifier notifier, BookingStores stores,
                        Server server) {
        this.name = name;
        this.service = service;
        this.notifier = notifier;
        this.stores = stores;
        this.server = server;
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        this.base = URI.create("http://127.0.0.1:" + port + BASE_PATH);
    }

    /** The settings every instance of a test shares: fast timeouts, no hidden retries. */
    static BookingService.Builder defaults(BookingStores stores, StripeSimulator stripe, Clock clock, Notifier notifier) {
        return BookingService.builder()
                .stores(stores.sejours(), stores.reservations())
                .notifier(notifier)
                .stripeSecretKey(SECRET_KEY)
                .webhookSecret(WEBHOOK_SECRET)
                .stripeApiBase(stripe.apiBase())
                .baseUrl("https://sejours.example.org")
                .clock(clock)
                .stripeConnectTimeout(Duration.ofSeconds(2))
                .stripeReadTimeout(Duration.ofSeconds(3))
                .stripeMaxNetworkRetries(0)
                .latePaymentPolicy(LatePaymentPolicy.TAKE_PLACES_IF_AVAILABLE);
    }

    static BookingNode start(String name, BookingStores stores, StripeSimulator stripe, Clock clock) {
        return start(name, stores, stripe, clock, b -> b);
    }

    static BookingNode start(String name, BookingStores stores, StripeSimulator stripe, Clock clock,
                             UnaryOperator<BookingService.Builder> settings) {
        RecordingNotifier notifier = new RecordingNotifier();
        return start(name, stores, settings.apply(defaults(stores, stripe, clock, notifier)).build(), notifier);
    }

    static BookingNode start(String name, BookingStores stores, BookingService service, RecordingNotifier notifier) {
        QueuedThreadPool threads = new QueuedThreadPool(128, 8);
        threads.setName("jetty-" + name);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(256);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        BookingEndpoints.register(context.getServletContext(), service, BASE_PATH);
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Jetty for " + name, e);
        }
        return new BookingNode(name, service, notifier, stores, server);
    }

    URI checkoutUri() {
        return URI.create(base + "/stripe-session");
    }

    URI webhookUri() {
        return URI.create(base + "/stripe-webhook");
    }

    URI reservationUri(String sessionId) {
        return URI.create(base + "/reservation?session_id=" + sessionId);
    }

    /**
     * Waits until the service's notification threads finished what they were handed (buyers are told
     * outside the request); bounded generously.
     */
    BookingNode settle() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> service.notificationsInFlight() == 0);
        return this;
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            service.close();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}

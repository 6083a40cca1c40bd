package dev.sejour.booking.bench;

import dev.sejour.booking.BookingService;
import dev.sejour.booking.servlet.BookingEndpoints;
import dev.sejour.booking.store.jdbc.JdbcBookingStores;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The library as an application runs it: an embedded Jetty with the booking servlet under
 * {@code /api/paiement}, a {@link BookingService} on the JDBC stores of a {@link Database}, the Stripe
 * simulator (answering at once) as Stripe, and a notifier that only counts (or first waits, like a slow
 * mail server). Also {@code POST /noop},
 * a servlet that reads the body and answers a small JSON: the cost of HTTP and Jetty alone.
 */
final class BookingServer implements AutoCloseable {

    static final String SECRET_KEY = "sk_test_bench";
    static final String WEBHOOK_SECRET = "whsec_bench_secret";
    static final String BASE = "/api/paiement";

    private final StripeSimulator stripe;
    private final JdbcBookingStores stores;
    private final BookingService booking;
    private final Server jetty;
    private final AtomicLong notified = new AtomicLong();

    BookingServer(Database db) throws Exception {
        this(db, Duration.ZERO);
    }

    /** @param notifierDelay how long each notification takes (a slow mail server); zero: it only counts */
    BookingServer(Database db, Duration notifierDelay) throws Exception {
        this.stores = db.freshStores();
        this.stripe = StripeSimulator.builder().apiKey(SECRET_KEY).autoDeliver(false).start();
        this.booking = BookingService.builder()
                .stores(stores.sejours(), stores.reservations())
                .notifier(notification -> {
                    if (!notifierDelay.isZero()) {
                        try {
                            Thread.sleep(notifierDelay.toMillis());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    notified.incrementAndGet();
                })
                .stripeSecretKey(SECRET_KEY)
                .webhookSecret(WEBHOOK_SECRET)
                .stripeApiBase(stripe.apiBase())
                .baseUrl("https://sejours.example.org")
                .build();
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("jetty");
        this.jetty = new Server(threads);
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(2048);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServletContainerInitializer((classes, servletContext) ->
                BookingEndpoints.register(servletContext, booking, BASE));
        context.addServlet(new ServletHolder(new NoopServlet()), "/noop");
        jetty.setHandler(context);
        jetty.start();
    }

    int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    StripeSimulator stripe() {
        return stripe;
    }

    JdbcBookingStores stores() {
        return stores;
    }

    BookingService booking() {
        return booking;
    }

    long notified() {
        return notified.get();
    }

    static byte[] checkoutBody(String slug, int places, int buyer) {
        return ("{\"slug\":\"" + slug + "\",\"nbPlaces\":" + places + ",\"email\":\"buyer" + buyer
                + "@example.com\",\"nom\":\"Devillers\",\"prenom\":\"David\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        try {
            jetty.stop();
        } finally {
            booking.close();
            stripe.close();
        }
    }

    /** Reads the request and answers a fixed JSON, like the booking servlet minus the library. */
    static final class NoopServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final byte[] ANSWER = "{\"received\":true}".getBytes(StandardCharsets.UTF_8);

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getInputStream().readAllBytes();
            response.setStatus(200);
            response.setContentType("application/json;charset=UTF-8");
            response.setContentLength(ANSWER.length);
            response.getOutputStream().write(ANSWER);
        }
    }
}

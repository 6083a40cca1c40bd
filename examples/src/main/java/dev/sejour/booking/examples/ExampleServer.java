package dev.sejour.booking.examples;

import dev.sejour.booking.BookingService;
import dev.sejour.booking.mail.EmlOutboxNotifier;
import dev.sejour.booking.mail.SmtpNotifier;
import dev.sejour.booking.mail.SmtpSettings;
import dev.sejour.booking.servlet.AdminAuthorizer;
import dev.sejour.booking.servlet.BookingAdminServlet;
import dev.sejour.booking.servlet.BookingEndpoints;
import dev.sejour.booking.servlet.EndpointLimits;
import dev.sejour.booking.spi.Notifier;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runnable booking server: the booking endpoints, a small catalogue API and French pages on embedded
 * Jetty. With no setting at all it runs offline: a SQLite database file under {@code ./data}, the testkit's
 * Stripe simulator playing Stripe Checkout (paying there delivers a real signed webhook), and emails
 * written as {@code .eml} files. See {@link ExampleConfig} for the environment variables.
 *
 * <pre>{@code
 * java -jar examples/target/booking-example.jar     # then open http://localhost:8080/
 * }</pre>
 */
public final class ExampleServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExampleServer.class);

    /** Where the booking servlet is mounted: the seed's paths. */
    public static final String API_BASE_PATH = BookingEndpoints.DEFAULT_BASE_PATH;
    /** Where the organiser's endpoints live when {@code BOOKING_ADMIN_TOKEN} is set. */
    public static final String ADMIN_API_PATH = "/api/admin";
    /** The most places one order may take (the service's default), also told to the pages. */
    static final int MAX_PLACES_PER_ORDER = 10;
    /** The largest body buffered before a servlet runs: the webhook's limit, plus room for its framing. */
    static final long MAX_BUFFERED_BODY = EndpointLimits.DEFAULT.maxWebhookBytes() + 16 * 1024;
    /** How long a request body may take to arrive once the headers are in. */
    static final Duration BODY_DEADLINE = Duration.ofSeconds(10);
    /** A connection that sends nothing for this long is closed. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);
    static final long MIN_REQUEST_DATA_RATE = 512;
    static final int MAX_CONNECTIONS = 10_000;

    private final ExampleConfig config;
    private final Server server;
    private final int port;
    private final String baseUrl;
    private final ExampleStores stores;
    private final StripeSimulator simulator;
    private final BookingService booking;
    private final Maintenance maintenance;
    private final String mailMode;

    private ExampleServer(ExampleConfig config, Server server, int port, String baseUrl, ExampleStores stores,
                          StripeSimulator simulator, BookingService booking, Maintenance maintenance,
                          String mailMode) {
        this.config = config;
        this.server = server;
        this.port = port;
        this.baseUrl = baseUrl;
        this.stores = stores;
        this.simulator = simulator;
        this.booking = booking;
        this.maintenance = maintenance;
        this.mailMode = mailMode;
    }

    /** H2's error code for a database file another process holds open. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    /** Reads the environment, starts, and serves until the JVM is stopped (Ctrl-C, SIGTERM). */
    public static void main(String[] args) {
        // The offline Stripe simulator answers in ~2 ms instead of ~45 ms with TCP_NODELAY on the JDK's
        // HttpServer; the property is JVM-wide, so the application (this main) sets it, not the library.
        if (System.getProperty(StripeSimulator.NODELAY_PROPERTY) == null) {
            System.setProperty(StripeSimulator.NODELAY_PROPERTY, "true");
        }
        ExampleConfig config;
        try {
            config = ExampleConfig.fromEnvironment();
        } catch (InvalidConfigException e) {
            System.err.println("booking-example: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            ExampleServer server = start(config);
            server.server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            reportStartFailure(config, e, System.err);
            System.exit(1);
        }
    }

    static void reportStartFailure(ExampleConfig config, Exception e, PrintStream err) {
        Throwable root = e;
        boolean databaseInUse = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            // H2 (BOOKING_JDBC_URL=jdbc:h2:file:…) locks its file: error 90020, DATABASE_ALREADY_OPEN. SQLite, the
            // default, lets a second server share the file, as two replicas share one database.
            databaseInUse |= t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN;
        }
        if (root instanceof BindException) {
            err.println("booking-example: cannot listen on " + config.host() + ":" + config.port() + " ("
                    + root.getMessage() + "); set PORT to a free port, or 0 for any");
        } else if (databaseInUse) {
            err.println("booking-example: the database " + config.jdbc().url() + " is in use by another process"
                    + " (another example server on " + config.dataDir() + "?): stop it, or set BOOKING_DATA_DIR"
                    + " or BOOKING_JDBC_URL to another place");
        } else {
            LOG.error("Could not start", e);
            err.println("booking-example: cannot start: " + root);
        }
    }

    /**
     * Starts a server; {@link #close()} stops it. On failure, whatever was started is stopped again.
     *
     * @throws Exception the port is taken, the database cannot be opened…
     */
    public static ExampleServer start(ExampleConfig config) throws Exception {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            return start(config, opened);
        } catch (Exception | Error e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static ExampleServer start(ExampleConfig config, List<AutoCloseable> opened) throws Exception {
        Files.createDirectories(config.dataDir());

        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("booking-http");
        Server server = new Server(threads);
        opened.add(server::stop);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Bodies are buffered before the servlets read them (SlowClientGuard); this is the servlets' own guard.
        http.setMinRequestDataRate(MIN_REQUEST_DATA_RATE);
        // Jetty's per-connection header cache matches values ignoring case by default, so an admin bearer token
        // differing only in case from one sent before on the connection would be read as that one.
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        // Each open connection costs a socket and a little memory, never a thread: bound them all the same.
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
        server.setErrorHandler(new JsonErrorHandler());
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        connector.open(); // bind now: the base URL and the simulator's webhook need the real port
        int port = connector.getLocalPort();
        String baseUrl = config.baseUrlFor(port);
        String localUrl = "http://" + loopbackFor(config.host()) + ":" + port;

        ExampleStores stores = ExampleStores.open(config);
        opened.add(stores);
        boolean seeded = SampleData.seedIfEmpty(stores.sejours());

        String secretKey;
        String webhookSecret;
        String apiBase;
        StripeSimulator simulator = null;
        if (config.offline()) {
            secretKey = "sk_test_offline_" + randomHex(12);
            webhookSecret = "whsec_offline_" + randomHex(16);
            // The buyer's browser opens the simulated Checkout page, so its URLs use the base URL's host name
            // when that is a loopback name (the simulator listens on 127.0.0.1 only).
            String host = URI.create(baseUrl).getHost();
            String publicHost = "localhost".equalsIgnoreCase(host) ? "localhost" : "127.0.0.1";
            simulator = StripeSimulator.builder()
                    .port(config.simulatorPort())
                    .apiKey(secretKey)
                    .webhookEndpoint(URI.create(localUrl + API_BASE_PATH + "/stripe-webhook"), webhookSecret)
                    .publicHost(publicHost)
                    .start();
            opened.add(simulator);
            apiBase = simulator.apiBase();
        } else {
            secretKey = config.stripe().secretKey();
            webhookSecret = config.stripe().webhookSecret();
            apiBase = config.stripe().apiBase();
        }

        MailSetup mail = MailSetup.create(config);

        BookingService.Builder builder = BookingService.builder()
                .stores(stores.sejours(), stores.reservations())
                .stripeSecretKey(secretKey)
                .webhookSecret(webhookSecret)
                .baseUrl(baseUrl)
                .maxPlacesPerOrder(MAX_PLACES_PER_ORDER)
                .notificationClaim(config.notificationClaim())
                .notifier(mail.notifier());
        if (apiBase != null) {
            builder.stripeApiBase(apiBase);
        }
        BookingService booking = builder.build();

        ServletContextHandler context = new ServletContextHandler("/");
        context.addServletContainerInitializer((classes, servletContext) ->
                BookingEndpoints.register(servletContext, booking, API_BASE_PATH));
        SejoursServlet sejours = new SejoursServlet(stores.sejours(), MAX_PLACES_PER_ORDER);
        context.addServlet(new ServletHolder("sejours", sejours), "/api/sejours");
        context.addServlet(new ServletHolder("sejour", sejours), "/api/sejours/*");
        context.addServlet(new ServletHolder("health", new HealthServlet(stores::check)), "/health");
        if (config.adminToken() != null) {
            // Without a token neither the endpoints nor the page exist: the pages servlet answers 404 for both.
            context.addServlet(new ServletHolder("admin-api", new BookingAdminServlet(booking.admin(),
                    AdminAuthorizer.bearerToken(config.adminToken()))), ADMIN_API_PATH + "/*");
            context.addServlet(new ServletHolder("admin-page", new PagesServlet(true)), "/admin");
        }
        context.addServlet(new ServletHolder("pages", new PagesServlet()), "/");
        server.setHandler(new GracefulHandler(new SlowClientGuard(context, MAX_BUFFERED_BODY, BODY_DEADLINE)));
        server.setStopTimeout(10_000);
        server.setStopAtShutdown(true);

        Maintenance maintenance = new Maintenance();
        StripeSimulator sim = simulator;
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                maintenance.close();
            }

            @Override
            public void lifeCycleStopped(LifeCycle event) {
                // After the last request: deliveries under way finish (a few seconds at most), the rest stay
                // due in the store for the next start. Before the stores close, which they need.
                booking.close();
                if (sim != null) {
                    sim.close();
                }
                try {
                    stores.close();
                } catch (Exception e) {
                    LOG.warn("Closing the database failed", e);
                }
                LOG.info("Séjour booking example stopped");
            }
        });
        server.start();
        opened.clear(); // from here on, stopping the server closes everything

        // The library's maintenance: expired holds released, due notifications handed over, every interval.
        maintenance.booking(booking, config.maintenanceInterval());
        if (sim != null) {
            // Offline, the simulator plays Stripe's own expiry of abandoned Checkout Sessions too.
            maintenance.every(config.maintenanceInterval(), "simulated Stripe expiry", sim::expireDueSessions);
        }

        ExampleServer example = new ExampleServer(config, server, port, baseUrl, stores, simulator, booking,
                maintenance, mail.description());
        example.logBanner(seeded, localUrl);
        return example;
    }

    private void logBanner(boolean seeded, String localUrl) {
        String stripeMode = simulator != null
                ? "OFFLINE — simulated Stripe Checkout at " + simulator.apiBase() + " (no real payment, no account needed)"
                : config.stripe().apiBase() != null
                        ? "Stripe API at " + config.stripe().apiBase() + " (STRIPE_API_BASE)"
                        : "Stripe " + (config.stripe().secretKey().contains("_live_") ? "LIVE mode" : "test mode");
        LOG.info("""
                Séjour booking example is running
                  Open:     {}/
                  Stripe:   {}
                  Webhook:  {}{}/stripe-webhook
                  Data:     {} ({}){}
                  Mail:     {}
                  Listening on {}:{}; maintenance every {} s""",
                baseUrl, stripeMode, simulator != null ? localUrl : baseUrl, API_BASE_PATH,
                config.dataDir(), stores.description(), seeded ? ", sample séjours created" : "",
                mailMode, config.host(), port, config.maintenanceInterval().toSeconds());
    }

    /** The port the server listens on (the real one when {@code PORT} was 0). */
    public int port() {
        return port;
    }

    /** The public address, as given to Stripe for its return URLs. */
    public String baseUrl() {
        return baseUrl;
    }

    public ExampleConfig config() {
        return config;
    }

    public BookingService booking() {
        return booking;
    }

    /** The Stripe simulator in offline mode; empty with real Stripe. */
    public Optional<StripeSimulator> simulator() {
        return Optional.ofNullable(simulator);
    }

    /** Where emails are written in outbox mode. */
    public Path outboxDir() {
        return config.outboxDir();
    }

    /** Stops serving (letting requests in flight finish), then the maintenance thread, simulator and database. */
    @Override
    public void close() throws Exception {
        server.stop();
    }

    private static String loopbackFor(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.isBlank()) {
            return "127.0.0.1";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Which notifier the configuration asks for, and how to describe it. */
    private record MailSetup(Notifier notifier, String description) {

        /** The sender of the .eml files in outbox mode. */
        static final String OUTBOX_FROM = "reservations@sejours.example";

        static MailSetup create(ExampleConfig config) throws IOException {
            if (config.smtp() != null) {
                SmtpSettings smtp = config.smtp();
                return new MailSetup(new SmtpNotifier(smtp), "SMTP " + smtp.host() + ":" + smtp.port() + " ("
                        + smtp.security() + "), from " + smtp.from().toUnicodeString());
            }
            Files.createDirectories(config.outboxDir());
            return new MailSetup(EmlOutboxNotifier.create(config.outboxDir(), OUTBOX_FROM),
                    "outbox — each email is written as an .eml file in " + config.outboxDir());
        }
    }
}

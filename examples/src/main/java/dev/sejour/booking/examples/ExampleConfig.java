package dev.sejour.booking.examples;

import dev.sejour.booking.mail.SmtpSettings;
import dev.sejour.booking.store.jdbc.SqliteDatabase;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The example server's settings, read once from environment variables (or any map, for tests).
 * Every variable is optional: with none set the server runs offline on {@code 127.0.0.1:8080}.
 *
 * @param host interface to listen on ({@code HOST}, default {@code 127.0.0.1}; {@code 0.0.0.0} for all)
 * @param port port to listen on ({@code PORT}, default 8080; 0 picks a free one)
 * @param baseUrl public address for Stripe's return URLs ({@code BOOKING_BASE_URL}, then
 *     {@code NEXT_PUBLIC_BASE_URL}); null means {@code http://localhost:{port}}, see {@link #baseUrlFor(int)}
 * @param dataDir where the SQLite database and the mail outbox live ({@code BOOKING_DATA_DIR}, default
 *     {@code ./data})
 * @param jdbc the database ({@code BOOKING_JDBC_URL}, default the SQLite file {@code booking.db} under
 *     {@code dataDir}, see {@link #defaultJdbcUrl(Path)})
 * @param stripe real Stripe (or {@code STRIPE_API_BASE}), or null for offline mode with the simulator
 * @param simulatorPort port of the offline Stripe simulator ({@code STRIPE_SIMULATOR_PORT}, default 0: free)
 * @param smtp SMTP settings ({@code SMTP_*} or {@code GMAIL_USER}/{@code GMAIL_PASS}, and {@code MAIL_FROM},
 *     read by {@link SmtpSettings#fromEnvironment}), or null to write each email as an {@code .eml} file under
 *     {@code dataDir/outbox}
 * @param maintenanceInterval how often expired holds are released and failed emails retried
 *     ({@code BOOKING_MAINTENANCE_INTERVAL_SECONDS}, default 60)
 * @param notificationClaim how long one attempt to send a notification keeps others from sending it
 *     ({@code BOOKING_NOTIFICATION_CLAIM_SECONDS}, default 120): after a crash mid-send, the email goes out
 *     again once this has passed
 * @param adminToken the organiser's bearer token ({@code BOOKING_ADMIN_TOKEN}, at least 16 characters), or
 *     null: then {@code /api/admin} and {@code /admin} answer 404
 */
public record ExampleConfig(
        String host,
        int port,
        String baseUrl,
        Path dataDir,
        Jdbc jdbc,
        Stripe stripe,
        int simulatorPort,
        SmtpSettings smtp,
        Duration maintenanceInterval,
        Duration notificationClaim,
        String adminToken) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Never prints the admin token. */
    @Override
    public String toString() {
        return "ExampleConfig[host=" + host + ", port=" + port + ", baseUrl=" + baseUrl + ", dataDir=" + dataDir
                + ", jdbc=" + jdbc + ", stripe=" + stripe + ", simulatorPort=" + simulatorPort + ", smtp=" + smtp
                + ", maintenanceInterval=" + maintenanceInterval + ", notificationClaim=" + notificationClaim
                + ", adminToken=" + (adminToken == null ? "none" : "set") + "]";
    }

    public ExampleConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(jdbc, "jdbc");
        Objects.requireNonNull(maintenanceInterval, "maintenanceInterval");
        Objects.requireNonNull(notificationClaim, "notificationClaim");
    }

    /**
     * The database: a JDBC URL with optional credentials.
     *
     * @param url {@code BOOKING_JDBC_URL}
     * @param user {@code BOOKING_JDBC_USER}, or null
     * @param password {@code BOOKING_JDBC_PASSWORD}, or null
     */
    public record Jdbc(String url, String user, String password) {

        public Jdbc {
            Objects.requireNonNull(url, "url");
        }

        /** Whether this is an embedded H2 database. */
        public boolean isH2() {
            return url.startsWith("jdbc:h2:");
        }

        /** Whether this is an embedded SQLite database (the default). */
        public boolean isSqlite() {
            return url.startsWith("jdbc:sqlite:");
        }

        @Override
        public String toString() {
            return "Jdbc[url=" + url + ", user=" + user + "]";
        }
    }

    /**
     * Stripe credentials, when the server talks to real Stripe (or stripe-mock).
     *
     * @param secretKey {@code STRIPE_SECRET_KEY}
     * @param webhookSecret {@code STRIPE_WEBHOOK_SECRET}
     * @param apiBase {@code STRIPE_API_BASE}, or null for Stripe itself
     */
    public record Stripe(String secretKey, String webhookSecret, String apiBase) {

        public Stripe {
            Objects.requireNonNull(secretKey, "secretKey");
            Objects.requireNonNull(webhookSecret, "webhookSecret");
        }

        @Override
        public String toString() {
            return "Stripe[secretKey=" + secretKey.substring(0, Math.min(8, secretKey.length()))
                    + "…, apiBase=" + apiBase + "]";
        }
    }

    /** Reads the process environment. */
    public static ExampleConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads the settings from {@code env}; blank values count as unset.
     *
     * @throws InvalidConfigException naming the variable and what is wrong with it
     */
    public static ExampleConfig fromEnvironment(Map<String, String> env) {
        Env e = new Env(env);
        String host = e.get("HOST", DEFAULT_HOST);
        int port = e.integer("PORT", DEFAULT_PORT, 0, 65535);

        String baseUrlVar = e.has("BOOKING_BASE_URL") ? "BOOKING_BASE_URL" : "NEXT_PUBLIC_BASE_URL";
        String baseUrl = e.get(baseUrlVar, null);
        if (baseUrl != null) {
            baseUrl = httpUrl(baseUrlVar, baseUrl);
        }

        Path dataDir;
        try {
            dataDir = Path.of(e.get("BOOKING_DATA_DIR", "./data")).toAbsolutePath().normalize();
        } catch (InvalidPathException ex) {
            throw new InvalidConfigException("BOOKING_DATA_DIR is not a valid path: " + ex.getMessage());
        }

        String jdbcUrl = e.get("BOOKING_JDBC_URL", defaultJdbcUrl(dataDir));
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new InvalidConfigException("BOOKING_JDBC_URL must be a JDBC URL starting with 'jdbc:', not '"
                    + abbreviate(jdbcUrl) + "'");
        }
        Jdbc jdbc = new Jdbc(jdbcUrl, e.get("BOOKING_JDBC_USER", null), e.get("BOOKING_JDBC_PASSWORD", null));

        Stripe stripe = stripe(e);
        int simulatorPort = e.integer("STRIPE_SIMULATOR_PORT", 0, 0, 65535);
        SmtpSettings smtp = smtp(env);
        int interval = e.integer("BOOKING_MAINTENANCE_INTERVAL_SECONDS", 60, 1, 86_400);
        int claim = e.integer("BOOKING_NOTIFICATION_CLAIM_SECONDS", 120, 1, 86_400);
        String adminToken = e.get("BOOKING_ADMIN_TOKEN", null);
        if (adminToken != null && adminToken.length() < 16) {
            throw new InvalidConfigException("BOOKING_ADMIN_TOKEN must have at least 16 characters (say 32 random"
                    + " bytes, base64url-encoded)");
        }
        return new ExampleConfig(host, port, baseUrl, dataDir, jdbc, stripe, simulatorPort, smtp,
                Duration.ofSeconds(interval), Duration.ofSeconds(claim), adminToken);
    }

    /**
     * The default database: the SQLite file {@code booking.db} in {@code dataDir}, in WAL mode with
     * {@code synchronous=FULL} ({@link SqliteDatabase#url(Path)}): a change is answered 2xx only once it is
     * fsync'ed, so it survives the process being killed. H2 was measured and not kept: see
     * docs/reliability.md.
     */
    static String defaultJdbcUrl(Path dataDir) {
        return SqliteDatabase.url(dataDir.resolve("booking.db"));
    }

    /** Offline mode: no Stripe credentials, so the built-in simulator plays Stripe. */
    public boolean offline() {
        return stripe == null;
    }

    /** The configured base URL, or {@code http://localhost:{boundPort}}. */
    public String baseUrlFor(int boundPort) {
        return baseUrl != null ? baseUrl : "http://localhost:" + boundPort;
    }

    /** Where emails go as {@code .eml} files when no SMTP server is configured. */
    public Path outboxDir() {
        return dataDir.resolve("outbox");
    }

    private static Stripe stripe(Env e) {
        String key = e.get("STRIPE_SECRET_KEY", null);
        String secret = e.get("STRIPE_WEBHOOK_SECRET", null);
        String apiBase = e.get("STRIPE_API_BASE", null);
        if (key == null && secret == null) {
            if (apiBase != null) {
                throw new InvalidConfigException("STRIPE_API_BASE is set but STRIPE_SECRET_KEY and"
                        + " STRIPE_WEBHOOK_SECRET are not; set all three, or none for offline mode");
            }
            return null;
        }
        if (key == null || secret == null) {
            throw new InvalidConfigException("set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (or neither, for"
                    + " offline mode); only " + (key == null ? "STRIPE_WEBHOOK_SECRET" : "STRIPE_SECRET_KEY")
                    + " is set");
        }
        if (!key.startsWith("sk_") && !key.startsWith("rk_")) {
            throw new InvalidConfigException("STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_…, sk_live_…"
                    + " or rk_…); publishable keys (pk_…) do not work on a server");
        }
        if (!secret.startsWith("whsec_")) {
            throw new InvalidConfigException("STRIPE_WEBHOOK_SECRET must be a webhook signing secret (whsec_…),"
                    + " as shown by 'stripe listen' or the dashboard's webhook endpoint");
        }
        if (apiBase != null) {
            apiBase = httpUrl("STRIPE_API_BASE", apiBase);
        }
        return new Stripe(key, secret, apiBase);
    }

    private static SmtpSettings smtp(Map<String, String> env) {
        try {
            return SmtpSettings.fromEnvironment(env).orElse(null);
        } catch (IllegalArgumentException ex) {
            throw new InvalidConfigException(firstLine(ex.getMessage()));
        }
    }

    private static String firstLine(String message) {
        String text = message == null ? "invalid mail settings" : message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String httpUrl(String name, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException ex) {
            throw new InvalidConfigException(name + " is not a valid URL: '" + abbreviate(value) + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new InvalidConfigException(name + " must be an http(s) URL such as http://localhost:8080, not '"
                    + abbreviate(value) + "'");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new InvalidConfigException(name + " must not have a query or fragment: '" + abbreviate(value) + "'");
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static String abbreviate(String value) {
        return value.length() > 60 ? value.substring(0, 57) + "…" : value;
    }

    /** Lookups with blank-as-unset and one-line errors. */
    private record Env(Map<String, String> env) {

        boolean has(String name) {
            String value = env.get(name);
            return value != null && !value.isBlank();
        }

        String get(String name, String fallback) {
            return has(name) ? env.get(name).strip() : fallback;
        }

        int integer(String name, int fallback, int min, int max) {
            if (!has(name)) {
                return fallback;
            }
            String value = env.get(name).strip();
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new InvalidConfigException(name + " must be a whole number from " + min + " to " + max
                    + ", not '" + abbreviate(value) + "'");
        }
    }
}

package dev.sejour.booking.spring.boot;

import dev.sejour.booking.LatePaymentPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The settings under {@code sejour.booking}: the four that every application sets
 * ({@code stripe.secret-key}, {@code stripe.webhook-secret}, {@code base-url} and a database), and the
 * {@link dev.sejour.booking.BookingService.Builder builder's} other settings with its defaults.
 */
@ConfigurationProperties(prefix = "sejour.booking")
public class BookingProperties {

    /** Whether to configure the booking service at all. */
    private boolean enabled = true;

    /**
     * The public address of the application (https://example.org), for Stripe's return URLs. Required.
     */
    private String baseUrl;

    /**
     * Where Stripe sends the buyer after paying. Default:
     * {base-url}/reservation/confirmation?session_id={CHECKOUT_SESSION_ID}.
     */
    private String successUrl;

    /**
     * Where Stripe sends a buyer who gives up; {RESERVATION_ID} is replaced by the reservation's id. Default:
     * {base-url}/reservation/annulation?reservation_id={RESERVATION_ID}.
     */
    private String cancelUrl;

    /**
     * How long places are held for a checkout: 5 minutes to 24 hours. The Checkout Session lives at least Stripe's
     * 30 minutes; when a shorter hold ends, the maintenance expires the session at Stripe before giving the places
     * back.
     */
    private Duration holdDuration = Duration.ofMinutes(15);

    /**
     * The most pending checkouts one e-mail address may have at once, across séjours; one more is refused with 429
     * too_many_pending_checkouts.
     */
    private int maxPendingCheckoutsPerEmail = 2;

    /**
     * Restricts Stripe Checkout to these payment method types (card, link, sepa_debit…). Default: none given,
     * Stripe shows the methods enabled in the dashboard.
     */
    private List<String> paymentMethodTypes = new ArrayList<>();

    /** The most places one order may take. */
    private int maxPlacesPerOrder = 10;

    /** What to do with a payment that arrives after its hold was released. */
    private LatePaymentPolicy latePaymentPolicy = LatePaymentPolicy.TAKE_PLACES_IF_AVAILABLE;

    /** How long a hold paid with a delayed method (SEPA, ACH) waits for its result past its expiry: 0 to 14 days. */
    private Duration delayedPaymentGrace = Duration.ofDays(7);

    /**
     * Whether buyers may pay in their own currency (Stripe's Adaptive Pricing) where the account turns it on;
     * false makes every buyer pay in the séjour's currency.
     */
    private boolean adaptivePricing = true;

    /** How many holds or notifications one maintenance sweep handles. */
    private int batchSize = 100;

    private final Stripe stripe = new Stripe();
    private final Notifications notifications = new Notifications();
    private final Servlet servlet = new Servlet();
    private final Maintenance maintenance = new Maintenance();
    private final Jdbc jdbc = new Jdbc();
    private final Mongo mongo = new Mongo();
    private final Mail mail = new Mail();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getSuccessUrl() {
        return successUrl;
    }

    public void setSuccessUrl(String successUrl) {
        this.successUrl = successUrl;
    }

    public String getCancelUrl() {
        return cancelUrl;
    }

    public void setCancelUrl(String cancelUrl) {
        this.cancelUrl = cancelUrl;
    }

    public Duration getHoldDuration() {
        return holdDuration;
    }

    public void setHoldDuration(Duration holdDuration) {
        this.holdDuration = holdDuration;
    }

    public int getMaxPendingCheckoutsPerEmail() {
        return maxPendingCheckoutsPerEmail;
    }

    public void setMaxPendingCheckoutsPerEmail(int maxPendingCheckoutsPerEmail) {
        this.maxPendingCheckoutsPerEmail = maxPendingCheckoutsPerEmail;
    }

    public List<String> getPaymentMethodTypes() {
        return paymentMethodTypes;
    }

    public void setPaymentMethodTypes(List<String> paymentMethodTypes) {
        this.paymentMethodTypes = paymentMethodTypes;
    }

    public int getMaxPlacesPerOrder() {
        return maxPlacesPerOrder;
    }

    public void setMaxPlacesPerOrder(int maxPlacesPerOrder) {
        this.maxPlacesPerOrder = maxPlacesPerOrder;
    }

    public LatePaymentPolicy getLatePaymentPolicy() {
        return latePaymentPolicy;
    }

    public void setLatePaymentPolicy(LatePaymentPolicy latePaymentPolicy) {
        this.latePaymentPolicy = latePaymentPolicy;
    }

    public Duration getDelayedPaymentGrace() {
        return delayedPaymentGrace;
    }

    public void setDelayedPaymentGrace(Duration delayedPaymentGrace) {
        this.delayedPaymentGrace = delayedPaymentGrace;
    }

    public boolean isAdaptivePricing() {
        return adaptivePricing;
    }

    public void setAdaptivePricing(boolean adaptivePricing) {
        this.adaptivePricing = adaptivePricing;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public Stripe getStripe() {
        return stripe;
    }

    public Notifications getNotifications() {
        return notifications;
    }

    public Servlet getServlet() {
        return servlet;
    }

    public Maintenance getMaintenance() {
        return maintenance;
    }

    public Jdbc getJdbc() {
        return jdbc;
    }

    public Mongo getMongo() {
        return mongo;
    }

    public Mail getMail() {
        return mail;
    }

    /** Stripe's keys and client settings. */
    public static class Stripe {

        /** The Stripe secret key, sk_test_… or sk_live_… (or a restricted rk_… key). Required. */
        private String secretKey;

        /** The webhook endpoint's signing secret, whsec_…. Required. */
        private String webhookSecret;

        /** Another Stripe API address: a local simulator or stripe-mock. Default: Stripe's. */
        private String apiBase;

        /** How long to wait for a connection to Stripe. */
        private Duration connectTimeout = Duration.ofSeconds(5);

        /** How long to wait for Stripe's answer. */
        private Duration readTimeout = Duration.ofSeconds(20);

        /** Retries of a failed Stripe call (same idempotency key, so never a double charge). */
        private int maxNetworkRetries = 2;

        /** How far a webhook's signed timestamp may be from now, either way. */
        private Duration webhookTolerance = Duration.ofMinutes(5);

        /**
         * The least time between two Stripe lookups of one Checkout Session by the confirmation page, per instance:
         * 1 second to 1 minute.
         */
        private Duration lookupInterval = Duration.ofSeconds(5);

        public Duration getLookupInterval() {
            return lookupInterval;
        }

        public void setLookupInterval(Duration lookupInterval) {
            this.lookupInterval = lookupInterval;
        }

        public String getSecretKey() {
            return secretKey;
        }

        public void setSecretKey(String secretKey) {
            this.secretKey = secretKey;
        }

        public String getWebhookSecret() {
            return webhookSecret;
        }

        public void setWebhookSecret(String webhookSecret) {
            this.webhookSecret = webhookSecret;
        }

        public String getApiBase() {
            return apiBase;
        }

        public void setApiBase(String apiBase) {
            this.apiBase = apiBase;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        public int getMaxNetworkRetries() {
            return maxNetworkRetries;
        }

        public void setMaxNetworkRetries(int maxNetworkRetries) {
            this.maxNetworkRetries = maxNetworkRetries;
        }

        public Duration getWebhookTolerance() {
            return webhookTolerance;
        }

        public void setWebhookTolerance(Duration webhookTolerance) {
            this.webhookTolerance = webhookTolerance;
        }
    }

    /** The notification outbox: delivery threads, retries and dead letters. */
    public static class Notifications {

        /** How long one instance may take to deliver a notification before another may try. */
        private Duration claim = Duration.ofMinutes(2);

        /** Threads delivering notifications, started on demand and ended when idle. */
        private int threads = 2;

        /** Notifications waiting for a delivery thread; beyond that they wait in the store for the next sweep. */
        private int queueCapacity = 1_000;

        /** Wait after the first failed attempt; each further failure doubles it, up to max-retry-delay. */
        private Duration retryDelay = Duration.ofSeconds(30);

        /** The longest wait between two attempts at a notification. */
        private Duration maxRetryDelay = Duration.ofHours(1);

        /** Attempts at a notification before it is failed (a dead letter). */
        private int maxAttempts = 10;

        /** How long closing the service lets deliveries under way finish. */
        private Duration shutdownTimeout = Duration.ofSeconds(5);

        public Duration getClaim() {
            return claim;
        }

        public void setClaim(Duration claim) {
            this.claim = claim;
        }

        public int getThreads() {
            return threads;
        }

        public void setThreads(int threads) {
            this.threads = threads;
        }

        public int getQueueCapacity() {
            return queueCapacity;
        }

        public void setQueueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
        }

        public Duration getRetryDelay() {
            return retryDelay;
        }

        public void setRetryDelay(Duration retryDelay) {
            this.retryDelay = retryDelay;
        }

        public Duration getMaxRetryDelay() {
            return maxRetryDelay;
        }

        public void setMaxRetryDelay(Duration maxRetryDelay) {
            this.maxRetryDelay = maxRetryDelay;
        }

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }
    }

    /** The HTTP endpoints (checkout, session lookup, cancel, Stripe webhook). */
    public static class Servlet {

        /** Whether to register the booking servlet. */
        private boolean enabled = true;

        /** Where the endpoints live; the webhook is {path}/stripe-webhook. */
        private String path = "/api/paiement";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }
    }

    /** The library's periodic work: releasing expired holds and retrying due notifications. */
    public static class Maintenance {

        /** Whether to run the maintenance in this application (any number of instances may). */
        private boolean enabled = true;

        /** Time between two runs. */
        private Duration interval = Duration.ofSeconds(60);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }
    }

    /** The JDBC stores, on the application's DataSource. */
    public static class Jdbc {

        /** Put before the table names (booking_sejours); letters, digits and _. Default: none. */
        private String tablePrefix = "";

        /**
         * Whether to apply the shipped versioned migrations at start (the tables, then any later migration), under a
         * database lock so that instances may start together; off: apply the same migrations with Flyway
         * (db/migration/sejour-booking/{dialect}).
         */
        private boolean createTables = false;

        public String getTablePrefix() {
            return tablePrefix;
        }

        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }

        public boolean isCreateTables() {
            return createTables;
        }

        public void setCreateTables(boolean createTables) {
            this.createTables = createTables;
        }
    }

    /** The MongoDB stores, on the application's MongoClient. */
    public static class Mongo {

        /** The database holding the booking collections. Required for the MongoDB stores. */
        private String database;

        /**
         * Multi-document transactions: auto (when the deployment runs them: a replica set or mongos), required
         * (the start fails without them) or off (the crash-repair protocol only).
         */
        private String transactions = "auto";

        public String getDatabase() {
            return database;
        }

        public void setDatabase(String database) {
            this.database = database;
        }

        public String getTransactions() {
            return transactions;
        }

        public void setTransactions(String transactions) {
            this.transactions = transactions;
        }
    }

    /** The buyers' e-mails, sent through Spring's JavaMailSender (spring.mail.*) with the library's templates. */
    public static class Mail {

        /** The From address ("Séjours Dupont <contact@example.org>"). Default: no-reply@ the host of base-url. */
        private String from;

        /** Where replies go. Default: the From address. */
        private String replyTo;

        /** The organiser, sent a notice of every confirmation and refund. Default: nobody. */
        private String operator;

        /** The language of the messages, as a language tag (fr, en). */
        private String locale = "fr";

        public String getFrom() {
            return from;
        }

        public void setFrom(String from) {
            this.from = from;
        }

        public String getReplyTo() {
            return replyTo;
        }

        public void setReplyTo(String replyTo) {
            this.replyTo = replyTo;
        }

        public String getOperator() {
            return operator;
        }

        public void setOperator(String operator) {
            this.operator = operator;
        }

        public String getLocale() {
            return locale;
        }

        public void setLocale(String locale) {
            this.locale = locale;
        }
    }
}

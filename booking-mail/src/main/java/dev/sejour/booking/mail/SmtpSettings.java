package dev.sejour.booking.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where and how to send mail: the SMTP server, its credentials, and the addresses the messages carry.
 * Immutable; build one with {@link #builder()}, {@link #gmail(String, String)} or
 * {@link #fromEnvironment(Map)}. The password never appears in {@link #toString()}.
 */
public final class SmtpSettings {

    /** How the connection to the SMTP server is protected. */
    public enum Security {
        /** Plain text; only for a server on the same machine or a test server. */
        NONE(25),
        /** Plain connection upgraded with STARTTLS, which is required (usually port 587). */
        STARTTLS(587),
        /** TLS from the first byte, "SMTPS" (usually port 465). */
        SSL(465);

        private final int defaultPort;

        Security(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        /** The port usually used with this security. */
        public int defaultPort() {
            return defaultPort;
        }
    }

    /** Default for each of the connect, read and write timeouts. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final String host;
    private final int port;
    private final Security security;
    private final @Nullable String username;
    private final @Nullable String password;
    private final InternetAddress from;
    private final @Nullable InternetAddress replyTo;
    private final @Nullable InternetAddress operator;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration writeTimeout;
    private final Locale locale;

    private SmtpSettings(Builder b) {
        this.host = requireText(b.host, "host");
        this.security = Objects.requireNonNull(b.security, "security");
        this.port = b.port == 0 ? security.defaultPort() : b.port;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535: " + port);
        }
        this.username = blankToNull(b.username);
        this.password = b.password;
        if (username == null && password != null && !password.isEmpty()) {
            throw new IllegalArgumentException("a password was given without a username");
        }
        if (username != null && (password == null || password.isEmpty())) {
            throw new IllegalArgumentException("a username was given without a password: " + username);
        }
        InternetAddress sender = b.from;
        if (sender == null && username != null && username.contains("@")) {
            sender = parse(username, "from (taken from the username)");
        }
        if (sender == null) {
            throw new IllegalArgumentException("from address is required (the username is not an e-mail address)");
        }
        this.from = sender;
        this.replyTo = b.replyTo;
        this.operator = b.operator;
        this.connectTimeout = positive(b.connectTimeout, "connectTimeout");
        this.readTimeout = positive(b.readTimeout, "readTimeout");
        this.writeTimeout = positive(b.writeTimeout, "writeTimeout");
        this.locale = Objects.requireNonNull(b.locale, "locale");
    }

    /** A builder with the defaults: STARTTLS on its default port, 10 s timeouts, French. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /**
     * Gmail (or Google Workspace) through {@code smtp.gmail.com:587} with STARTTLS, sending as the account
     * itself, as the original application did with {@code GMAIL_USER}/{@code GMAIL_PASS}.
     *
     * @param user the Gmail address
     * @param appPassword an <em>app password</em> (Google refuses the account's normal password over SMTP)
     */
    public static SmtpSettings gmail(String user, String appPassword) {
        return gmailBuilder(user, appPassword).build();
    }

    static Builder gmailBuilder(String user, String appPassword) {
        return builder().host("smtp.gmail.com").port(587).security(Security.STARTTLS)
                .username(user).password(appPassword).from(user);
    }

    /**
     * Reads the settings from environment variables (pass {@code System.getenv()}); blank values count as unset.
     *
     * <ul>
     *   <li>{@code SMTP_HOST} (wins if set), with {@code SMTP_PORT}, {@code SMTP_SECURITY}
     *       ({@code none}, {@code starttls}, {@code ssl}; default {@code ssl} on port 465, else {@code starttls}),
     *       {@code SMTP_USER}, {@code SMTP_PASSWORD};</li>
     *   <li>or {@code GMAIL_USER} and {@code GMAIL_PASS} (an app password);</li>
     *   <li>and for either: {@code MAIL_FROM} (default: the user), {@code MAIL_REPLY_TO}, {@code MAIL_OPERATOR}
     *       (receives a notice of each paid or refunded reservation), {@code MAIL_LOCALE} (a language tag,
     *       default {@code fr}).</li>
     * </ul>
     *
     * @return empty when neither {@code SMTP_HOST} nor {@code GMAIL_USER} is set
     * @throws IllegalArgumentException naming the variable when a value is wrong or a companion is missing
     */
    public static Optional<SmtpSettings> fromEnvironment(Map<String, String> env) {
        return EnvironmentSettings.read(env);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Security security() {
        return security;
    }

    /** The SMTP login; empty when the server takes mail without authentication. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** The password, for the transport only; never logged. Null without a {@link #username()}. */
    @Nullable String password() {
        return password;
    }

    /** The From address (with its display name); a copy. */
    public InternetAddress from() {
        return copy(from);
    }

    /** Where replies go, if not to {@link #from()}. */
    public Optional<InternetAddress> replyTo() {
        return Optional.ofNullable(replyTo).map(SmtpSettings::copy);
    }

    /** The organiser's address, which receives a notice of each paid or refunded reservation. */
    public Optional<InternetAddress> operator() {
        return Optional.ofNullable(operator).map(SmtpSettings::copy);
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public Duration writeTimeout() {
        return writeTimeout;
    }

    /** The language of the messages. */
    public Locale locale() {
        return locale;
    }

    @Override
    public String toString() {
        return "SmtpSettings{host=" + host + ", port=" + port + ", security=" + security
                + ", username=" + username + ", password=" + (password == null ? "none" : "****")
                + ", from=" + from.toUnicodeString()
                + ", replyTo=" + (replyTo == null ? null : replyTo.toUnicodeString())
                + ", operator=" + (operator == null ? null : operator.toUnicodeString())
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", writeTimeout=" + writeTimeout + ", locale=" + locale.toLanguageTag() + '}';
    }

    static InternetAddress copy(InternetAddress address) {
        return (InternetAddress) address.clone();
    }

    /**
     * Parses one address strictly (see {@link Addresses#strict(String)}), accepting {@code Name <addr>}.
     *
     * @throws IllegalArgumentException naming {@code what}
     */
    static InternetAddress parse(String address, String what) {
        Objects.requireNonNull(address, what);
        try {
            return Addresses.strict(address);
        } catch (AddressException e) {
            throw new IllegalArgumentException(what + " is not a valid e-mail address: '" + HeaderText.clean(address)
                    + "' (" + e.getMessage() + ")", e);
        }
    }

    static InternetAddress withName(InternetAddress address, String displayName) {
        try {
            return new InternetAddress(address.getAddress(), HeaderText.clean(displayName),
                    StandardCharsets.UTF_8.name());
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    private static String requireText(@Nullable String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        return value.strip();
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Duration positive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
        if (value.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " is too long: " + value);
        }
        return value;
    }

    /** Builds {@link SmtpSettings}; every method returns this builder. */
    public static final class Builder {
        private @Nullable String host;
        private int port;
        private Security security = Security.STARTTLS;
        private @Nullable String username;
        private @Nullable String password;
        private @Nullable InternetAddress from;
        private @Nullable InternetAddress replyTo;
        private @Nullable InternetAddress operator;
        private Duration connectTimeout = DEFAULT_TIMEOUT;
        private Duration readTimeout = DEFAULT_TIMEOUT;
        private Duration writeTimeout = DEFAULT_TIMEOUT;
        private Locale locale = Locale.FRENCH;

        private Builder() {
        }

        private Builder(SmtpSettings s) {
            host = s.host;
            port = s.port;
            security = s.security;
            username = s.username;
            password = s.password;
            from = s.from;
            replyTo = s.replyTo;
            operator = s.operator;
            connectTimeout = s.connectTimeout;
            readTimeout = s.readTimeout;
            writeTimeout = s.writeTimeout;
            locale = s.locale;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port; 0 (the default) means the security's usual port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder security(Security security) {
            this.security = security;
            return this;
        }

        /** The SMTP login; with a password. Without one, no authentication is attempted. */
        public Builder username(@Nullable String username) {
            this.username = username;
            return this;
        }

        public Builder password(@Nullable String password) {
            this.password = password;
            return this;
        }

        /** Username and password at once. */
        public Builder credentials(String username, String password) {
            return username(username).password(password);
        }

        /**
         * The From address: {@code contact@example.org} or {@code Séjours Dupont <contact@example.org>}.
         * Defaults to the username when that is an e-mail address.
         */
        public Builder from(String address) {
            this.from = parse(address, "from");
            return this;
        }

        /** The From address with a display name, such as the organiser's name. */
        public Builder from(String address, String displayName) {
            this.from = withName(parse(address, "from"), displayName);
            return this;
        }

        /** Where buyers' replies go; null for the From address. */
        public Builder replyTo(@Nullable String address) {
            this.replyTo = address == null || address.isBlank() ? null : parse(address, "replyTo");
            return this;
        }

        /** The organiser's address for a notice of each paid or refunded reservation; null for none. */
        public Builder operator(@Nullable String address) {
            this.operator = address == null || address.isBlank() ? null : parse(address, "operator");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = timeout;
            return this;
        }

        /** The same value for the connect, read and write timeouts. */
        public Builder timeouts(Duration timeout) {
            return connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout);
        }

        /** The language of the messages (default French). */
        public Builder locale(Locale locale) {
            this.locale = locale;
            return this;
        }

        /**
         * @throws IllegalArgumentException when the host or from address is missing, or a value is out of range
         */
        public SmtpSettings build() {
            return new SmtpSettings(this);
        }
    }
}

package dev.sejour.booking.mail;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads {@link SmtpSettings} from the seed's environment variables and their SMTP_* generalisation. */
final class EnvironmentSettings {

    private EnvironmentSettings() {
    }

    static Optional<SmtpSettings> read(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        String smtpHost = get(env, "SMTP_HOST");
        String gmailUser = get(env, "GMAIL_USER");
        SmtpSettings.Builder builder;
        if (smtpHost != null) {
            builder = smtp(env, smtpHost);
        } else if (gmailUser != null) {
            String pass = get(env, "GMAIL_PASS");
            if (pass == null) {
                throw new IllegalArgumentException("GMAIL_USER is set but GMAIL_PASS is not (use a Google app password)");
            }
            builder = SmtpSettings.gmailBuilder(gmailUser, pass);
        } else {
            return Optional.empty();
        }
        String from = get(env, "MAIL_FROM");
        if (from != null) {
            builder.from(checked(from, "MAIL_FROM"));
        }
        String replyTo = get(env, "MAIL_REPLY_TO");
        if (replyTo != null) {
            builder.replyTo(checked(replyTo, "MAIL_REPLY_TO"));
        }
        String operator = get(env, "MAIL_OPERATOR");
        if (operator != null) {
            builder.operator(checked(operator, "MAIL_OPERATOR"));
        }
        String locale = get(env, "MAIL_LOCALE");
        if (locale != null) {
            builder.locale(locale(locale));
        }
        try {
            return Optional.of(builder.build());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Mail settings from the environment are incomplete: " + e.getMessage(), e);
        }
    }

    private static SmtpSettings.Builder smtp(Map<String, String> env, String host) {
        String portText = get(env, "SMTP_PORT");
        int port = portText == null ? 0 : port(portText);
        String securityText = get(env, "SMTP_SECURITY");
        SmtpSettings.Security security = securityText == null
                ? (port == 465 ? SmtpSettings.Security.SSL : SmtpSettings.Security.STARTTLS)
                : security(securityText);
        String user = get(env, "SMTP_USER");
        String password = get(env, "SMTP_PASSWORD");
        if (user != null && password == null) {
            throw new IllegalArgumentException("SMTP_USER is set but SMTP_PASSWORD is not");
        }
        if (user == null && password != null) {
            throw new IllegalArgumentException("SMTP_PASSWORD is set but SMTP_USER is not");
        }
        if (get(env, "MAIL_FROM") == null && (user == null || !user.contains("@"))) {
            throw new IllegalArgumentException(
                    "SMTP_HOST is set but MAIL_FROM is not, and SMTP_USER is not an e-mail address to send from");
        }
        return SmtpSettings.builder().host(host).port(port).security(security).username(user).password(password);
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the variable's name
        }
        throw new IllegalArgumentException("SMTP_PORT must be a number between 1 and 65535: '" + text + "'");
    }

    private static SmtpSettings.Security security(String text) {
        try {
            return SmtpSettings.Security.valueOf(text.toUpperCase(Locale.ROOT).replace("-", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SMTP_SECURITY must be none, starttls or ssl: '" + text + "'", e);
        }
    }

    private static Locale locale(String tag) {
        try {
            return new Locale.Builder().setLanguageTag(tag.replace('_', '-')).build();
        } catch (IllformedLocaleException e) {
            throw new IllegalArgumentException("MAIL_LOCALE must be a language tag such as fr or en-GB: '" + tag + "'", e);
        }
    }

    /** Parses now so that the error names the variable rather than the builder's parameter. */
    private static String checked(String address, String variable) {
        SmtpSettings.parse(address, variable);
        return address;
    }

    private static @Nullable String get(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}

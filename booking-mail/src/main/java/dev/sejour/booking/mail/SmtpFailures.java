package dev.sejour.booking.mail;

import dev.sejour.booking.spi.NotificationException;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import org.jspecify.annotations.Nullable;

/**
 * Says whether a failed send can succeed later. Only a recipient the server refused for good is permanent;
 * everything else (server down, timeouts, refused login, rejected sender) can be fixed by waiting or by the
 * operator, and the core retries it.
 */
final class SmtpFailures {

    private SmtpFailures() {
    }

    static NotificationException map(MessagingException e, SmtpSettings settings, String reservationId) {
        String server = settings.host() + ":" + settings.port();
        if (e instanceof AuthenticationFailedException) {
            String user = settings.username().orElse("(none)");
            String message = "SMTP authentication failed for user " + user + " on " + server
                    + (settings.host().endsWith("gmail.com") ? " (Gmail needs an app password, not the account's password)" : "")
                    + ": " + scrub(e.getMessage(), settings);
            // A configuration error that waiting may not fix, yet retried like a transient one (the password may
            // be changed meanwhile): not logged here, the core logs this message once per attempt, with its backoff.
            return new NotificationException(message, e, false);
        }
        if (e instanceof SendFailedException failed && refusedRecipientsOnly(failed)) {
            return new NotificationException("The SMTP server " + server + " refused the recipient "
                    + join(failed.getInvalidAddresses()) + ": " + scrub(describe(e), settings), e, true);
        }
        return new NotificationException("Could not send mail through " + server + ": " + scrub(describe(e), settings),
                e, false);
    }

    /** Every recipient refused with a permanent reply (5xx), none merely postponed (4xx) or sent. */
    private static boolean refusedRecipientsOnly(SendFailedException e) {
        return isEmpty(e.getValidSentAddresses()) && isEmpty(e.getValidUnsentAddresses())
                && !isEmpty(e.getInvalidAddresses());
    }

    private static boolean isEmpty(Address[] addresses) {
        return addresses == null || addresses.length == 0;
    }

    private static String join(Address[] addresses) {
        StringBuilder out = new StringBuilder();
        for (Address a : addresses) {
            out.append(out.length() == 0 ? "" : ", ").append(HeaderText.clean(a.toString()));
        }
        return out.toString();
    }

    /** The message and its causes' messages, which hold the server's reply or the network error. */
    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 500; t = t.getCause()) {
            String text = t.getMessage() == null ? t.getClass().getSimpleName() : HeaderText.clean(t.getMessage());
            if (out.indexOf(text) < 0) {
                out.append(out.length() == 0 ? "" : "; ").append(text);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return out.toString();
    }

    /** Removes the password, should a server ever echo it. */
    static String scrub(@Nullable String text, SmtpSettings settings) {
        String password = settings.password();
        if (text == null || password == null || password.length() < 4) {
            return text == null ? "" : text;
        }
        return text.replace(password, "****");
    }
}

package dev.sejour.booking.mail;

import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.spi.NotificationException;
import dev.sejour.booking.spi.Notifier;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the buyer's confirmation or refund notice by SMTP (Jakarta Mail), and a notice to the organiser if
 * {@link SmtpSettings#operator()} is set. Thread-safe; one instance per application.
 *
 * <p>Failures: a recipient address that is invalid, or that the server refuses for good, is a
 * {@link NotificationException#permanent() permanent} failure; everything else (server unreachable,
 * timeout, authentication refused, …) is transient, so the core retries the notification later.
 *
 * <p>The organiser's notice is a separate message, sent on the same connection after the server has
 * accepted the buyer's message (or after the buyer's address was refused for good). Its failure is logged
 * and otherwise ignored: throwing then would make the core send the buyer's message again.
 */
public final class SmtpNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpNotifier.class);

    private final SmtpSettings settings;
    private final MessageComposer composer;
    private final Session session;

    /** With the library's templates. */
    public SmtpNotifier(SmtpSettings settings) {
        this(settings, new DefaultMessageTemplates());
    }

    /** With templates of your own, or the default ones wrapped. */
    public SmtpNotifier(SmtpSettings settings, MessageTemplates templates) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.composer = MessageComposer.of(settings, Objects.requireNonNull(templates, "templates"));
        // One session for the notifier's life: its properties never change. Never the JVM-wide default session.
        this.session = Session.getInstance(sessionProperties(settings));
    }

    /** The composer building this notifier's messages, to preview them. */
    public MessageComposer composer() {
        return composer;
    }

    /** True when the settings have an operator address: disputes are told to it. */
    @Override
    public boolean notifiesOrganiser() {
        return composer.operator().isPresent();
    }

    @Override
    public void notify(Notification notification) {
        if (notification.kind().forOrganiser()) {
            notifyOrganiser(notification);
            return;
        }
        String reservationId = notification.reservation().id();
        MimeMessage message;
        try {
            message = composer.buyerMessage(session, notification);
        } catch (AddressException e) {
            sendOperatorNotice(null, notification, false);
            throw new NotificationException("Invalid buyer e-mail address for reservation " + reservationId + ": "
                    + SmtpFailures.describe(e), e, true);
        } catch (MessagingException e) {
            throw new NotificationException("Could not build the message for reservation " + reservationId + ": "
                    + SmtpFailures.describe(e), e, false);
        }
        Transport transport = null;
        try {
            transport = session.getTransport();
            transport.connect(settings.host(), settings.port(), settings.username().orElse(null), settings.password());
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException e) {
            closeQuietly(transport);
            NotificationException failure = SmtpFailures.map(e, settings, reservationId);
            if (failure.permanent()) {
                sendOperatorNotice(null, notification, false);
            }
            throw failure;
        }
        // The buyer's message is accepted: from here on nothing may throw, or the core would send it again.
        sendOperatorNotice(transport, notification, true);
        closeQuietly(transport);
    }

    /** A dispute notice: to the operator address only; its failure is the notification's (retried). */
    private void notifyOrganiser(Notification notification) {
        String reservationId = notification.reservation().id();
        MimeMessage notice;
        try {
            notice = composer.disputeNotice(session, notification);
        } catch (MessagingException e) {
            throw new NotificationException("Could not build the organiser's notice for reservation " + reservationId
                    + ": " + SmtpFailures.describe(e), e, false);
        }
        Transport transport = null;
        try {
            transport = session.getTransport();
            transport.connect(settings.host(), settings.port(), settings.username().orElse(null), settings.password());
            transport.sendMessage(notice, notice.getAllRecipients());
        } catch (MessagingException e) {
            throw SmtpFailures.map(e, settings, reservationId);
        } finally {
            closeQuietly(transport);
        }
    }

    /** Sends the organiser's notice, on {@code open} if it is still connected; logs a failure, never throws. */
    private void sendOperatorNotice(@Nullable Transport open, Notification notification, boolean buyerReached) {
        if (composer.operator().isEmpty()) {
            return;
        }
        Transport transport = null;
        try {
            Optional<MimeMessage> notice = composer.operatorNotice(session, notification, buyerReached);
            if (notice.isEmpty()) {
                return;
            }
            if (open != null && open.isConnected()) {
                transport = open;
            } else {
                transport = session.getTransport();
                transport.connect(settings.host(), settings.port(), settings.username().orElse(null),
                        settings.password());
            }
            transport.sendMessage(notice.get(), notice.get().getAllRecipients());
        } catch (MessagingException | RuntimeException e) {
            LOG.warn("The organiser's notice for reservation {} ({}) was not sent: {}",
                    notification.reservation().id(), notification.kind(),
                    SmtpFailures.scrub(SmtpFailures.describe(e), settings));
        } finally {
            if (transport != open) {
                closeQuietly(transport);
            }
        }
    }

    private static void closeQuietly(@Nullable Transport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException | RuntimeException ignored) {
            // QUIT failing after the message was accepted changes nothing for the message.
        }
    }

    /** The Jakarta Mail properties for these settings; the password is not among them. */
    static Properties sessionProperties(SmtpSettings settings) {
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", settings.host());
        p.setProperty("mail.smtp.port", String.valueOf(settings.port()));
        p.setProperty("mail.smtp.connectiontimeout", String.valueOf(settings.connectTimeout().toMillis()));
        p.setProperty("mail.smtp.timeout", String.valueOf(settings.readTimeout().toMillis()));
        p.setProperty("mail.smtp.writetimeout", String.valueOf(settings.writeTimeout().toMillis()));
        p.setProperty("mail.smtp.auth", String.valueOf(settings.username().isPresent()));
        // Envelope sender (bounces) = the From address.
        p.setProperty("mail.smtp.from", settings.from().getAddress());
        switch (settings.security()) {
            case STARTTLS -> {
                p.setProperty("mail.smtp.starttls.enable", "true");
                // Without "required", a man in the middle could strip STARTTLS and read the password.
                p.setProperty("mail.smtp.starttls.required", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case SSL -> {
                p.setProperty("mail.smtp.ssl.enable", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case NONE -> {
                // plain text, by choice
            }
        }
        return p;
    }

    @Override
    public String toString() {
        return "SmtpNotifier{" + settings + '}';
    }
}

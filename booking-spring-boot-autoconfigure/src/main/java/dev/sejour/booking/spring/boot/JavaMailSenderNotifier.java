package dev.sejour.booking.spring.boot;

import dev.sejour.booking.mail.MessageComposer;
import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.spi.NotificationException;
import dev.sejour.booking.spi.Notifier;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * The mail module's messages (its {@link MessageComposer}: templates, locale, addresses) sent through Spring's
 * {@link JavaMailSender}, so {@code spring.mail.*} configures the server. Failures follow the mail module's
 * rule: an address that is malformed or refused by the server is a {@link NotificationException#permanent()
 * permanent} failure, anything else (server down, timeout, authentication) is retried later. The organiser's
 * notice, if any, is sent after the buyer's message and its failure only logged, as in {@code SmtpNotifier}.
 */
public final class JavaMailSenderNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(JavaMailSenderNotifier.class);

    private final JavaMailSender sender;
    private final MessageComposer composer;
    // Only to build messages: the sender's own session sends them.
    private final Session session = Session.getInstance(new Properties());

    public JavaMailSenderNotifier(JavaMailSender sender, MessageComposer composer) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.composer = Objects.requireNonNull(composer, "composer");
    }

    /** True when the composer has an operator address: disputes are told to it. */
    @Override
    public boolean notifiesOrganiser() {
        return composer.operator().isPresent();
    }

    @Override
    public void notify(Notification notification) {
        String reservationId = notification.reservation().id();
        if (notification.kind().forOrganiser()) {
            // A dispute notice: to the operator address only; its failure is retried like any notification.
            MimeMessage notice;
            try {
                notice = composer.disputeNotice(session, notification);
            } catch (MessagingException e) {
                throw new NotificationException("Could not build the organiser's notice for reservation "
                        + reservationId, e, false);
            }
            try {
                sender.send(notice);
            } catch (MailException e) {
                throw new NotificationException("Organiser's notice for reservation " + reservationId + " not sent: "
                        + e.getMessage(), e, refusedAddress(e));
            }
            return;
        }
        MimeMessage message;
        try {
            message = composer.buyerMessage(session, notification);
        } catch (AddressException e) {
            sendOperatorNotice(notification, false);
            throw new NotificationException("Invalid buyer e-mail address for reservation " + reservationId, e, true);
        } catch (MessagingException e) {
            throw new NotificationException("Could not build the message for reservation " + reservationId, e, false);
        }
        try {
            sender.send(message);
        } catch (MailException e) {
            boolean permanent = refusedAddress(e);
            if (permanent) {
                sendOperatorNotice(notification, false);
            }
            throw new NotificationException("Mail for reservation " + reservationId + " not sent: " + e.getMessage(),
                    e, permanent);
        }
        sendOperatorNotice(notification, true);
    }

    /** Whether the server refused a recipient for good (the only failure retrying cannot cure). */
    private static boolean refusedAddress(MailException e) {
        if (e instanceof MailAuthenticationException || !(e instanceof MailSendException send)) {
            return false;
        }
        for (Exception cause : send.getFailedMessages().values()) {
            if (cause instanceof SendFailedException failed && failed.getInvalidAddresses() != null
                    && failed.getInvalidAddresses().length > 0) {
                return true;
            }
        }
        return false;
    }

    private void sendOperatorNotice(Notification notification, boolean buyerReached) {
        if (composer.operator().isEmpty()) {
            return;
        }
        try {
            Optional<MimeMessage> notice = composer.operatorNotice(session, notification, buyerReached);
            if (notice.isPresent()) {
                sender.send(notice.get());
            }
        } catch (MessagingException | RuntimeException e) {
            // Throwing now would make the core send the buyer's message again.
            LOG.warn("The organiser's notice for reservation {} ({}) was not sent: {}",
                    notification.reservation().id(), notification.kind(), e.toString());
        }
    }

    @Override
    public String toString() {
        return "JavaMailSenderNotifier{" + sender + '}';
    }
}

package dev.sejour.booking.mail;

import dev.sejour.booking.spi.Notification;
import java.util.Locale;

/**
 * Writes the messages. Implement it to change the wording or the look; wrap {@link DefaultMessageTemplates}
 * to change only part of it. An implementation must escape every user-supplied value it puts in HTML
 * ({@link MailFormat#escapeHtml(String)}); headers are made safe by the {@link MessageComposer}.
 */
public interface MessageTemplates {

    /** The message to the buyer: the confirmation, or the refund notice, according to the notification's kind. */
    MailContent buyerMessage(Notification notification, Locale locale);

    /**
     * The notice to the organiser (the operator address) about the same event.
     *
     * @param buyerReached false when the buyer's address was refused for good, so the organiser should
     *     contact the buyer some other way
     */
    MailContent operatorNotice(Notification notification, Locale locale, boolean buyerReached);

    /**
     * The notice to the organiser of a dispute on a reservation's payment ({@code DISPUTE_OPENED}, or
     * {@code DISPUTE_CLOSED} with its outcome in {@code notification.reservation().dispute().status()}).
     * Default: the library's wording ({@link DefaultMessageTemplates}), so templates written before disputes
     * existed keep working.
     */
    default MailContent disputeNotice(Notification notification, Locale locale) {
        return new DefaultMessageTemplates().disputeNotice(notification, locale);
    }
}

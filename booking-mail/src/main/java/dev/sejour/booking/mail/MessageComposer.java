package dev.sejour.booking.mail;

import dev.sejour.booking.Reservation;
import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.spi.NotificationException;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link Notification} into MIME messages: the buyer's message and the organiser's notice, each
 * {@code multipart/alternative} (text then HTML, UTF-8), with safe headers. Used by {@link SmtpNotifier}
 * and {@link EmlOutboxNotifier}; an application may also use it to preview messages.
 *
 * <p>Safety: the buyer's address is parsed strictly (one RFC 822 address, no control characters) and a bad
 * one is an {@link AddressException}; line breaks are removed from the subject and display names, so no
 * user-supplied value can add a header.
 *
 * <p>The {@code Message-ID} is derived from the reservation and the kind of message, so a message sent
 * again after a retry carries the same id, which lets mail clients that de-duplicate show it once.
 */
public final class MessageComposer {

    private static final Pattern NOT_ID_SAFE = Pattern.compile("[^A-Za-z0-9._-]");
    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private final InternetAddress from;
    private final @Nullable InternetAddress replyTo;
    private final @Nullable InternetAddress operator;
    private final Locale locale;
    private final MessageTemplates templates;
    private final Clock clock;

    private MessageComposer(Builder b) {
        this.from = Objects.requireNonNull(b.from, "from");
        this.replyTo = b.replyTo;
        this.operator = b.operator;
        this.locale = Objects.requireNonNull(b.locale, "locale");
        this.templates = Objects.requireNonNull(b.templates, "templates");
        this.clock = Objects.requireNonNull(b.clock, "clock");
    }

    /** A builder: French, the default templates, the system clock; the from address is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The composer for these settings' addresses and locale, with these templates. */
    public static MessageComposer of(SmtpSettings settings, MessageTemplates templates) {
        Builder b = builder().templates(templates).locale(settings.locale());
        b.from = settings.from();
        b.replyTo = settings.replyTo().orElse(null);
        b.operator = settings.operator().orElse(null);
        return b.build();
    }

    /**
     * The message to the buyer.
     *
     * @throws AddressException when the buyer's address is not one valid address: retrying cannot help
     * @throws MessagingException when the message cannot be built
     */
    public MimeMessage buyerMessage(Session session, Notification notification) throws MessagingException {
        Reservation r = notification.reservation();
        InternetAddress to = SmtpSettings.withName(buyerAddress(r.buyer().email()),
                MailFormat.buyerName(r.buyer()));
        MailContent content = templates.buyerMessage(notification, locale);
        MimeMessage message = newMessage(session, messageId(notification, ""));
        if (replyTo != null) {
            message.setReplyTo(new Address[] {SmtpSettings.copy(replyTo)});
        }
        message.setRecipient(Message.RecipientType.TO, to);
        return finish(message, content);
    }

    /**
     * The notice to the organiser, if an operator address is set.
     *
     * @param buyerReached false when the buyer's address was refused for good
     */
    public Optional<MimeMessage> operatorNotice(Session session, Notification notification, boolean buyerReached)
            throws MessagingException {
        if (operator == null) {
            return Optional.empty();
        }
        MailContent content = templates.operatorNotice(notification, locale, buyerReached);
        MimeMessage message = newMessage(session, messageId(notification, ".operator"));
        // The organiser's "reply" goes to the buyer, when the buyer has a usable address.
        try {
            Reservation r = notification.reservation();
            message.setReplyTo(new Address[] {SmtpSettings.withName(buyerAddress(r.buyer().email()),
                    MailFormat.buyerName(r.buyer()))});
        } catch (AddressException unusable) {
            // Replies then go to From, which is fine for a notice.
        }
        message.setRecipient(Message.RecipientType.TO, SmtpSettings.copy(operator));
        return Optional.of(finish(message, content));
    }

    /**
     * The organiser's notice of a dispute ({@link Notification.Kind#forOrganiser()}), to the operator address.
     * Replies go to the buyer when their address is usable.
     *
     * @throws NotificationException permanent: no operator address is set (a notifier that says it
     *     {@code notifiesOrganiser()} has one, so the core never asks then)
     * @throws MessagingException the message could not be built
     */
    public MimeMessage disputeNotice(Session session, Notification notification) throws MessagingException {
        if (operator == null) {
            throw new NotificationException("No operator address to tell the organiser of reservation "
                    + notification.reservation().id() + " (" + notification.kind() + ")", null, true);
        }
        if (!notification.kind().forOrganiser()) {
            throw new IllegalArgumentException("not a notice for the organiser: " + notification.kind());
        }
        MailContent content = templates.disputeNotice(notification, locale);
        Reservation r = notification.reservation();
        String dispute = r.dispute() == null ? "" : "." + r.dispute().status();
        MimeMessage message = newMessage(session, messageId(notification, dispute));
        try {
            message.setReplyTo(new Address[] {SmtpSettings.withName(buyerAddress(r.buyer().email()),
                    MailFormat.buyerName(r.buyer()))});
        } catch (AddressException unusable) {
            // Replies then go to From.
        }
        message.setRecipient(Message.RecipientType.TO, SmtpSettings.copy(operator));
        return finish(message, content);
    }

    /** The organiser's address, if notices are sent. */
    public Optional<InternetAddress> operator() {
        return Optional.ofNullable(operator).map(SmtpSettings::copy);
    }

    /** The language of the messages. */
    public Locale locale() {
        return locale;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Parses the buyer's address strictly: exactly one address, no line break or other control character,
     * no group. A display name the buyer typed ({@code Eve <eve@example.com>}) is dropped: ours is used.
     */
    static InternetAddress buyerAddress(String email) throws AddressException {
        try {
            return new InternetAddress(Addresses.strict(email).getAddress(), true);
        } catch (AddressException e) {
            throw new AddressException("the buyer's e-mail address is not usable: " + e.getMessage(),
                    HeaderText.clean(email));
        }
    }

    private MimeMessage newMessage(Session session, String messageId) throws MessagingException {
        MimeMessage message = new StableIdMessage(session, messageId);
        message.setFrom(SmtpSettings.copy(from));
        message.setSentDate(Date.from(clock.instant()));
        // RFC 3834: an automatic message; out-of-office replies must not answer it.
        message.setHeader("Auto-Submitted", "auto-generated");
        return message;
    }

    private static MimeMessage finish(MimeMessage message, MailContent content) throws MessagingException {
        message.setSubject(HeaderText.clean(content.subject()), UTF_8);
        if (content.html() == null) {
            message.setText(content.text(), UTF_8, "plain");
        } else {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(content.text(), UTF_8, "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(content.html(), UTF_8, "html");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
        }
        message.saveChanges();
        return message;
    }

    private String messageId(Notification notification, String suffix) {
        String domain = from.getAddress().substring(from.getAddress().lastIndexOf('@') + 1);
        String id = NOT_ID_SAFE.matcher(notification.reservation().id()).replaceAll("_");
        return "<" + id + "." + notification.kind().name().toLowerCase(Locale.ROOT) + suffix + "@"
                + NOT_ID_SAFE.matcher(domain).replaceAll("_") + ">";
    }

    /** A message whose Message-ID is given rather than random. */
    private static final class StableIdMessage extends MimeMessage {
        private final String messageId;

        StableIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    /** Builds a {@link MessageComposer}; every method returns this builder. */
    public static final class Builder {
        private @Nullable InternetAddress from;
        private @Nullable InternetAddress replyTo;
        private @Nullable InternetAddress operator;
        private Locale locale = Locale.FRENCH;
        private MessageTemplates templates = new DefaultMessageTemplates();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** {@code contact@example.org} or {@code Séjours Dupont <contact@example.org>}. */
        public Builder from(String address) {
            this.from = SmtpSettings.parse(address, "from");
            return this;
        }

        public Builder from(String address, String displayName) {
            this.from = SmtpSettings.withName(SmtpSettings.parse(address, "from"), displayName);
            return this;
        }

        /** Where buyers' replies go; null or blank for the from address. */
        public Builder replyTo(@Nullable String address) {
            this.replyTo = address == null || address.isBlank() ? null : SmtpSettings.parse(address, "replyTo");
            return this;
        }

        /** The organiser's address, for a notice of each paid or refunded reservation; null or blank for none. */
        public Builder operator(@Nullable String address) {
            this.operator = address == null || address.isBlank() ? null : SmtpSettings.parse(address, "operator");
            return this;
        }

        public Builder locale(Locale locale) {
            this.locale = locale;
            return this;
        }

        public Builder templates(MessageTemplates templates) {
            this.templates = templates;
            return this;
        }

        /** The clock for the Date header and outbox file names. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** @throws NullPointerException when no from address was given */
        public MessageComposer build() {
            return new MessageComposer(this);
        }
    }
}

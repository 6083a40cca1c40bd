package dev.sejour.booking.mail;

import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.spi.Notification;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Notifications and helpers shared by the tests. */
final class Fixtures {

    static final String TITLE = "Yoga à Ærøskøbing 🧘";
    static final String SLUG = "yoga_aerøskøbing";
    static final String RESERVATION_ID = "res_0123456789abcdefghijklmn";
    static final String FROM = "contact@sejours.example";
    static final String REPLY_TO = "reponses@sejours.example";
    static final String OPERATOR = "organisatrice@sejours.example";
    static final String BUYER_EMAIL = "zoe@example.com";
    /** 1 800,00 € as Java 17's CLDR data writes it in French: U+202F groups digits, U+00A0 precedes €. */
    static final String AMOUNT_FR = "1\u202f800,00\u00a0€";

    private Fixtures() {
    }

    static Buyer zoe() {
        return new Buyer("Lefèvre-Dupont", "Zoé", BUYER_EMAIL);
    }

    static Reservation reservation(Buyer buyer, Money amount, ReservationStatus status) {
        Instant created = Instant.parse("2026-11-05T10:15:00Z");
        return new Reservation(RESERVATION_ID, SLUG, buyer, 2, amount, status, "cs_test_abc", "pi_test_abc",
                created, created.plus(Duration.ofMinutes(31)), created.plusSeconds(60), null);
    }

    static Notification confirmation() {
        return confirmation(zoe(), Money.of(180_000, "eur"), TITLE);
    }

    static Notification confirmation(Buyer buyer, Money amount, String title) {
        return new Notification(Notification.Kind.CONFIRMATION, reservation(buyer, amount, ReservationStatus.PAID),
                title);
    }

    static Notification refund() {
        return new Notification(Notification.Kind.REFUND,
                reservation(zoe(), Money.of(180_000, "eur"), ReservationStatus.REFUNDED), TITLE);
    }

    static final String DISPUTE_ID = "du_test_0123456789";

    /** The organiser's notice of a dispute on Zoé's paid reservation, open or closed with {@code status}. */
    static Notification dispute(String status, boolean closed) {
        Instant opened = Instant.parse("2026-11-20T09:00:00Z");
        dev.sejour.booking.Dispute dispute = new dev.sejour.booking.Dispute(DISPUTE_ID, status, "fraudulent",
                Money.of(180_000, "eur"), opened, closed ? opened.plus(Duration.ofDays(40)) : null);
        return new Notification(closed ? Notification.Kind.DISPUTE_CLOSED : Notification.Kind.DISPUTE_OPENED,
                reservation(zoe(), Money.of(180_000, "eur"), ReservationStatus.PAID).withDispute(dispute), TITLE);
    }

    /** The text and HTML parts of a multipart/alternative message, decoded. */
    record Parts(String text, String html) {
    }

    static Parts parts(MimeMessage message) throws MessagingException, IOException {
        assert message.isMimeType("multipart/alternative") : message.getContentType();
        MimeMultipart multipart = (MimeMultipart) message.getContent();
        String text = null;
        String html = null;
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType("text/plain")) {
                text = (String) part.getContent();
            } else if (part.isMimeType("text/html")) {
                html = (String) part.getContent();
            }
        }
        return new Parts(text, html);
    }

    /** The message as it travels, to look at the raw headers. */
    static String raw(MimeMessage message) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }
}

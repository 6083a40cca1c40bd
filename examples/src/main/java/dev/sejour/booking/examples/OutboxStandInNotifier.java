package dev.sejour.booking.examples;

import dev.sejour.booking.Reservation;
import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.spi.NotificationException;
import dev.sejour.booking.spi.Notifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.UUID;

/**
 * STAND-IN until booking-mail's outbox notifier lands: writes each email as a plain-text {@code .eml}
 * file, so the example shows what the buyer would receive without an SMTP server.
 */
final class OutboxStandInNotifier implements Notifier {

    private final Path dir;
    private final String from;

    OutboxStandInNotifier(Path dir, String from) {
        this.dir = dir;
        this.from = from;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the outbox " + dir, e);
        }
    }

    @Override
    public void notify(Notification notification) {
        Reservation r = notification.reservation();
        boolean refund = notification.kind() == Notification.Kind.REFUND;
        String subject = (refund ? "Remboursement : " : "Confirmation de réservation : ") + notification.sejourTitle();
        String amount = BigDecimal.valueOf(r.amount().minorUnits(), 2).toPlainString().replace('.', ',') + " "
                + r.amount().currency().toUpperCase(java.util.Locale.ROOT);
        String body = "Bonjour " + r.buyer().firstName() + " " + r.buyer().lastName() + ",\r\n\r\n"
                + (refund
                        ? "Votre paiement de " + amount + " pour « " + notification.sejourTitle() + " » vous a été remboursé.\r\n"
                        : "Votre réservation de " + r.places() + " place(s) pour « " + notification.sejourTitle()
                                + " » est confirmée.\r\nMontant payé : " + amount + "\r\n")
                + "Référence : " + r.id() + "\r\n";
        String eml = "From: " + from + "\r\n"
                + "To: " + r.buyer().email() + "\r\n"
                + "Subject: =?UTF-8?B?" + Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8))
                + "?=\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@booking-example>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n"
                + body;
        String name = r.id() + "-" + notification.kind().name().toLowerCase(java.util.Locale.ROOT) + ".eml";
        try {
            Path tmp = Files.createTempFile(dir, ".writing-", ".tmp");
            Files.writeString(tmp, eml, StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new NotificationException("cannot write " + name + " to the outbox", e);
        }
    }
}

package dev.sejour.booking.mail;

import static dev.sejour.booking.mail.Fixtures.AMOUNT_FR;
import static dev.sejour.booking.mail.Fixtures.BUYER_EMAIL;
import static dev.sejour.booking.mail.Fixtures.RESERVATION_ID;
import static dev.sejour.booking.mail.Fixtures.TITLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import dev.sejour.booking.spi.NotificationException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmlOutboxNotifierTest {

    @TempDir
    Path temp;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-05T10:16:30.250Z"), ZoneOffset.UTC);

    private EmlOutboxNotifier outbox(Path dir, String operator) {
        return new EmlOutboxNotifier(dir, MessageComposer.builder().from(Fixtures.FROM, "Séjours Dupont")
                .operator(operator).clock(clock).build());
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void writesAParseableEmlInADirectoryItCreates() throws Exception {
        Path dir = temp.resolve("outbox/nested");
        outbox(dir, null).notify(Fixtures.confirmation());

        Path expected = dir.resolve(RESERVATION_ID + "-confirmation.eml");
        assertThat(files(dir)).containsExactly(expected);
        MimeMessage message;
        try (InputStream in = Files.newInputStream(expected)) {
            message = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertThat(message.getSubject()).isEqualTo("Réservation confirmée\u00a0: " + TITLE);
        assertThat(message.getAllRecipients()).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly(BUYER_EMAIL);
        assertThat(message.getSentDate().toInstant()).isEqualTo(Instant.parse("2026-11-05T10:16:30Z"));
        Fixtures.Parts parts = Fixtures.parts(message);
        assertThat(parts.text()).contains(AMOUNT_FR, "Zoé Lefèvre-Dupont");
        assertThat(parts.html()).contains(AMOUNT_FR, TITLE);
    }

    @Test
    void writesTheOperatorNoticeBesideIt() throws Exception {
        outbox(temp, Fixtures.OPERATOR).notify(Fixtures.refund());

        assertThat(files(temp)).extracting(p -> p.getFileName().toString()).containsExactly(
                RESERVATION_ID + "-refund-operator.eml",
                RESERVATION_ID + "-refund.eml");
    }

    @Test
    void invalidBuyerAddressIsPermanentAndOnlyTheOperatorNoticeIsWritten() throws Exception {
        Buyer eve = new Buyer("Eve", "Eve", "eve@example.com\nBcc: victim@example.com");

        NotificationException e = catchThrowableOfType(NotificationException.class,
                () -> outbox(temp, Fixtures.OPERATOR).notify(Fixtures.confirmation(eve, Money.of(900, "eur"), "Stage")));

        assertThat(e.permanent()).isTrue();
        assertThat(files(temp)).extracting(p -> p.getFileName().toString())
                .containsExactly(RESERVATION_ID + "-confirmation-operator.eml");
        assertThat(Files.readString(files(temp).get(0))).contains("Attention");
    }

    @Test
    void aSecondDeliveryOfTheSameNotificationWritesNoSecondFile() throws Exception {
        EmlOutboxNotifier outbox = outbox(temp, Fixtures.OPERATOR);
        outbox.notify(Fixtures.confirmation());
        Path file = temp.resolve(RESERVATION_ID + "-confirmation.eml");
        String first = Files.readString(file);

        outbox(temp, Fixtures.OPERATOR).notify(Fixtures.confirmation()); // a redelivery, or a restarted process

        assertThat(files(temp)).extracting(p -> p.getFileName().toString()).containsExactly(
                RESERVATION_ID + "-confirmation-operator.eml", RESERVATION_ID + "-confirmation.eml");
        assertThat(Files.readString(file)).isEqualTo(first);
    }

    @Test
    void aProcessKilledWhileWritingLeavesNoPartialEmlAndTheRetryWritesIt() throws Exception {
        // What a kill in the middle of a write leaves: a hidden temporary file, never the .eml itself.
        Files.writeString(temp.resolve("." + RESERVATION_ID + "-confirmation.eml123.part"), "Subject: half");

        outbox(temp, null).notify(Fixtures.confirmation());

        assertThat(files(temp)).extracting(p -> p.getFileName().toString()).filteredOn(n -> n.endsWith(".eml"))
                .containsExactly(RESERVATION_ID + "-confirmation.eml");
        assertThat(Files.readString(temp.resolve(RESERVATION_ID + "-confirmation.eml"))).contains("Subject:");
    }

    @Test
    void concurrentDeliveriesOfOneNotificationLeaveOneFile() throws Exception {
        EmlOutboxNotifier outbox = outbox(temp, null);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                all.add(pool.submit(() -> outbox.notify(Fixtures.confirmation())));
            }
            for (java.util.concurrent.Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(files(temp)).extracting(p -> p.getFileName().toString())
                .containsExactly(RESERVATION_ID + "-confirmation.eml");
    }

    @Test
    void unwritableDirectoryIsTransient() throws Exception {
        Path file = Files.writeString(temp.resolve("not-a-directory"), "x");

        NotificationException e = catchThrowableOfType(NotificationException.class,
                () -> outbox(file, null).notify(Fixtures.confirmation()));

        assertThat(e.permanent()).isFalse();
    }
}

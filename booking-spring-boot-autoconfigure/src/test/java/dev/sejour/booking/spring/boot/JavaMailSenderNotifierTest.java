package dev.sejour.booking.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.mail.MessageComposer;
import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.spi.NotificationException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** The mail module's messages through Spring's JavaMailSender, against real SMTP servers, and its failure rule. */
class JavaMailSenderNotifierTest {

    private static final MessageComposer COMPOSER = MessageComposer.builder().from("contact@sejours.example.org")
            .operator("organisatrice@sejours.example.org").build();

    @Test
    void sendsTheBuyersMessageAndTheOrganisersNotice() throws Exception {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        try {
            new JavaMailSenderNotifier(sender(mail.getSmtp().getPort()), COMPOSER).notify(confirmation());
            assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
            assertThat(mail.getReceivedMessages()).extracting(m -> ((jakarta.mail.internet.InternetAddress) m.getAllRecipients()[0]).getAddress())
                    .containsExactlyInAnyOrder("zoe@example.com", "organisatrice@sejours.example.org");
        } finally {
            mail.stop();
        }
    }

    @Test
    void aRecipientRefusedForGoodIsPermanentAndAnUnreachableServerIsNot() throws Exception {
        try (ServerSocket refusing = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> refuseRecipients(refusing), "refusing-smtp");
            server.setDaemon(true);
            server.start();
            NotificationException refused = catchThrowableOfType(NotificationException.class,
                    () -> new JavaMailSenderNotifier(sender(refusing.getLocalPort()), COMPOSER).notify(confirmation()));
            assertThat(refused.permanent()).as(refused.getMessage()).isTrue();
        }
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        NotificationException unreachable = catchThrowableOfType(NotificationException.class,
                () -> new JavaMailSenderNotifier(sender(closedPort), COMPOSER).notify(confirmation()));
        assertThat(unreachable.permanent()).isFalse();
    }

    /** An SMTP server that refuses every recipient with 550 (a mailbox that does not exist). */
    private static void refuseRecipients(ServerSocket socket) {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                         StandardCharsets.US_ASCII));
                 Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII)) {
                out.write("220 refusing.test ESMTP\r\n");
                out.flush();
                String line;
                while ((line = in.readLine()) != null) {
                    String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
                    String reply = switch (command) {
                        case "EHLO", "HELO" -> "250 refusing.test";
                        case "RCPT" -> "550 5.1.1 No such user here";
                        case "QUIT" -> "221 bye";
                        default -> "250 OK";
                    };
                    out.write(reply + "\r\n");
                    out.flush();
                    if (command.equals("QUIT")) {
                        break;
                    }
                }
            } catch (java.io.IOException e) {
                return;
            }
        }
    }

    private static JavaMailSenderImpl sender(int port) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.connectiontimeout", "5000");
        properties.setProperty("mail.smtp.timeout", "5000");
        sender.setJavaMailProperties(properties);
        return sender;
    }

    private static Notification confirmation() {
        Instant created = Instant.parse("2026-11-05T10:15:00Z");
        Reservation paid = new Reservation("res_0123456789abcdefghijklmn", "yoga", new Buyer("Lefèvre", "Zoé",
                "zoe@example.com"), 2, Money.of(180_000, "eur"), ReservationStatus.PAID, "cs_test_abc", "pi_test_abc",
                created, created.plus(Duration.ofMinutes(31)), created.plusSeconds(60), null);
        return new Notification(Notification.Kind.CONFIRMATION, paid, "Yoga");
    }
}

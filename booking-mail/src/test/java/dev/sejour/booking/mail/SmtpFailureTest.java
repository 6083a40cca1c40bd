package dev.sejour.booking.mail;

import static dev.sejour.booking.mail.Fixtures.BUYER_EMAIL;
import static dev.sejour.booking.mail.Fixtures.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import dev.sejour.booking.spi.NotificationException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpFailureTest {

    private static SmtpSettings.Builder local(int port) {
        return SmtpSettings.builder()
                .host("127.0.0.1")
                .port(port)
                .security(SmtpSettings.Security.NONE)
                .from(Fixtures.FROM)
                .timeouts(Duration.ofMillis(500));
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Test
    void serverDownIsTransientAndQuickThenOneMessageOnceItIsUp() throws Exception {
        int port = freePort();
        SmtpNotifier notifier = new SmtpNotifier(local(port).build());

        long start = System.nanoTime();
        NotificationException down = catchThrowableOfType(NotificationException.class,
                () -> notifier.notify(Fixtures.confirmation()));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10)); // bounded, not infinite: the timeout is 500 ms
        assertThat(down.permanent()).isFalse();
        assertThat(down.getMessage()).contains("Could not send mail through 127.0.0.1:" + port);

        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        try {
            notifier.notify(Fixtures.confirmation());
            assertThat(server.getReceivedMessages()).hasSize(1);
        } finally {
            server.stop();
        }
    }

    @Test
    void silentServerTimesOutAsTransient() throws Exception {
        // The kernel accepts the connection; nobody ever says hello.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SmtpNotifier notifier = new SmtpNotifier(local(silent.getLocalPort()).build());

            long start = System.nanoTime();
            NotificationException e = catchThrowableOfType(NotificationException.class,
                    () -> notifier.notify(Fixtures.confirmation()));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10)); // bounded, not infinite: the timeout is 500 ms
            assertThat(e.permanent()).isFalse();
        }
    }

    @Test
    void recipientRefusedForGoodIsPermanentAndTheOperatorIsTold() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(
                address -> address.equals(BUYER_EMAIL) ? "550 5.1.1 No such user" : "250 OK")) {
            SmtpNotifier notifier = new SmtpNotifier(local(server.port()).operator(OPERATOR).build());

            NotificationException e = catchThrowableOfType(NotificationException.class,
                    () -> notifier.notify(Fixtures.confirmation()));

            assertThat(e.permanent()).isTrue();
            assertThat(e.getMessage()).contains("refused the recipient", BUYER_EMAIL, "550 5.1.1 No such user");
            assertThat(server.delivered()).containsExactly(List.of(OPERATOR));
        }
    }

    @Test
    void recipientPostponedIsTransient() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(address -> "450 4.2.1 Try again later")) {
            SmtpNotifier notifier = new SmtpNotifier(local(server.port()).build());

            NotificationException e = catchThrowableOfType(NotificationException.class,
                    () -> notifier.notify(Fixtures.confirmation()));

            assertThat(e.permanent()).isFalse();
            assertThat(server.delivered()).isEmpty();
        }
    }

    @Test
    void operatorNoticeFailureDoesNotFailTheBuyersMessage() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(
                address -> address.equals(OPERATOR) ? "550 5.1.1 No such user" : "250 OK")) {
            SmtpNotifier notifier = new SmtpNotifier(local(server.port()).operator(OPERATOR).build());

            notifier.notify(Fixtures.confirmation());

            assertThat(server.delivered()).containsExactly(List.of(BUYER_EMAIL));
        }
    }

    @Test
    void hostileBuyerAddressIsPermanentAndNothingIsSentToIt() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(address -> "250 OK")) {
            SmtpNotifier notifier = new SmtpNotifier(local(server.port()).build());
            for (String hostile : List.of("eve@example.com\r\nBcc: victim@example.com",
                    "eve@example.com, victim@example.com", "Eve: victim@example.com;", "not an address", "zoé@exemple.fr", "")) {
                Buyer eve = new Buyer("Eve", "Eve", hostile);

                NotificationException e = catchThrowableOfType(NotificationException.class,
                        () -> notifier.notify(Fixtures.confirmation(eve, Money.of(900, "eur"), "Stage")));

                assertThat(e.permanent()).as(hostile).isTrue();
                assertThat(e.getMessage()).as(hostile).startsWith("Invalid buyer e-mail address").doesNotContain("\r", "\n");
            }
            assertThat(server.delivered()).isEmpty();
        }
    }
}

package dev.sejour.booking.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.sejour.booking.BookingService;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.HoldOutcome;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.Transition;
import dev.sejour.booking.spi.TransitionOutcome;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.MutableClock;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The notifier under the core's dispatcher: a failed send is retried once its backoff ended, and the buyer
 * gets one message.
 */
class BookingServiceDeliveryTest {

    @Test
    void aConfirmationThatFailedWhileSmtpWasDownIsSentOnceWhenItIsBack() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        BookingStores stores = BookingStores.inMemory();
        stores.sejours().save(new Sejour(Fixtures.SLUG, Fixtures.TITLE, Money.of(90_000, "eur"), 10));
        MutableClock clock = MutableClock.startingNow();
        Instant now = clock.instant();
        Reservation hold = Reservation.pending(Fixtures.RESERVATION_ID, Fixtures.SLUG, Fixtures.zoe(), 2,
                Money.of(180_000, "eur"), now, now.plus(Duration.ofMinutes(31)));
        assertThat(stores.reservations().insertHold(hold)).isEqualTo(HoldOutcome.HELD);
        assertThat(stores.reservations().transition(Transition.of(hold.id(), ReservationStatus.PENDING,
                ReservationStatus.PAID, 0, now))).isEqualTo(TransitionOutcome.APPLIED);

        SmtpNotifier notifier = new SmtpNotifier(SmtpSettings.builder().host("127.0.0.1").port(port)
                .security(SmtpSettings.Security.NONE).from(Fixtures.FROM).timeouts(Duration.ofSeconds(1)).build());
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        try (BookingService service = BookingService.builder()
                .stores(stores.sejours(), stores.reservations())
                .notifier(notifier)
                .stripeSecretKey("sk_test_mail")
                .webhookSecret("whsec_mail")
                .baseUrl("http://localhost:8080")
                .clock(clock)
                .build()) {

            assertThat(service.retryPendingNotifications()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> ((NotificationOutbox) stores.reservations()).notificationAttempts(hold.id()) == 1);
            assertThat(stores.reservations().findById(hold.id()).orElseThrow().notifiedAt()).isNull();

            smtp.start();
            assertThat(service.retryPendingNotifications()).as("still backing off").isZero();
            clock.advance(Duration.ofSeconds(37));
            assertThat(service.retryPendingNotifications()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> service.notificationsInFlight() == 0);
            assertThat(service.retryPendingNotifications()).isZero();
            assertThat(smtp.getReceivedMessages()).hasSize(1);
            assertThat(stores.reservations().findById(hold.id()).orElseThrow().notifiedAt()).isNotNull();
        } finally {
            smtp.stop();
        }
    }
}

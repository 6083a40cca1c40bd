package dev.sejour.booking.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.sejour.booking.Money;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.mail.SmtpNotifier;
import dev.sejour.booking.mail.SmtpSettings;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.MutableClock;
import dev.sejour.booking.testkit.RecordingNotifier;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The mail server down for a while: payments are still accepted (the reservation is {@code payee}), the
 * confirmation fails once and waits for its backoff (redeliveries of the event do not bypass it), and once
 * the server is back and the backoff ended, {@code retryPendingNotifications} sends exactly one email per
 * buyer, whatever the number of deliveries of the payment event meanwhile. Real SMTP: the mail
 * module's {@link SmtpNotifier} against GreenMail, started late on the port it was pointed at.
 */
@ExtendWith(LogAudit.class)
class NotificationFaultsTest {

    static final int BUYERS = 6;

    @Test
    void smtpDownForAWhileEndsWithExactlyOneEmailPerPaidReservation() throws Exception {
        Summary summary = Summary.of("NotificationFaultsTest(h2)");
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        MutableClock clock = MutableClock.startingNow();
        SmtpNotifier smtp = new SmtpNotifier(SmtpSettings.builder().host("127.0.0.1").port(port)
                .security(SmtpSettings.Security.NONE).from("reservations@sejours.example", "Séjours")
                .timeouts(Duration.ofSeconds(3)).build());
        RecordingNotifier sent = new RecordingNotifier();
        GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (Backend backend = Backend.jdbc(TestDatabase.Kind.H2);
             StripeSimulator stripe = StripeSimulator.builder().clock(clock).apiKey(BookingNode.SECRET_KEY)
                     .autoDeliver(false).start();
             Http http = new Http()) {
            BookingStores stores = backend.newInstanceStores();
            BookingNode node = BookingNode.start("smtp", stores,
                    BookingNode.defaults(stores, stripe, clock, notification -> {
                        smtp.notify(notification);
                        sent.notify(notification);
                    }).build(), sent);
            try {
                String slug = "smtp-down";
                backend.checkStores().sejours().save(new Sejour(slug, "Courrier", Money.of(15_000, "eur"), BUYERS));
                List<String> ids = new ArrayList<>();
                List<SimulatedEvent> events = new ArrayList<>();
                for (int i = 0; i < BUYERS; i++) {
                    Http.Answer answer = http.checkout(node, Http.buyer(slug, 1, i));
                    ids.add(answer.json().path("reservationId").asText());
                    events.add(stripe.pay(answer.json().path("sessionId").asText()));
                }
                // SMTP is down: every payment is still taken, three times over, from three threads at once.
                int deliveries = deliverEachConcurrently(http, node, events, clock, pool, 3);
                for (String id : ids) {
                    assertThat(backend.checkStores().reservations().findById(id).orElseThrow().status())
                            .isEqualTo(ReservationStatus.PAID);
                }
                node.settle();
                assertThat(sent.delivered()).isEmpty();
                for (String id : ids) {
                    assertThat(outbox(backend).notificationAttempts(id)).as("attempts of %s", id)
                            .isEqualTo(1);
                }
                assertThat(node.service.retryPendingNotifications()).as("backing off").isZero();

                greenMail.start();
                assertThat(node.service.retryPendingNotifications()).as("still backing off").isZero();
                clock.advance(Duration.ofSeconds(37)); // past the first wait, 30 s plus at most a fifth
                assertThat(node.service.retryPendingNotifications()).isEqualTo(BUYERS);
                node.settle();
                // Stripe keeps retrying meanwhile; the periodic retry keeps running: nothing more is sent.
                deliveries += deliverEachConcurrently(http, node, events, clock, pool, 2);
                node.settle();
                clock.advance(Duration.ofMinutes(5));
                assertThat(node.service.retryPendingNotifications()).isZero();
                node.settle();

                MimeMessage[] received = greenMail.getReceivedMessages();
                assertThat(received).hasSize(BUYERS);
                List<String> recipients = new ArrayList<>();
                for (MimeMessage message : received) {
                    recipients.add(((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress());
                }
                assertThat(recipients).doesNotHaveDuplicates().hasSize(BUYERS);
                Invariants.check(backend.checkStores(), slug, BUYERS, stripe, List.of(sent), ids);
                summary.put("paid", BUYERS).put("deliveries", deliveries).put("smtpDownAttempts", BUYERS)
                        .put("emails", received.length);
            } finally {
                node.close();
            }
        } finally {
            greenMail.stop();
            pool.shutdownNow();
        }
        summary.print();
    }

    private static int deliverEachConcurrently(Http http, BookingNode node, List<SimulatedEvent> events,
                                               MutableClock clock, ExecutorService pool, int times) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Answer>> answers = new ArrayList<>();
        for (SimulatedEvent event : events) {
            for (int k = 0; k < times; k++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return http.deliver(node, event, clock.instant());
                }));
            }
        }
        go.countDown();
        for (Future<Http.Answer> answer : answers) {
            assertThat(answer.get().status()).as("%s", answer.get()).isEqualTo(200);
        }
        return answers.size();
    }

    /** The outbox of the check stores: their reservation store, as with every shipped store. */
    private static NotificationOutbox outbox(Backend backend) {
        return (NotificationOutbox) backend.checkStores().reservations();
    }
}

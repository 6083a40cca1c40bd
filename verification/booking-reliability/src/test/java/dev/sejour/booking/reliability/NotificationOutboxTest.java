package dev.sejour.booking.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.sejour.booking.BookingService;
import dev.sejour.booking.Money;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.mail.SmtpNotifier;
import dev.sejour.booking.mail.SmtpSettings;
import dev.sejour.booking.spi.FailedNotification;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.MutableClock;
import dev.sejour.booking.testkit.RecordingNotifier;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The notification outbox against real SMTP servers that misbehave (a scripted server that hangs, answers
 * slowly, refuses with 421, refuses the login or the recipient; GreenMail), through the real
 * {@link BookingService} behind the servlet over HTTP: the webhooks answer whatever the mailer does, the
 * deliveries back off and end as dead letters, a restart sends what was due, and every buyer gets one email.
 * Time is a {@link MutableClock}: the backoff is observed by moving it, never by sleeping.
 */
@ExtendWith(LogAudit.class)
class NotificationOutboxTest {

    /** Each SMTP step may take this long: far more than a webhook may, so a webhook waiting on it would show. */
    static final Duration SMTP_TIMEOUT = Duration.ofSeconds(20);
    static final String FROM = "reservations@sejours.example";

    private final MutableClock clock = MutableClock.startingNow();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private StripeSimulator stripe;
    private Http http;
    private Backend backend;

    @BeforeEach
    void start() throws Exception {
        stripe = StripeSimulator.builder().clock(clock).apiKey(BookingNode.SECRET_KEY).autoDeliver(false).start();
        http = new Http();
        backend = Backend.jdbc(TestDatabase.Kind.H2);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        try (Backend b = backend; StripeSimulator s = stripe; Http h = http) {
            // closes all
        }
    }

    @Test
    void paidWebhooksAnswerWhileTheMailServerHangsAndEachBuyerGetsOneEmailOnceItRecovers() throws Exception {
        int buyers = 6;
        ScriptedSmtp smtp = closing(new ScriptedSmtp(ScriptedSmtp.Mode.HANG));
        BookingNode node = node("hang", backend.newInstanceStores(), smtp.port(), false, b -> b);
        Sale sale = sell(node, "hang", buyers);

        for (int i = 0; i < buyers; i++) {
            long start = System.nanoTime();
            Http.Answer answer = http.deliver(node, sale.events.get(i), clock.instant());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
            // Generous on purpose (the machine is shared): a webhook waiting for the mailer would take 20 s.
            assertThat(took).as("webhook %d answered without waiting for the hung mail server", i)
                    .isLessThan(SMTP_TIMEOUT.dividedBy(2));
            assertThat(status(sale.ids.get(i))).isEqualTo(ReservationStatus.PAID);
        }
        // The mailer was hung all along: two deliveries (the default threads) wait on the server, the rest queue.
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.openConnections() == 2);
        assertThat(node.service.notificationsInFlight()).isEqualTo(buyers);
        assertThat(smtp.delivered()).isEmpty();
        // Stripe's retries of the same events are answered too, and queue nothing more.
        for (SimulatedEvent event : sale.events) {
            assertThat(http.deliver(node, event, clock.instant()).status()).isEqualTo(200);
        }
        assertThat(node.service.notificationsInFlight()).isEqualTo(buyers);

        smtp.switchTo(ScriptedSmtp.Mode.ACCEPT); // restarted: the hung attempts fail, the queued ones go through
        node.settle();
        clock.advance(Duration.ofSeconds(37));
        node.service.retryPendingNotifications();
        node.settle();
        clock.advance(Duration.ofMinutes(5));
        assertThat(node.service.retryPendingNotifications()).isZero();

        assertThat(smtp.delivered()).hasSize(buyers).doesNotHaveDuplicates();
        node.settle();
        Invariants.check(backend.checkStores(), sale.slug, buyers, stripe, List.of(node.notifier), sale.ids);
    }

    @Test
    void aMailServerAnsweringEachLineSlowlyDoesNotSlowTheWebhooks() throws Exception {
        int buyers = 3;
        // About seven lines a message: seven seconds each, far more than a webhook may take.
        ScriptedSmtp smtp = closing(new ScriptedSmtp(ScriptedSmtp.Mode.SLOW).lineDelay(Duration.ofSeconds(1)));
        BookingNode node = node("slow", backend.newInstanceStores(), smtp.port(), false, b -> b);
        Sale sale = sell(node, "slow", buyers);

        for (SimulatedEvent event : sale.events) {
            assertThat(http.deliver(node, event, clock.instant()).status()).isEqualTo(200);
        }
        assertThat(smtp.delivered()).as("every webhook answered before the first message got through").isEmpty();

        await().atMost(Duration.ofSeconds(90)).until(() -> smtp.delivered().size() == buyers);
        node.settle();
        assertThat(smtp.delivered()).doesNotHaveDuplicates();
        Invariants.check(backend.checkStores(), sale.slug, buyers, stripe, List.of(node.notifier), sale.ids);
    }

    @Test
    void aMailServerRefusingWith421IsRetriedWithBackoffNotAtEverySweep() throws Exception {
        ScriptedSmtp smtp = closing(new ScriptedSmtp(ScriptedSmtp.Mode.BUSY_421));
        BookingNode node = node("busy", backend.newInstanceStores(), smtp.port(), false, b -> b);
        Sale sale = sell(node, "busy", 1);
        String id = sale.ids.get(0);
        assertThat(http.deliver(node, sale.events.get(0), clock.instant()).status()).isEqualTo(200);

        sweepEveryTenSecondsFor(node, Duration.ofMinutes(10));

        // Attempts at 0 s, then after 30, 60, 120 and 240 s (each up to a fifth later, plus the sweep's 10 s):
        // the fifth by 574 s at the latest, the sixth not before 930 s. Sweeping alone would have made 61.
        assertThat(smtp.connections()).isEqualTo(5);
        assertThat(outbox(backend).notificationAttempts(id)).isEqualTo(5);
        assertThat(outbox(backend).countFailedNotifications()).isZero();

        smtp.switchTo(ScriptedSmtp.Mode.ACCEPT);
        clock.advance(Duration.ofHours(1));
        assertThat(node.service.retryPendingNotifications()).isEqualTo(1);
        node.settle();
        assertThat(smtp.delivered()).containsExactly("buyer0@example.org");
        assertThat(status(id)).isEqualTo(ReservationStatus.PAID);
    }

    @Test
    void aRefusedLoginBacksOffAndLogsOneClearLinePerAttempt() throws Exception {
        ScriptedSmtp smtp = closing(new ScriptedSmtp(ScriptedSmtp.Mode.AUTH_REFUSED));
        BookingNode node = node("login", backend.newInstanceStores(), smtp.port(), true, b -> b);
        Sale sale = sell(node, "login", 1);
        String id = sale.ids.get(0);
        assertThat(http.deliver(node, sale.events.get(0), clock.instant()).status()).isEqualTo(200);

        sweepEveryTenSecondsFor(node, Duration.ofMinutes(5));

        // Attempts at 0 s, then after 30, 60 and 120 s (each up to a fifth later, plus the sweep's 10 s): the
        // fourth by 282 s at the latest, the fifth not before 450 s. Four in five minutes.
        assertThat(smtp.connections()).isEqualTo(4);
        assertThat(outbox(backend).notificationAttempts(id)).isEqualTo(4);
        List<String> log = logLines();
        if (!log.isEmpty()) {
            assertThat(log).filteredOn(l -> l.contains(id) && l.contains("SMTP authentication failed for user organiser"))
                    .hasSize(4)
                    .allSatisfy(l -> assertThat(l).contains(" WARN ").doesNotContain("wrong-password"));
            assertThat(log).as("no stack trace for a refused login")
                    .noneMatch(l -> l.startsWith("jakarta.mail.AuthenticationFailedException"));
        }
    }

    @Test
    void theLastAttemptMakesADeadLetterTheOrganiserCanRetrigger() throws Exception {
        ScriptedSmtp smtp = closing(new ScriptedSmtp(ScriptedSmtp.Mode.BUSY_421));
        BookingNode node = node("dead", backend.newInstanceStores(), smtp.port(), false,
                b -> b.maxNotificationAttempts(3));
        Sale sale = sell(node, "dead", 1);
        String id = sale.ids.get(0);
        assertThat(http.deliver(node, sale.events.get(0), clock.instant()).status()).isEqualTo(200);

        sweepEveryTenSecondsFor(node, Duration.ofMinutes(10));

        assertThat(smtp.connections()).isEqualTo(3);
        List<FailedNotification> failed = outbox(backend).findFailedNotifications(10);
        assertThat(failed).singleElement().satisfies(f -> {
            assertThat(f.reservation().id()).isEqualTo(id);
            assertThat(f.reservation().status()).isEqualTo(ReservationStatus.PAID);
            assertThat(f.attempts()).isEqualTo(3);
            assertThat(f.lastError()).contains("421");
        });
        List<String> log = logLines();
        if (!log.isEmpty()) {
            assertThat(log).filteredOn(l -> l.contains(id) && l.contains(" ERROR ")).hasSize(1)
                    .allSatisfy(l -> assertThat(l).contains("after 3 attempts"));
        }

        smtp.switchTo(ScriptedSmtp.Mode.ACCEPT);
        assertThat(outbox(backend).retryFailedNotification(id)).isTrue();
        assertThat(node.service.retryPendingNotifications()).isEqualTo(1);
        node.settle();
        assertThat(smtp.delivered()).containsExactly("buyer0@example.org");
        assertThat(outbox(backend).countFailedNotifications()).isZero();
    }

    @Test
    void anAddressRefusedForGoodIsFailedAtTheFirstAttempt() throws Exception {
        ScriptedSmtp smtp = closing(new ScriptedSmtp(ScriptedSmtp.Mode.RCPT_550));
        BookingNode node = node("refused", backend.newInstanceStores(), smtp.port(), false, b -> b);
        Sale sale = sell(node, "refused", 1);
        String id = sale.ids.get(0);
        assertThat(http.deliver(node, sale.events.get(0), clock.instant()).status()).isEqualTo(200);
        node.settle();

        clock.advance(Duration.ofHours(2));
        assertThat(node.service.retryPendingNotifications()).isZero();

        assertThat(smtp.connections()).isEqualTo(1);
        assertThat(outbox(backend).findFailedNotifications(10)).singleElement()
                .satisfies(f -> {
                    assertThat(f.attempts()).isEqualTo(1);
                    assertThat(f.lastError()).contains("550");
                });
        assertThat(status(id)).isEqualTo(ReservationStatus.PAID);
    }

    @Test
    void aRestartWithNotificationsDueDeliversEachOnce() throws Exception {
        int buyers = 4;
        backend.close();
        backend = Backend.jdbc(TestDatabase.Kind.POSTGRESQL);
        ScriptedSmtp hung = new ScriptedSmtp(ScriptedSmtp.Mode.HANG);
        BookingNode before = node("before-restart", backend.newInstanceStores(), hung.port(), false,
                b -> b.notificationShutdownTimeout(Duration.ofMillis(500)));
        Sale sale = sell(before, "restart", buyers);
        for (SimulatedEvent event : sale.events) {
            assertThat(http.deliver(before, event, clock.instant()).status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> hung.openConnections() == 2);

        // The instance stops while two deliveries hang and two wait in its queue; then the mail server goes too.
        before.close();
        hung.close();
        before.settle();
        assertThat(outbox(backend).countFailedNotifications()).isZero();

        GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        greenMail.start();
        toClose.add(greenMail::stop);
        BookingNode after = node("after-restart", backend.newInstanceStores(), greenMail.getSmtp().getPort(), false,
                b -> b);
        after.service.retryPendingNotifications(); // the queued ones were released at close: due at once
        after.settle();
        clock.advance(Duration.ofMinutes(3)); // the hung ones: their claim or backoff ended
        after.service.retryPendingNotifications();
        after.settle();
        clock.advance(Duration.ofHours(2));
        assertThat(after.service.retryPendingNotifications()).isZero();

        List<String> recipients = new ArrayList<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            recipients.add(((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress());
        }
        assertThat(recipients).hasSize(buyers).doesNotHaveDuplicates();
        for (String id : sale.ids) {
            assertThat(backend.checkStores().reservations().findById(id).orElseThrow().notifiedAt()).isNotNull();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private record Sale(String slug, List<String> ids, List<SimulatedEvent> events) {
    }

    /** One séjour with a place per buyer; each buyer checks out over HTTP and pays at Stripe (not delivered yet). */
    private Sale sell(BookingNode node, String slug, int buyers) {
        backend.checkStores().sejours().save(new Sejour(slug, "Courrier " + slug, Money.of(15_000, "eur"), buyers));
        List<String> ids = new ArrayList<>();
        List<SimulatedEvent> events = new ArrayList<>();
        for (int i = 0; i < buyers; i++) {
            Http.Answer answer = http.checkout(node, Http.buyer(slug, 1, i));
            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
            ids.add(answer.json().path("reservationId").asText());
            events.add(stripe.pay(answer.json().path("sessionId").asText()));
        }
        return new Sale(slug, ids, events);
    }

    /** A maintenance loop running every 10 s of the clock: the sweep, then whatever it handed over. */
    private void sweepEveryTenSecondsFor(BookingNode node, Duration span) {
        node.settle();
        for (long s = 10; s <= span.toSeconds(); s += 10) {
            clock.advance(Duration.ofSeconds(10));
            node.service.retryPendingNotifications();
            node.settle();
        }
    }

    private BookingNode node(String name, BookingStores stores, int smtpPort, boolean login,
                             UnaryOperator<BookingService.Builder> settings) {
        SmtpSettings.Builder smtp = SmtpSettings.builder().host("127.0.0.1").port(smtpPort)
                .security(SmtpSettings.Security.NONE).from(FROM, "Séjours").timeouts(SMTP_TIMEOUT);
        if (login) {
            smtp.credentials("organiser", "wrong-password-1234");
        }
        SmtpNotifier mailer = new SmtpNotifier(smtp.build());
        RecordingNotifier sent = new RecordingNotifier();
        BookingService service = settings.apply(BookingNode.defaults(stores, stripe, clock, notification -> {
            mailer.notify(notification);
            sent.notify(notification);
        })).build();
        BookingNode node = BookingNode.start(name, stores, service, sent);
        toClose.add(node);
        return node;
    }

    private <T extends AutoCloseable> T closing(T resource) {
        toClose.add(resource);
        return resource;
    }

    private ReservationStatus status(String id) {
        return backend.checkStores().reservations().findById(id).orElseThrow().status();
    }

    /** The build's log file (slf4j-simple), or nothing when run without the build's settings. */
    private static List<String> logLines() throws IOException {
        String file = System.getProperty("org.slf4j.simpleLogger.logFile");
        if (file == null || file.equals("System.err") || file.equals("System.out")) {
            return List.of();
        }
        return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    }

    /** The outbox of the check stores: their reservation store, as with every shipped store. */
    private static NotificationOutbox outbox(Backend backend) {
        return (NotificationOutbox) backend.checkStores().reservations();
    }
}

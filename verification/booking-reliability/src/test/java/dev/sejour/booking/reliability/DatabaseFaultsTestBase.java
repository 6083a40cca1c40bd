package dev.sejour.booking.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.SweepReport;
import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.testkit.BookingAssertions;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.MutableClock;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The database becoming unreachable in the middle of a request, at every step in turn (taking a connection,
 * preparing a statement, committing): the request answers 500 {@code internal_error}, nothing is half
 * written (the books balance, the reservation is in its old or its new status), and once the database is
 * back Stripe's retry (or the sweeper, for a checkout) finishes the job.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(LogAudit.class)
abstract class DatabaseFaultsTestBase {

    static final int MAX_STEPS = 60;

    final MutableClock clock = MutableClock.startingNow();
    Backend backend;
    FaultyDataSource database;
    StripeSimulator stripe;
    BookingNode node;
    Http http;
    BookingStores stores;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void start() throws Exception {
        backend = Backend.jdbcWithFaults(kind());
        stores = backend.checkStores();
        stripe = StripeSimulator.builder().clock(clock).apiKey(BookingNode.SECRET_KEY).autoDeliver(false).start();
        node = BookingNode.start("db-faults", backend.newInstanceStores(), stripe, clock);
        database = backend.faults();
        http = new Http();
    }

    @AfterAll
    void stop() throws Exception {
        try (Backend b = backend; StripeSimulator s = stripe; Http h = http; BookingNode n = node) {
            // closes all
        }
    }

    @Test
    void theDatabaseFailingAtAnyStepOfAWebhookChangesNothingHalfAndTheRetryFulfils() throws Exception {
        Summary summary = Summary.of(getClass().getSimpleName() + ".webhook(" + backend.name() + ")");
        String slug = "db-webhook";
        int capacity = MAX_STEPS + 1;
        stores.sejours().save(new Sejour(slug, "Base en panne", Money.of(20_000, "eur"), capacity));
        List<String> ids = new ArrayList<>();
        List<String> sentBeforeTheFailure = new ArrayList<>();
        long injectedBefore = database.injectedFailures();
        int steps = 0;
        for (; steps < MAX_STEPS; steps++) {
            Http.Answer checkout = http.checkout(node, Http.buyer(slug, 1, steps));
            String id = checkout.json().path("reservationId").asText();
            ids.add(id);
            SimulatedEvent paid = stripe.pay(checkout.json().path("sessionId").asText());

            database.failAfter(steps);
            Http.Answer answer = http.deliver(node, paid, clock.instant());
            database.up();
            if (answer.status() == 200) {
                assertThat(status(id)).isEqualTo(ReservationStatus.PAID);
                break;
            }
            assertThat(answer.status()).as("crash after %d steps: %s", steps, answer).isEqualTo(500);
            assertThat(answer.error()).isEqualTo("internal_error");
            assertThat(status(id)).as("after a crash at step %d", steps).isIn(ReservationStatus.PENDING, ReservationStatus.PAID);
            BookingAssertions.assertBooksBalance(stores, slug, capacity);
            if (!node.settle().notifier.deliveredFor(id).isEmpty()) {
                sentBeforeTheFailure.add(id);
            }

            Http.Answer retry = http.deliver(node, paid, clock.instant());
            assertThat(retry.status()).as("retry after a crash at step %d: %s", steps, retry).isEqualTo(200);
            assertThat(status(id)).isEqualTo(ReservationStatus.PAID);
            // Its confirmation is sent by the service's threads: done before the next crash is armed, which
            // would otherwise hit that delivery's store calls instead of the next webhook's.
            node.settle();
        }
        assertThat(steps).as("a webhook takes fewer steps than that").isLessThan(MAX_STEPS);

        // Notification claims of crashed requests run out; the periodic retry delivers what is still due.
        node.settle();
        clock.advance(Duration.ofMinutes(3));
        node.service.retryPendingNotifications();
        node.settle();
        int duplicates = 0;
        for (String id : ids) {
            long confirmations = node.notifier.deliveredFor(id).stream()
                    .filter(n -> n.kind() == Notification.Kind.CONFIRMATION).count();
            if (sentBeforeTheFailure.contains(id)) {
                // The email left, then recording it failed: "at least once" is all anyone can promise there.
                assertThat(confirmations).as("confirmations of %s", id).isBetween(1L, 2L);
                duplicates += (int) confirmations - 1;
            } else {
                assertThat(confirmations).as("confirmations of %s", id).isEqualTo(1);
            }
            assertThat(stores.reservations().findById(id).orElseThrow().notifiedAt()).isNotNull();
        }
        BookingAssertions.assertBooksBalance(stores, slug, capacity);
        assertThat(stores.countPlaces(slug).paid()).isEqualTo(ids.size());
        summary.put("crashPoints", steps).put("faultsInjected", database.injectedFailures() - injectedBefore)
                .put("webhooks", 2 * steps + 1).put("emailSentThenUnrecorded", sentBeforeTheFailure.size()).put("duplicateEmails", duplicates).print();
    }

    @Test
    void theDatabaseFailingAtAnyStepOfACheckoutAnswers500AndTheSweeperReleasesEveryHoldLeftBehind() throws Exception {
        Summary summary = Summary.of(getClass().getSimpleName() + ".checkout(" + backend.name() + ")");
        String slug = "db-checkout";
        int capacity = MAX_STEPS + 1;
        stores.sejours().save(new Sejour(slug, "Base en panne", Money.of(20_000, "eur"), capacity));
        long injectedBefore = database.injectedFailures();
        int steps = 0;
        String completed = null;
        for (; steps < MAX_STEPS; steps++) {
            database.failAfter(steps);
            Http.Answer answer = http.checkout(node, Http.buyer(slug, 1, steps));
            database.up();
            if (answer.status() == 200) {
                completed = answer.json().path("reservationId").asText();
                break;
            }
            assertThat(answer.status()).as("crash after %d steps: %s", steps, answer).isEqualTo(500);
            assertThat(answer.error()).isEqualTo("internal_error");
            BookingAssertions.assertBooksBalance(stores, slug, capacity);
        }
        assertThat(steps).isLessThan(MAX_STEPS);
        int orphanHolds = stores.countPlaces(slug).held() - 1;
        assertThat(orphanHolds).as("holds written before the crash").isGreaterThan(0);

        // Nobody was sent to pay for those holds: when their time runs out the sweeper gives the places back.
        clock.advance(Duration.ofMinutes(32));
        SweepReport report = node.service.releaseExpiredHolds();
        assertThat(report.released()).isEqualTo(orphanHolds + 1);
        assertThat(stores.countPlaces(slug).held()).isZero();
        assertThat(stores.sejours().findBySlug(slug).orElseThrow().placesLeft()).isEqualTo(capacity);
        Reservation last = stores.reservations().findById(completed).orElseThrow();
        assertThat(last.status()).isEqualTo(ReservationStatus.EXPIRED);
        BookingAssertions.assertBooksBalance(stores, slug, capacity);
        summary.put("crashPoints", steps).put("orphanHoldsReleasedBySweeper", orphanHolds)
                .put("faultsInjected", database.injectedFailures() - injectedBefore).print();
    }

    private ReservationStatus status(String id) {
        return stores.reservations().findById(id).orElseThrow().status();
    }
}

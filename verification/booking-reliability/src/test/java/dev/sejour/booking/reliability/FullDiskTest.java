package dev.sejour.booking.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.Money;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.testkit.BookingAssertions;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.MutableClock;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A full disk at the library level: the real {@code BookingService} behind the servlet on Jetty, over stores
 * whose writes fail while the "disk" is full ({@link FullDiskStores}). A change that cannot be stored answers
 * 5xx (Stripe retries the webhook, the buyer tries again), never 2xx; nothing half-done stays; once there is
 * space, the same requests succeed with nothing lost. The same fault on the real example jar with a real
 * full file system is ExampleFullDiskTest.
 */
@ExtendWith(LogAudit.class)
class FullDiskTest {

    static final String SLUG = "stage-disque";
    static final int CAPACITY = 10;

    final MutableClock clock = MutableClock.startingNow();
    final BookingStores real = BookingStores.inMemory();
    final FullDiskStores disk = new FullDiskStores(real);
    StripeSimulator stripe;
    BookingNode node;
    Http http;

    @BeforeEach
    void start() {
        real.sejours().save(new Sejour(SLUG, "Stage", Money.of(12_000, "eur"), CAPACITY));
        stripe = StripeSimulator.builder().clock(clock).apiKey(BookingNode.SECRET_KEY).autoDeliver(false).start();
        node = BookingNode.start("full-disk", disk.stores(), stripe, clock);
        http = new Http();
    }

    @AfterEach
    void stop() throws Exception {
        try (StripeSimulator s = stripe; Http h = http; BookingNode n = node) {
            // closes all
        }
    }

    @Test
    void checkoutsAndPaidWebhooksAnswer5xxWhileTheDiskIsFullAndSucceedOnceThereIsSpace() {
        Http.Answer first = http.checkout(node, Http.buyer(SLUG, 2, 1));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        String sessionId = first.json().get("sessionId").asText();
        SimulatedEvent paid = stripe.pay(sessionId);

        disk.full(true);
        List<Http.Answer> refused = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            refused.add(http.checkout(node, Http.buyer(SLUG, 1, 10 + i)));
            refused.add(http.deliver(node, paid, clock.instant()));
        }

        assertThat(refused).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.toString()).isBetween(500, 599);
            assertThat(answer.isJsonError()).as(answer.toString()).isTrue();
        });
        assertThat(disk.refusedWrites()).isGreaterThanOrEqualTo(10);
        assertThat(real.reservations().findByStripeSessionId(sessionId)).hasValueSatisfying(
                r -> assertThat(r.status()).isEqualTo(ReservationStatus.PENDING));
        assertThat(real.sejours().findBySlug(SLUG).orElseThrow().placesLeft()).isEqualTo(CAPACITY - 2);
        assertThat(node.notifier.delivered()).isEmpty();

        disk.full(false);
        Http.Answer redelivered = http.deliver(node, paid, clock.instant());
        Http.Answer second = http.checkout(node, Http.buyer(SLUG, 3, 2));

        assertThat(redelivered.status()).as(redelivered.toString()).isEqualTo(200);
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(real.reservations().findByStripeSessionId(sessionId)).hasValueSatisfying(
                r -> assertThat(r.status()).isEqualTo(ReservationStatus.PAID));
        assertThat(node.notifier.delivered()).extracting(Notification::kind)
                .containsExactly(Notification.Kind.CONFIRMATION);
        BookingAssertions.assertBooksBalance(real, SLUG, CAPACITY);
        assertThat(real.sejours().findBySlug(SLUG).orElseThrow().placesLeft()).isEqualTo(CAPACITY - 5);
    }

    @Test
    void aDiskThatFillsBetweenTheHoldAndItsSessionAnswers5xxAndTheSweeperGivesThePlacesBack() {
        // The hold is written and Stripe's session created, then recording the session fails: the buyer must
        // not be sent to pay for a reservation the store does not link to its session.
        disk.fullFrom("attachSession");

        Http.Answer answer = http.checkout(node, Http.buyer(SLUG, 2, 2));

        assertThat(answer.status()).as(answer.toString()).isBetween(500, 599);
        assertThat(disk.refusedWrites()).isEqualTo(1);
        disk.full(false);
        clock.advance(Duration.ofHours(2));
        node.service.releaseExpiredHolds();
        BookingAssertions.assertBooksBalance(real, SLUG, CAPACITY);
        assertThat(real.sejours().findBySlug(SLUG).orElseThrow().placesLeft()).isEqualTo(CAPACITY);
    }
}

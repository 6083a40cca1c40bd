package dev.sejour.booking.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.testkit.BookingStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BookingMetricsTest {

    @Test
    void countsCheckoutsAndWebhooksAndReadsTheStoreForGauges() {
        BookingStores stores = BookingStores.inMemory();
        BookingMetrics metrics = new BookingMetrics(stores.reservations(),
                (NotificationOutbox) stores.reservations(), Clock.systemUTC());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.checkoutFinished("started"); // before binding: not counted
        metrics.bindTo(registry);
        metrics.checkoutFinished("started");
        metrics.checkoutFinished("not_enough_places");
        metrics.checkoutFinished("started");
        metrics.webhookHandled("checkout.session.completed", "applied", Duration.ofMillis(12));

        assertThat(registry.get("booking.checkouts").tag("outcome", "started").counter().count()).isEqualTo(2);
        assertThat(registry.get("booking.checkouts").tag("outcome", "not_enough_places").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("booking.webhooks").tag("type", "checkout.session.completed")
                .tag("disposition", "applied").timer().count()).isEqualTo(1);
        assertThat(registry.get("booking.notifications.pending").gauge().value()).isZero();
        assertThat(registry.get("booking.notifications.failed").gauge().value()).isZero();
        assertThat(registry.get("booking.holds.active").gauge().value()).isZero();
    }

    @Test
    void disputeStatusesStripeDidNotDocumentShareOneTag() {
        BookingStores stores = BookingStores.inMemory();
        BookingMetrics metrics = new BookingMetrics(stores.reservations(),
                (NotificationOutbox) stores.reservations(), Clock.systemUTC());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        metrics.disputeRecorded(false, "warning_needs_response");
        metrics.disputeRecorded(true, "partially_won_\u00e9");
        metrics.disputeRecorded(true, "x".repeat(40));

        assertThat(registry.get("booking.disputes").tag("event", "opened").tag("status", "warning_needs_response")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("booking.disputes").tag("event", "closed").tag("status", "other").counter().count())
                .isEqualTo(2);
        assertThat(registry.find("booking.disputes").counters()).hasSize(2);
    }
}

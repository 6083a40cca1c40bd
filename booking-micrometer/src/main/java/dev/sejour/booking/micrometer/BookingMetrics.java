package dev.sejour.booking.micrometer;

import dev.sejour.booking.Reservation;
import dev.sejour.booking.spi.BookingObserver;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.ReservationStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The booking service's meters, for any Micrometer registry (Spring Boot binds every {@link MeterBinder}
 * bean by itself; elsewhere call {@link #bindTo}). Give it to the service as its observer:
 *
 * <pre>{@code
 * BookingMetrics metrics = new BookingMetrics(reservationStore, outbox, Clock.systemUTC());
 * BookingService booking = BookingService.builder()...observer(metrics).build();
 * metrics.bindTo(registry);
 * }</pre>
 *
 * <ul>
 *   <li>{@code booking.checkouts} (counter), tag {@code outcome}: {@code started} or the error code that
 *       refused it ({@code not_enough_places}, {@code invalid_request}, …);</li>
 *   <li>{@code booking.webhooks} (timer), tags {@code type} (the event type) and {@code disposition}
 *       ({@code applied}, {@code duplicate}, {@code ignored} or the error code);</li>
 *   <li>{@code booking.disputes} (counter), tags {@code event} ({@code opened} or {@code closed}) and
 *       {@code status} (Stripe's dispute status: {@code needs_response}…, {@code won}, {@code lost}…, or
 *       {@code other} for a status Stripe did not document when this was written): disputes recorded on
 *       reservations, duplicates not counted;</li>
 *   <li>{@code booking.notifications.pending} (gauge): notifications due now and not delivered, counted up to
 *       {@value #PENDING_COUNT_LIMIT};</li>
 *   <li>{@code booking.notifications.failed} (gauge): notifications given up (dead letters);</li>
 *   <li>{@code booking.holds.active} (gauge): places held by checkouts not paid yet, all séjours together
 *       (over at most {@value #PENDING_COUNT_LIMIT} pending reservations).</li>
 * </ul>
 *
 * <p>The gauges read the store each time the registry is scraped (a few small queries); when the store
 * fails they read {@code NaN} rather than fail the scrape. Events before {@link #bindTo} are not counted.
 * Thread-safe.
 */
public final class BookingMetrics implements MeterBinder, BookingObserver {

    /** How many due notifications the pending gauge counts at most (one bounded query per scrape). */
    public static final int PENDING_COUNT_LIMIT = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(BookingMetrics.class);

    // Every pending reservation's hold ends before this far a point: the store's query for expired holds, asked
    // at it, lists all of them (the SPI has no count of held places).
    private static final Set<String> DISPUTE_STATUSES = Set.of("warning_needs_response", "warning_under_review",
            "warning_closed", "needs_response", "under_review", "won", "lost", "prevented");
    private static final Duration BEYOND_EVERY_HOLD = Duration.ofDays(3650);

    private final ReservationStore reservations;
    private final NotificationOutbox outbox;
    private final Clock clock;
    private volatile @Nullable MeterRegistry registry;

    /**
     * @param reservations the reservation store the service uses
     * @param outbox the service's notification outbox (most stores are their own: pass the reservation store)
     * @param clock the service's clock
     */
    public BookingMetrics(ReservationStore reservations, NotificationOutbox outbox, Clock clock) {
        this.reservations = Objects.requireNonNull(reservations, "reservations");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        gauge(meterRegistry, "booking.notifications.pending", "Notifications due and not delivered yet",
                m -> m.outbox.findNotificationsDue(m.clock.instant(), PENDING_COUNT_LIMIT).size());
        gauge(meterRegistry, "booking.notifications.failed", "Notifications given up after their last attempt",
                m -> m.outbox.countFailedNotifications());
        gauge(meterRegistry, "booking.holds.active", "Places held by checkouts not paid yet",
                m -> m.reservations.findExpiredHolds(m.clock.instant().plus(BEYOND_EVERY_HOLD), PENDING_COUNT_LIMIT)
                        .stream().mapToInt(Reservation::places).sum());
        this.registry = meterRegistry;
    }

    private void gauge(MeterRegistry meterRegistry, String name, String description,
                       ToDoubleFunction<BookingMetrics> value) {
        Gauge.builder(name, this, m -> {
            try {
                return value.applyAsDouble(m);
            } catch (RuntimeException e) {
                // A scrape must not fail because the database is down; the health indicator says so.
                LOG.debug("Gauge {} could not read the store", name, e);
                return Double.NaN;
            }
        }).description(description).strongReference(true).register(meterRegistry);
    }

    @Override
    public void checkoutFinished(String outcome) {
        MeterRegistry r = registry;
        if (r != null) {
            Counter.builder("booking.checkouts").description("Checkouts by outcome")
                    .tag("outcome", outcome).register(r).increment();
        }
    }

    @Override
    public void disputeRecorded(boolean closed, String status) {
        MeterRegistry r = registry;
        if (r != null) {
            Counter.builder("booking.disputes").description("Disputes recorded on reservations, opened and closed")
                    .tag("event", closed ? "closed" : "opened").tag("status", disputeStatusTag(status))
                    .register(r).increment();
        }
    }

    /** Stripe's documented dispute statuses; any other value is one tag, so the meter's series stay few. */
    static String disputeStatusTag(String status) {
        return DISPUTE_STATUSES.contains(status) ? status : "other";
    }

    @Override
    public void webhookHandled(String type, String disposition, Duration duration) {
        MeterRegistry r = registry;
        if (r != null) {
            Timer.builder("booking.webhooks").description("Stripe webhooks handled, by event type and disposition")
                    .tag("type", type).tag("disposition", disposition).register(r).record(duration);
        }
    }
}

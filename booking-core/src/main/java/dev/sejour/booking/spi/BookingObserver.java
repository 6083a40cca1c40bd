package dev.sejour.booking.spi;

import dev.sejour.booking.WebhookResult;
import java.time.Duration;

/**
 * Told what the service did, for metrics and audit logs (see {@code booking-micrometer}). Called on the
 * thread of the request, after the work is done; an implementation must be quick, thread-safe and must not
 * throw (an exception is logged and otherwise ignored, so a broken observer never fails a checkout or a
 * webhook). Every method does nothing by default.
 */
public interface BookingObserver {

    /** Outcome of a checkout: {@code started}, or the {@code ErrorCode#code()} that refused it. */
    String CHECKOUT_STARTED = "started";

    /**
     * A checkout ended.
     *
     * @param outcome {@link #CHECKOUT_STARTED} (a resumed checkout too), or the refusal's error code
     *     ({@code invalid_request}, {@code sejour_not_found}, {@code not_enough_places},
     *     {@code too_many_pending_checkouts}, {@code checkout_already_paid}, {@code payment_provider_unavailable},
     *     {@code internal_error} for anything else, such as a store failure)
     */
    default void checkoutFinished(String outcome) {
    }

    /**
     * A webhook was handled.
     *
     * @param type the event type, or {@code unknown} when handling failed (bad signature, unreadable payload, a store or Stripe failure)
     * @param disposition {@code applied}, {@code duplicate}, {@code ignored}, or the error code that refused it
     *     ({@code invalid_signature}, {@code invalid_request}, {@code payment_provider_unavailable},
     *     {@code internal_error})
     * @param duration from the call to its end, verification included
     */
    default void webhookHandled(String type, String disposition, Duration duration) {
    }

    /**
     * A dispute was recorded on a reservation (a duplicate or an unknown payment is not: see
     * {@link #webhookHandled} for every event).
     *
     * @param closed false for an opening ({@code charge.dispute.created}) or an inquiry escalated to a
     *     chargeback ({@code charge.dispute.funds_withdrawn} or {@code charge.dispute.updated}, a status not
     *     starting {@code warning_}), true for {@code charge.dispute.closed}
     * @param status Stripe's dispute status ({@code needs_response}…; {@code won}, {@code lost},
     *     {@code warning_closed}, {@code prevented} once closed)
     */
    default void disputeRecorded(boolean closed, String status) {
    }

    /** An observer that does nothing (the default). */
    static BookingObserver none() {
        return new BookingObserver() { };
    }

    /** Outcome or disposition of a failure: its error code, or {@code internal_error}. */
    static String failureCode(RuntimeException e) {
        return e instanceof dev.sejour.booking.BookingException b ? b.errorCode().code() : "internal_error";
    }

    /** The disposition of a result, in lower case. */
    static String disposition(WebhookResult result) {
        return result.disposition().name().toLowerCase(java.util.Locale.ROOT);
    }
}

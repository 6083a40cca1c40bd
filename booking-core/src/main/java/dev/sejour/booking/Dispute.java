package dev.sejour.booking;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A dispute (chargeback) the buyer's bank opened on a reservation's payment, as Stripe reported it with
 * {@code charge.dispute.created}, {@code charge.dispute.updated}, {@code charge.dispute.funds_withdrawn} and
 * {@code charge.dispute.closed}. Recorded for the organiser, who decides what to do: the library never changes
 * the reservation's status or places because of it.
 *
 * <p>One dispute id goes through at most three steps, only forward: an inquiry open (a status starting
 * {@code warning_}: the bank asks, no money moves), a chargeback open (any other status: the money is
 * withdrawn), closed. An inquiry the bank escalates keeps its id and moves to the second step; a chargeback
 * may also open directly.
 *
 * @param id Stripe's dispute id ({@code du_…})
 * @param status Stripe's dispute status as last reported: while open {@code warning_needs_response},
 *     {@code warning_under_review}, {@code needs_response} or {@code under_review}; once closed {@code won}
 *     (the money comes back to the organiser), {@code lost} (it stays with the buyer), {@code warning_closed}
 *     or {@code prevented}
 * @param reason Stripe's reason ({@code fraudulent}, {@code product_not_received}, …), or null
 * @param amount the disputed amount, in minor units of its currency (what is withdrawn from the balance)
 * @param openedAt when the dispute was opened (the dispute's {@code created})
 * @param closedAt when its {@code charge.dispute.closed} event was recorded; null while open
 */
public record Dispute(String id, String status, @Nullable String reason, Money amount, Instant openedAt,
                      @Nullable Instant closedAt) {

    /** Longest {@link #id()} every store holds (Stripe's ids are far shorter); a longer one is not recorded. */
    public static final int MAX_ID_LENGTH = 255;
    /** Longest {@link #status()} every store holds; a longer one is not recorded. */
    public static final int MAX_STATUS_LENGTH = 40;
    /** Longest {@link #reason()} every store holds, in UTF-16 units; a longer one is cut (see {@link #clip}). */
    public static final int MAX_REASON_LENGTH = 100;
    /** How an inquiry's {@link #status()} starts (see {@link #inquiry()}); stores compare its first 8 characters. */
    public static final String INQUIRY_PREFIX = "warning_";

    public Dispute {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(openedAt, "openedAt");
    }

    /** Whether Stripe closed it (its outcome is {@link #status()}). */
    public boolean closed() {
        return closedAt != null;
    }

    /**
     * Whether its status is an inquiry's (starts {@code warning_}, Stripe's early warning before any
     * chargeback: {@code warning_needs_response}, {@code warning_under_review}, or {@code warning_closed} once
     * closed).
     */
    public boolean inquiry() {
        return status.startsWith(INQUIRY_PREFIX);
    }

    /**
     * Whether recording {@code next} over this dispute moves it forward a step (inquiry open → chargeback open
     * → closed): the same dispute, open here, and either closed in {@code next}, or an inquiry here and a
     * chargeback in {@code next} (the bank escalated it). Anything else (the same news again, a status change
     * within the same step such as {@code needs_response} → {@code under_review}, an inquiry after the
     * chargeback, an opening after the closing, another dispute) changes nothing.
     */
    public boolean isOvertakenBy(Dispute next) {
        return id.equals(next.id()) && !closed() && (next.closed() || (inquiry() && !next.inquiry()));
    }

    /**
     * {@code reason} cut to {@link #MAX_REASON_LENGTH} UTF-16 units, never between the two halves of a
     * character outside the BMP (so every store, counting characters or code points, holds it); null stays null.
     */
    public static @Nullable String clip(@Nullable String reason) {
        if (reason == null || reason.length() <= MAX_REASON_LENGTH) {
            return reason;
        }
        int end = Character.isHighSurrogate(reason.charAt(MAX_REASON_LENGTH - 1)) ? MAX_REASON_LENGTH - 1
                : MAX_REASON_LENGTH;
        return reason.substring(0, end);
    }
}

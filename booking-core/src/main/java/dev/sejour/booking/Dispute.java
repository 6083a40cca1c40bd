package dev.sejour.booking;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A dispute (chargeback) the buyer's bank opened on a reservation's payment, as Stripe reported it with
 * {@code charge.dispute.created} and {@code charge.dispute.closed}. Recorded for the organiser, who decides
 * what to do: the library never changes the reservation's status or places because of it.
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
     * Whether recording {@code next} over this dispute moves it forward: the same dispute, open here and
     * closed in {@code next}. Anything else (the same news again, an opening after the closing, another
     * dispute) changes nothing.
     */
    public boolean isOvertakenBy(Dispute next) {
        return id.equals(next.id()) && !closed() && next.closed();
    }
}

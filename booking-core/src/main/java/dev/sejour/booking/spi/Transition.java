package dev.sejour.booking.spi;

import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A compare-and-set on a reservation's status, with the change to its séjour's places that goes with it.
 *
 * <p>A store applies it atomically: only if the reservation's status is {@link #from()}, it sets the
 * status to {@link #to()}, records {@link #stripeSessionId()} and {@link #paymentIntentId()} when they are
 * not null, sets {@code paidAt} to {@link #at()} when {@code to} is {@code PAID}, clears
 * {@code notifiedAt} (the buyer has not been told of the new status yet), replaces any notification claim
 * by {@link #notificationClaimUntil()} (none when it is null), starts the new status's notification afresh
 * (no attempts, not failed, no error; see {@link NotificationOutbox#recordNotificationFailure}), and
 * adds {@link #placesDelta()} to the séjour's places left. A negative delta takes places back and fails
 * with {@link TransitionOutcome#NOT_ENOUGH_PLACES} (changing nothing) when too few are left. A session
 * id that another reservation already has is a {@link StoreException} (session ids are unique; the booking
 * flow never asks for that).
 *
 * @param reservationId the reservation to move
 * @param from the status it must have now
 * @param to the status it gets
 * @param placesDelta change to the séjour's places left: {@code +n} gives places back, {@code -n} takes them
 * @param stripeSessionId the Checkout Session to record, or null to keep the stored one
 * @param paymentIntentId the PaymentIntent to record, or null to keep the stored one
 * @param at when the transition happens
 * @param notificationClaimUntil a claim on notifying the new status, taken together with it so that the
 *     winner of the transition notifies without another write (see
 *     {@link NotificationOutbox#claimNotification}); null for none
 */
public record Transition(
        String reservationId,
        ReservationStatus from,
        ReservationStatus to,
        int placesDelta,
        @Nullable String stripeSessionId,
        @Nullable String paymentIntentId,
        Instant at,
        @Nullable Instant notificationClaimUntil) {

    public Transition {
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        if (from == to) {
            throw new IllegalArgumentException("a transition changes the status: " + from);
        }
    }

    /** A transition that takes no notification claim. */
    public Transition(String reservationId, ReservationStatus from, ReservationStatus to, int placesDelta,
                      @Nullable String stripeSessionId, @Nullable String paymentIntentId, Instant at) {
        this(reservationId, from, to, placesDelta, stripeSessionId, paymentIntentId, at, null);
    }

    /** The same transition, also claiming the notification of its new status until {@code until}. */
    public Transition withNotificationClaim(Instant until) {
        return new Transition(reservationId, from, to, placesDelta, stripeSessionId, paymentIntentId, at, until);
    }

    /** The reservation as this transition leaves it, for a store or a caller that has it in hand. */
    public Reservation applyTo(Reservation reservation) {
        Reservation moved = reservation.withStatus(to).withNotifiedAt(null);
        if (stripeSessionId != null) {
            moved = moved.withStripeSessionId(stripeSessionId);
        }
        if (paymentIntentId != null) {
            moved = moved.withPaymentIntentId(paymentIntentId);
        }
        return to == ReservationStatus.PAID ? moved.withPaidAt(at) : moved;
    }

    /** A transition that records nothing but the status and places. */
    public static Transition of(String reservationId, ReservationStatus from, ReservationStatus to,
                                int placesDelta, Instant at) {
        return new Transition(reservationId, from, to, placesDelta, null, null, at);
    }
}

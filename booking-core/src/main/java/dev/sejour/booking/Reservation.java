package dev.sejour.booking;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A buyer's claim on places of one séjour, from the hold at checkout to payment, expiry or refund.
 * Stored with the seed's names: {@code sejourSlug, acheteur, nbPlaces, montant, devise, statut, stripeSessionId}.
 *
 * @param id the library's own identifier, sent to Stripe as {@code client_reference_id} and metadata
 * @param sejourSlug the séjour booked
 * @param buyer who pays
 * @param places number of places ({@code nbPlaces})
 * @param amount total charged ({@code montant} and {@code devise})
 * @param status current status
 * @param stripeSessionId the Checkout Session, once created (null before)
 * @param paymentIntentId the Stripe PaymentIntent, once paid (null before)
 * @param createdAt when the hold was taken
 * @param expiresAt when the hold ends if no payment arrives
 * @param paidAt when the payment was accepted (null unless paid at some point)
 * @param notifiedAt when the buyer was told of the current status (null while due or not applicable)
 * @param dispute the dispute opened on its payment, if any (recorded only; it changes neither status nor places)
 */
public record Reservation(
        String id,
        String sejourSlug,
        Buyer buyer,
        int places,
        Money amount,
        ReservationStatus status,
        @Nullable String stripeSessionId,
        @Nullable String paymentIntentId,
        Instant createdAt,
        Instant expiresAt,
        @Nullable Instant paidAt,
        @Nullable Instant notifiedAt,
        @Nullable Dispute dispute) {

    public Reservation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sejourSlug, "sejourSlug");
        Objects.requireNonNull(buyer, "buyer");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (places <= 0) {
            throw new IllegalArgumentException("places must be positive: " + places);
        }
    }

    /** A reservation without a dispute. */
    public Reservation(String id, String sejourSlug, Buyer buyer, int places, Money amount, ReservationStatus status,
                       @Nullable String stripeSessionId, @Nullable String paymentIntentId, Instant createdAt,
                       Instant expiresAt, @Nullable Instant paidAt, @Nullable Instant notifiedAt) {
        this(id, sejourSlug, buyer, places, amount, status, stripeSessionId, paymentIntentId, createdAt, expiresAt,
                paidAt, notifiedAt, null);
    }

    /** A new hold, before its Checkout Session exists. */
    public static Reservation pending(
            String id, String sejourSlug, Buyer buyer, int places, Money amount, Instant createdAt, Instant expiresAt) {
        return new Reservation(id, sejourSlug, buyer, places, amount, ReservationStatus.PENDING,
                null, null, createdAt, expiresAt, null, null);
    }

    public Reservation withStatus(ReservationStatus newStatus) {
        return new Reservation(id, sejourSlug, buyer, places, amount, newStatus, stripeSessionId, paymentIntentId,
                createdAt, expiresAt, paidAt, notifiedAt, dispute);
    }

    public Reservation withStripeSessionId(String sessionId) {
        return new Reservation(id, sejourSlug, buyer, places, amount, status, sessionId, paymentIntentId,
                createdAt, expiresAt, paidAt, notifiedAt, dispute);
    }

    public Reservation withPaymentIntentId(String intentId) {
        return new Reservation(id, sejourSlug, buyer, places, amount, status, stripeSessionId, intentId,
                createdAt, expiresAt, paidAt, notifiedAt, dispute);
    }

    public Reservation withExpiresAt(Instant at) {
        return new Reservation(id, sejourSlug, buyer, places, amount, status, stripeSessionId, paymentIntentId,
                createdAt, at, paidAt, notifiedAt, dispute);
    }

    public Reservation withPaidAt(@Nullable Instant at) {
        return new Reservation(id, sejourSlug, buyer, places, amount, status, stripeSessionId, paymentIntentId,
                createdAt, expiresAt, at, notifiedAt, dispute);
    }

    public Reservation withNotifiedAt(@Nullable Instant at) {
        return new Reservation(id, sejourSlug, buyer, places, amount, status, stripeSessionId, paymentIntentId,
                createdAt, expiresAt, paidAt, at, dispute);
    }

    public Reservation withDispute(@Nullable Dispute newDispute) {
        return new Reservation(id, sejourSlug, buyer, places, amount, status, stripeSessionId, paymentIntentId,
                createdAt, expiresAt, paidAt, notifiedAt, newDispute);
    }
}

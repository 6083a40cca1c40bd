package dev.sejour.booking;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Refund;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four Stripe calls of the booking flow, on stripe-java's own HTTP stack. Every failure becomes a
 * {@link PaymentProviderException} whose message is safe to show; the detail goes to the log.
 */
final class StripeGateway {

    private static final Logger LOG = LoggerFactory.getLogger(StripeGateway.class);

    private final StripeClient client;
    private final List<SessionCreateParams.PaymentMethodType> paymentMethodTypes;

    StripeGateway(StripeClient client) {
        this(client, List.of());
    }

    /** @param paymentMethodTypes Stripe's {@code payment_method_types} to send, none for the dashboard's */
    StripeGateway(StripeClient client, List<String> paymentMethodTypes) {
        this.client = client;
        this.paymentMethodTypes = paymentMethodTypes.stream().map(StripeGateway::paymentMethodType).toList();
    }

    /** stripe-java's constant for a {@code payment_method_types} value, e.g. {@code sepa_debit}. */
    static SessionCreateParams.PaymentMethodType paymentMethodType(String value) {
        for (SessionCreateParams.PaymentMethodType type : SessionCreateParams.PaymentMethodType.values()) {
            if (type.getValue().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown Stripe payment method type: " + value);
    }

    record CreatedSession(String id, String url) {
    }

    /**
     * @param expiresAt the session's {@code expires_at}, within Stripe's 30 minutes to 24 hours; a hold may
     *     end earlier (the sweeper then expires the session)
     */
    CreatedSession createCheckoutSession(Reservation reservation, Sejour sejour, String successUrl, String cancelUrl,
                                         Instant expiresAt) {
        SessionCreateParams.Builder builder = SessionCreateParams.builder();
        if (!paymentMethodTypes.isEmpty()) {
            builder.addAllPaymentMethodType(paymentMethodTypes);
        }
        SessionCreateParams params = builder
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl(successUrl)
                .setCancelUrl(cancelUrl)
                .setCustomerEmail(reservation.buyer().email())
                .setClientReferenceId(reservation.id())
                .setExpiresAt(expiresAt.getEpochSecond())
                .putMetadata(SessionState.METADATA_RESERVATION_ID, reservation.id())
                // The seed's webhook read these; they also make the dashboard readable.
                .putMetadata("sejourSlug", reservation.sejourSlug())
                .putMetadata("nbPlaces", Integer.toString(reservation.places()))
                .putMetadata("email", reservation.buyer().email())
                .putMetadata("nom", reservation.buyer().lastName())
                .putMetadata("prenom", reservation.buyer().firstName())
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putMetadata(SessionState.METADATA_RESERVATION_ID, reservation.id())
                        .putMetadata("sejourSlug", reservation.sejourSlug())
                        .build())
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity((long) reservation.places())
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency(sejour.pricePerPlace().currency())
                                .setUnitAmount(sejour.pricePerPlace().minorUnits())
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName(sejour.title())
                                        .build())
                                .build())
                        .build())
                .build();
        try {
            Session session = client.v1().checkout().sessions().create(params, idempotent("checkout-" + reservation.id()));
            return new CreatedSession(session.getId(), session.getUrl());
        } catch (StripeException | RuntimeException e) {
            throw unavailable("create the checkout session for " + reservation.id(), e);
        }
    }

    /** The session's state, or empty if Stripe does not know it. */
    Optional<SessionState> retrieveSession(String sessionId) {
        try {
            return Optional.of(SessionState.fromStripe(client.v1().checkout().sessions().retrieve(sessionId)));
        } catch (InvalidRequestException e) {
            if (Integer.valueOf(404).equals(e.getStatusCode())) {
                return Optional.empty();
            }
            throw unavailable("retrieve session " + sessionId, e);
        } catch (StripeException | RuntimeException e) {
            throw unavailable("retrieve session " + sessionId, e);
        }
    }

    /**
     * Expires an open session so the buyer can no longer pay, and answers its state afterwards. If it was
     * no longer open (paid or expired meanwhile), answers its current state instead.
     */
    Optional<SessionState> expireSession(String sessionId) {
        try {
            return Optional.of(SessionState.fromStripe(
                    client.v1().checkout().sessions().expire(sessionId, idempotent("expire-" + sessionId))));
        } catch (InvalidRequestException e) {
            // Stripe refuses to expire a session that is not open: ask what it became.
            return retrieveSession(sessionId);
        } catch (StripeException | RuntimeException e) {
            throw unavailable("expire session " + sessionId, e);
        }
    }

    /** Refunds a payment in full; the key makes a retried refund the same refund. */
    String refund(String paymentIntentId, String reservationId) {
        RefundCreateParams params = RefundCreateParams.builder()
                .setPaymentIntent(paymentIntentId)
                .putMetadata(SessionState.METADATA_RESERVATION_ID, reservationId)
                .build();
        try {
            Refund refund = client.v1().refunds().create(params, idempotent("refund-" + paymentIntentId));
            return refund.getId();
        } catch (StripeException | RuntimeException e) {
            throw unavailable("refund payment " + paymentIntentId, e);
        }
    }

    private static RequestOptions idempotent(String key) {
        return RequestOptions.builder().setIdempotencyKey("sejour-booking-" + key).build();
    }

    /**
     * Stripe's failures, and stripe-java's own when an answer cannot be read (it throws a
     * NullPointerException on an empty error body), all mean the same to a buyer: try again later.
     */
    private static PaymentProviderException unavailable(String action, Exception e) {
        // stripe-java's messages hold no key, but a request id and Stripe's wording; keep them in the log only.
        if (e instanceof StripeException stripe) {
            LOG.warn("Stripe failed to {}: {} (status {}, request {}): {}", action, e.getClass().getSimpleName(),
                    stripe.getStatusCode(), stripe.getRequestId(), e.getMessage());
        } else {
            LOG.warn("Stripe's answer could not be read while trying to {}", action, e);
        }
        return new PaymentProviderException("The payment provider is unavailable; please try again shortly", e);
    }
}

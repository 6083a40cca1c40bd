package dev.sejour.booking;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionListParams;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Stripe calls of the booking flow, on stripe-java's own HTTP stack. Every failure becomes a
 * {@link PaymentProviderException} whose message is safe to show; the detail goes to the log.
 */
final class StripeGateway {

    private static final Logger LOG = LoggerFactory.getLogger(StripeGateway.class);

    // Stripe's parameters that carry what the buyer typed, and the checkout field each comes from.
    private static final Map<String, String> BUYER_FIELDS = Map.of(
            "customer_email", "email",
            "metadata[" + SessionState.METADATA_EMAIL + "]", "email",
            "metadata[" + SessionState.METADATA_LAST_NAME + "]", "nom",
            "metadata[" + SessionState.METADATA_FIRST_NAME + "]", "prenom");

    private final StripeClient client;
    private final boolean adaptivePricing;
    private final List<SessionCreateParams.PaymentMethodType> paymentMethodTypes;

    StripeGateway(StripeClient client, boolean adaptivePricing) {
        this(client, adaptivePricing, List.of());
    }

    /** @param paymentMethodTypes Stripe's {@code payment_method_types} to send, none for the dashboard's */
    StripeGateway(StripeClient client, boolean adaptivePricing, List<String> paymentMethodTypes) {
        this.client = client;
        this.adaptivePricing = adaptivePricing;
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
        SessionCreateParams.Builder params = SessionCreateParams.builder();
        if (!paymentMethodTypes.isEmpty()) {
            params.addAllPaymentMethodType(paymentMethodTypes);
        }
        params
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl(successUrl)
                .setCancelUrl(cancelUrl)
                .setCustomerEmail(reservation.buyer().email())
                .setClientReferenceId(reservation.id())
                .setExpiresAt(expiresAt.getEpochSecond())
                .putMetadata(SessionState.METADATA_RESERVATION_ID, reservation.id())
                // The seed's webhook read these; they make the dashboard readable, and rebuild a reservation the store lost.
                .putMetadata(SessionState.METADATA_SLUG, reservation.sejourSlug())
                .putMetadata(SessionState.METADATA_PLACES, Integer.toString(reservation.places()))
                .putMetadata(SessionState.METADATA_EMAIL, reservation.buyer().email())
                .putMetadata(SessionState.METADATA_LAST_NAME, reservation.buyer().lastName())
                .putMetadata(SessionState.METADATA_FIRST_NAME, reservation.buyer().firstName())
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putMetadata(SessionState.METADATA_RESERVATION_ID, reservation.id())
                        .putMetadata(SessionState.METADATA_SLUG, reservation.sejourSlug())
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
                        .build());
        if (!adaptivePricing) {
            params.setAdaptivePricing(SessionCreateParams.AdaptivePricing.builder().setEnabled(false).build());
        }
        try {
            Session session = client.v1().checkout().sessions().create(params.build(),
                    idempotent("checkout-" + reservation.id()));
            return new CreatedSession(session.getId(), session.getUrl());
        } catch (InvalidRequestException e) {
            String field = buyerField(e);
            if (field != null) {
                // Retrying cannot help: the buyer must correct what they typed.
                LOG.info("Stripe refused the {} of reservation {} ({}, code {}, request {}): {}", field,
                        reservation.id(), e.getParam(), e.getCode(), e.getRequestId(), e.getMessage());
                throw new dev.sejour.booking.InvalidRequestException(field
                        + " was refused by the payment provider; please check it", e);
            }
            throw unavailable("create the checkout session for " + reservation.id(), e);
        } catch (StripeException | RuntimeException e) {
            throw unavailable("create the checkout session for " + reservation.id(), e);
        }
    }

    /** The checkout field a 4xx of Stripe blames ({@code invalid_request_error} on a buyer's parameter), or null. */
    private static @Nullable String buyerField(InvalidRequestException e) {
        Integer status = e.getStatusCode();
        if (status == null || status != 400 || e.getParam() == null) {
            return null;
        }
        if (e.getStripeError() != null && !"invalid_request_error".equals(e.getStripeError().getType())) {
            return null;
        }
        return BUYER_FIELDS.get(e.getParam());
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
     * The Checkout Session that created a payment intent ({@code GET /v1/checkout/sessions?payment_intent=}),
     * or empty if Stripe lists none (a payment made outside Checkout, another account's).
     *
     * @throws PaymentProviderException Stripe could not be asked
     */
    Optional<SessionState> findSessionOfPayment(String paymentIntentId) {
        try {
            List<Session> found = client.v1().checkout().sessions().list(SessionListParams.builder()
                    .setPaymentIntent(paymentIntentId).setLimit(1L).build()).getData();
            return found == null || found.isEmpty() ? Optional.empty()
                    : Optional.of(SessionState.fromStripe(found.get(0)));
        } catch (StripeException | RuntimeException e) {
            throw unavailable("list the checkout session of payment " + paymentIntentId, e);
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

    /**
     * Whether the payment was refunded in full already (from the dashboard, say), as Stripe says now: its
     * latest charge, expanded, reads {@code refunded}.
     */
    boolean refundedInFull(String paymentIntentId) {
        try {
            PaymentIntent intent = client.v1().paymentIntents().retrieve(paymentIntentId,
                    PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build());
            Charge charge = intent.getLatestChargeObject();
            return charge != null && Boolean.TRUE.equals(charge.getRefunded());
        } catch (StripeException | RuntimeException e) {
            throw unavailable("look up payment " + paymentIntentId, e);
        }
    }

    /**
     * Refunds a payment in full; the key makes a retried refund the same refund, and a payment refunded
     * already counts as refunded.
     *
     * @return the refund's id, or {@code "already refunded"}
     * @throws ChangeRefusedException Stripe refuses because the payment is disputed ({@code charge_disputed})
     */
    String refund(String paymentIntentId, String reservationId) {
        RefundCreateParams params = RefundCreateParams.builder()
                .setPaymentIntent(paymentIntentId)
                .putMetadata(SessionState.METADATA_RESERVATION_ID, reservationId)
                .build();
        try {
            Refund refund = client.v1().refunds().create(params, idempotent("refund-" + paymentIntentId));
            return refund.getId();
        } catch (InvalidRequestException e) {
            if ("charge_already_refunded".equals(e.getCode())) {
                // Refunded already (from the dashboard, or by this call more than a day ago, when Stripe no
                // longer replays the idempotency key): the money is back, which is all that was asked.
                LOG.info("Payment {} was already refunded (request {})", paymentIntentId, e.getRequestId());
                return "already refunded";
            }
            if ("charge_disputed".equals(e.getCode())) {
                // Not a failure to retry: the bank settled the payment through the buyer's dispute.
                LOG.warn("Stripe refuses to refund payment {}: it is disputed (request {})", paymentIntentId,
                        e.getRequestId());
                throw new ChangeRefusedException("payment " + paymentIntentId + " of reservation " + reservationId
                        + " is disputed: Stripe refuses to refund it; see the dispute in Stripe's dashboard");
            }
            throw unavailable("refund payment " + paymentIntentId, e);
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

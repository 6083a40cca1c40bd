package dev.sejour.booking;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.model.checkout.Session;
import java.util.Map;

/**
 * What the booking flow needs of a Checkout Session, read either from a webhook's raw JSON or from
 * stripe-java's typed answer, so that neither depends on the other's API version.
 */
record SessionState(
        String id,
        String status,
        String paymentStatus,
        Long amountTotal,
        String currency,
        String paymentIntentId,
        String reservationId,
        boolean livemode,
        String url) {

    static final String METADATA_RESERVATION_ID = "reservation_id";

    boolean isPaid() {
        return "paid".equals(paymentStatus) || "no_payment_required".equals(paymentStatus);
    }

    boolean isOpen() {
        return "open".equals(status);
    }

    boolean isComplete() {
        return "complete".equals(status);
    }

    static SessionState fromJson(JsonNode session) {
        JsonNode metadata = session.path("metadata");
        String reservationId = text(metadata.get(METADATA_RESERVATION_ID));
        if (reservationId == null) {
            reservationId = text(session.get("client_reference_id"));
        }
        JsonNode amount = session.get("amount_total");
        return new SessionState(
                text(session.get("id")),
                text(session.get("status")),
                text(session.get("payment_status")),
                amount != null && amount.canConvertToLong() ? amount.asLong() : null,
                text(session.get("currency")),
                idOf(session.get("payment_intent")),
                reservationId,
                session.path("livemode").asBoolean(false),
                text(session.get("url")));
    }

    static SessionState fromStripe(Session session) {
        Map<String, String> metadata = session.getMetadata();
        String reservationId = metadata == null ? null : metadata.get(METADATA_RESERVATION_ID);
        if (reservationId == null) {
            reservationId = session.getClientReferenceId();
        }
        return new SessionState(
                session.getId(),
                session.getStatus(),
                session.getPaymentStatus(),
                session.getAmountTotal(),
                session.getCurrency(),
                session.getPaymentIntent(),
                reservationId,
                Boolean.TRUE.equals(session.getLivemode()),
                session.getUrl());
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode() ? null : node.asText();
    }

    /** An expandable field is an id string, or an object with an id when expanded. */
    static String idOf(JsonNode node) {
        if (node != null && node.isObject()) {
            return text(node.get("id"));
        }
        return text(node);
    }
}

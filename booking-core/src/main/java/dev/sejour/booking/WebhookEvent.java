package dev.sejour.booking;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * A verified webhook event, read from its raw JSON (never through stripe-java's typed model, whose
 * deserializer answers nothing when the event's API version differs from the pinned one).
 */
record WebhookEvent(@Nullable String id, String type, boolean livemode, JsonNode object) {

    static final String SESSION_COMPLETED = "checkout.session.completed";
    static final String ASYNC_PAYMENT_SUCCEEDED = "checkout.session.async_payment_succeeded";
    static final String ASYNC_PAYMENT_FAILED = "checkout.session.async_payment_failed";
    static final String SESSION_EXPIRED = "checkout.session.expired";
    static final String CHARGE_REFUNDED = "charge.refunded";
    static final String DISPUTE_PREFIX = "charge.dispute.";
    static final String DISPUTE_CREATED = "charge.dispute.created";
    static final String DISPUTE_UPDATED = "charge.dispute.updated";
    static final String DISPUTE_FUNDS_WITHDRAWN = "charge.dispute.funds_withdrawn";
    static final String DISPUTE_CLOSED = "charge.dispute.closed";

    static WebhookEvent fromJson(JsonNode root) {
        JsonNode object = root.path("data").path("object");
        if (!root.isObject() || !object.isObject()) {
            throw new InvalidRequestException("the webhook payload is not a Stripe event");
        }
        String type = SessionState.text(root.get("type"));
        if (type == null) {
            throw new InvalidRequestException("the webhook payload has no event type");
        }
        return new WebhookEvent(SessionState.text(root.get("id")), type, root.path("livemode").asBoolean(false), object);
    }
}

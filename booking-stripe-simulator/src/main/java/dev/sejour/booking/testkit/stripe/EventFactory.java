package dev.sejour.booking.testkit.stripe;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Builds event payloads in the shape Stripe delivers for API version {@value #API_VERSION}. */
final class EventFactory {

    static final String API_VERSION = "2026-07-29.dahlia";

    private EventFactory() {}

    /**
     * @param requestId      the API request that caused the event, or null for actions Stripe
     *                       takes on its own (a buyer paying, a session expiring, the dashboard)
     * @param idempotencyKey that request's key, or null
     */
    static SimulatedEvent create(String type, Map<String, Object> object,
            @Nullable Map<String, Object> previousAttributes, Instant created, boolean livemode,
            @Nullable String requestId, @Nullable String idempotencyKey) {
        return create(type, object, previousAttributes, created, livemode, requestId, idempotencyKey,
                API_VERSION);
    }

    /** The same, for an endpoint at another API version (the object is already in its shape). */
    static SimulatedEvent create(String type, Map<String, Object> object,
            @Nullable Map<String, Object> previousAttributes, Instant created, boolean livemode,
            @Nullable String requestId, @Nullable String idempotencyKey, String apiVersion) {
        String id = Ids.next("evt_");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", requestId);
        request.put("idempotency_key", idempotencyKey);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("object", object);
        if (previousAttributes != null) {
            data.put("previous_attributes", previousAttributes);
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("object", "event");
        event.put("api_version", apiVersion);
        event.put("created", created.getEpochSecond());
        event.put("data", data);
        event.put("livemode", livemode);
        event.put("pending_webhooks", 1);
        event.put("request", request);
        event.put("type", type);
        // Every object the simulator emits (session, charge, dispute) has an id.
        return new SimulatedEvent(id, type, (String) Objects.requireNonNull(object.get("id")),
                Instant.ofEpochSecond(created.getEpochSecond()), Json.write(event));
    }
}

package dev.sejour.booking.testkit.stripe;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A request the simulator's API received, as sent, so tests can assert what the code under test
 * asked Stripe for.
 *
 * @param method     {@code GET} or {@code POST}
 * @param path       e.g. {@code /v1/checkout/sessions}
 * @param query      the raw query string, or null
 * @param headers    request headers; look-ups through {@link #header(String)} ignore case
 * @param body       the raw body (form-encoded for Stripe API calls)
 * @param formParams decoded parameters keyed by their bracket name, e.g.
 *                   {@code line_items[0][price_data][unit_amount]} → {@code "90000"}
 * @param params     the same parameters nested into maps and lists
 * @param faulted    true when an enqueued {@link Fault} answered or delayed this request
 * @param receivedAt wall-clock time of arrival
 */
public record RecordedRequest(
        String method,
        String path,
        @Nullable String query,
        Map<String, List<String>> headers,
        String body,
        Map<String, String> formParams,
        Map<String, Object> params,
        boolean faulted,
        Instant receivedAt) {

    public RecordedRequest {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        headers = Collections.unmodifiableMap(copy);
        formParams = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(formParams));
        params = Collections.unmodifiableMap(params);
    }

    /** The first value of a header, ignoring case, or null. */
    public @Nullable String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The {@code Idempotency-Key} header, or null. */
    public @Nullable String idempotencyKey() {
        return header("Idempotency-Key");
    }

    /** A decoded parameter by its bracket name, e.g. {@code metadata[reservation_id]}, or null. */
    public @Nullable String param(String bracketName) {
        return formParams.get(bracketName);
    }

    /** The bearer token from {@code Authorization}, or null. */
    public @Nullable String apiKey() {
        String auth = header("Authorization");
        return auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim() : null;
    }
}

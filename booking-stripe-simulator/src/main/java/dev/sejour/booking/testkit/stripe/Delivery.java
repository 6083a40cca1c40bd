package dev.sejour.booking.testkit.stripe;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * One attempt to deliver an event to the webhook endpoint.
 *
 * @param eventId      the delivered event
 * @param eventType    its type
 * @param endpoint     where it was POSTed
 * @param statusCode   the endpoint's HTTP status, or 0 when no response came (see {@code failure})
 * @param responseBody the endpoint's response body (empty when none)
 * @param failure      why no response came (connection refused, timeout…), or null
 */
public record Delivery(String eventId, String eventType, URI endpoint, int statusCode,
        String responseBody, @Nullable String failure) {

    /** True for a 2xx answer, which is what Stripe counts as delivered. */
    public boolean succeeded() {
        return statusCode >= 200 && statusCode < 300;
    }
}

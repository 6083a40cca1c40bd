package dev.sejour.booking.testkit.stripe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An error answered in Stripe's JSON shape; stripe-java picks its exception type from the HTTP
 * status and {@code error.type}, so both must be right. {@code code} is one of Stripe's error codes
 * (https://docs.stripe.com/error-codes) or null: Stripe sends none for an invalid enum value, a
 * malformed parameter of no more specific kind, an unknown API key or a session that cannot be expired.
 */
final class StripeApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final @Nullable String code;
    private final @Nullable String param;
    private final boolean whileExecuting;

    StripeApiError(int status, String type, @Nullable String code, @Nullable String param, String message) {
        this(status, type, code, param, message, false);
    }

    private StripeApiError(int status, String type, @Nullable String code, @Nullable String param, String message,
            boolean whileExecuting) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.whileExecuting = whileExecuting;
    }

    /**
     * This error, raised once the endpoint had begun executing (the request was valid, the object's
     * state refused it). Stripe saves such an answer for the idempotency key and replays it; a request
     * that failed validation is not saved, so a corrected retry with the same key runs.
     */
    StripeApiError whileExecuting() {
        // Every constructor takes a non-null message.
        return new StripeApiError(status, type, code, param, Objects.requireNonNull(getMessage()), true);
    }

    boolean savedForIdempotency() {
        return whileExecuting;
    }

    static StripeApiError invalidRequest(String message, @Nullable String param, @Nullable String code) {
        return new StripeApiError(400, "invalid_request_error", code, param, message);
    }

    static StripeApiError missing(String param) {
        return invalidRequest("Missing required param: " + param + ".", param, "parameter_missing");
    }

    static StripeApiError notFound(String message, @Nullable String param) {
        return new StripeApiError(404, "invalid_request_error", "resource_missing", param, message);
    }

    /** The error stripe-java would see from Stripe for this status, used by status faults. */
    static StripeApiError forStatus(int status) {
        switch (status) {
            case 400:
                return invalidRequest("Simulated bad request.", null, null);
            case 401:
                return new StripeApiError(401, "invalid_request_error", null, null,
                        "Simulated authentication failure.");
            case 402:
                return new StripeApiError(402, "card_error", "card_declined", null,
                        "Your card was declined.");
            case 403:
                return new StripeApiError(403, "invalid_request_error", null, null,
                        "Simulated permission error.");
            case 404:
                return notFound("Simulated missing resource.", null);
            case 409:
                return new StripeApiError(409, "invalid_request_error", "lock_timeout", null,
                        "This object cannot be accessed right now because another API request or Stripe"
                                + " process is currently accessing it.");
            case 429:
                return new StripeApiError(429, "rate_limit_error", "rate_limit", null,
                        "Too many requests hit the API too quickly.");
            default:
                return new StripeApiError(status, status >= 500 ? "api_error" : "invalid_request_error",
                        null, null, "Simulated error (HTTP " + status + ").");
        }
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    @Nullable String code() {
        return code;
    }

    @Nullable String param() {
        return param;
    }

    /** Stripe omits absent fields from errors rather than sending nulls. */
    Map<String, Object> toJson() {
        Map<String, Object> error = new LinkedHashMap<>();
        if (code != null) {
            error.put("code", code);
        }
        error.put("message", getMessage());
        if (param != null) {
            error.put("param", param);
        }
        error.put("type", type);
        return Map.of("error", error);
    }
}

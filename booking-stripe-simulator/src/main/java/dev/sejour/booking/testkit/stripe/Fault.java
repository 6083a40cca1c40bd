package dev.sejour.booking.testkit.stripe;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A failure the simulator plays instead of (or before) answering an API request, for testing how
 * code copes with an unreliable Stripe. Immutable: {@link #forPath(String)} and {@link #times(int)}
 * return copies.
 *
 * <pre>{@code
 * simulator.enqueueFault(Fault.status(500).forPath("/v1/checkout/sessions").times(2));
 * simulator.enqueueFault(Fault.delay(Duration.ofSeconds(2)));   // provoke a read timeout
 * }</pre>
 *
 * <p>Faults apply to {@code /v1/…} API requests only (not the hosted checkout page), are matched
 * in FIFO order against the request path, and leave the simulator's state untouched, except a
 * delay, after which the request is processed normally (as when Stripe is slow: the change
 * happens even if the client gave up waiting, which is what idempotency keys are for).
 */
public final class Fault {

    enum Kind { STATUS, DELAY, DISCONNECT }

    private final Kind kind;
    private final int status;
    private final Duration delay;
    private final String pathPrefix;
    private final int times;
    /** The error answered instead of the status's generic one, or null. */
    private final @Nullable StripeApiError error;

    private Fault(Kind kind, int status, Duration delay, String pathPrefix, int times) {
        this(kind, status, delay, pathPrefix, times, null);
    }

    private Fault(Kind kind, int status, Duration delay, String pathPrefix, int times, @Nullable StripeApiError error) {
        this.kind = kind;
        this.status = status;
        this.delay = delay;
        this.pathPrefix = pathPrefix;
        this.times = times;
        this.error = error;
    }

    /**
     * Answers 400 with an {@code invalid_request_error} blaming one parameter, as Stripe refuses a value it
     * does not accept: {@code invalidRequest("customer_email", "email_invalid", "Invalid email address: …")}
     * is Stripe's answer to an email address it finds invalid. stripe-java throws its
     * {@code InvalidRequestException} with that {@code param} and {@code code}.
     */
    public static Fault invalidRequest(String param, @Nullable String code, String message) {
        return new Fault(Kind.STATUS, 400, Duration.ZERO, "/", 1, StripeApiError.invalidRequest(
                Objects.requireNonNull(message, "message"), Objects.requireNonNull(param, "param"), code));
    }

    /** Stripe refusing the {@code customer_email} of the next Checkout Session created, as it does for an address it finds invalid. */
    public static Fault invalidEmail() {
        return invalidRequest("customer_email", "email_invalid", "Invalid email address").forPath(
                "/v1/checkout/sessions");
    }

    /**
     * Answers with this HTTP status and a Stripe error body: 500+ → {@code api_error} (stripe-java
     * {@code ApiException}, retried), 429 → {@code rate_limit_error}, 409 → {@code lock_timeout}
     * (retried), 400/404 → {@code invalid_request_error}, 401 → authentication failure.
     */
    public static Fault status(int httpStatus) {
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("a fault status must be 4xx or 5xx: " + httpStatus);
        }
        return new Fault(Kind.STATUS, httpStatus, Duration.ZERO, "/", 1);
    }

    /** Waits this long, then answers normally; {@link StripeSimulator#close()} cuts the wait short. */
    public static Fault delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay: " + delay);
        }
        return new Fault(Kind.DELAY, 0, delay, "/", 1);
    }

    /**
     * Closes the connection without answering. Note: {@code HttpURLConnection} (used by
     * stripe-java) silently re-sends a request once when the connection drops before any response,
     * so use {@code times(2)} (or more) for stripe-java to see an {@code ApiConnectionException}.
     */
    public static Fault disconnect() {
        return new Fault(Kind.DISCONNECT, 0, Duration.ZERO, "/", 1);
    }

    /** Applies only to requests whose path starts with {@code prefix}, e.g. {@code /v1/refunds}. */
    public Fault forPath(String prefix) {
        return new Fault(kind, status, delay, Objects.requireNonNull(prefix, "prefix"), times, error);
    }

    /** Applies to the next {@code n} matching requests (default 1). */
    public Fault times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("times must be at least 1: " + n);
        }
        return new Fault(kind, status, delay, pathPrefix, n, error);
    }

    public String pathPrefix() {
        return pathPrefix;
    }

    public int times() {
        return times;
    }

    Kind kind() {
        return kind;
    }

    int httpStatus() {
        return status;
    }

    Duration delay() {
        return delay;
    }

    /** The error to answer: the one given, or Stripe's usual one for the status. */
    StripeApiError error() {
        return error != null ? error : StripeApiError.forStatus(status);
    }

    @Override
    public String toString() {
        String what = error != null ? "invalidRequest(" + error.param() + ", " + error.code() + ")"
                : kind == Kind.STATUS ? "status(" + status + ")"
                : kind == Kind.DELAY ? "delay(" + delay + ")" : "disconnect()";
        return "Fault." + what + ".forPath(" + pathPrefix + ").times(" + times + ")";
    }
}

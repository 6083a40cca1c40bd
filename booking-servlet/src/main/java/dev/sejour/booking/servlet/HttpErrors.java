package dev.sejour.booking.servlet;

import dev.sejour.booking.ErrorCode;

/**
 * The HTTP side of the library's errors: the status of each domain {@link ErrorCode} (core knows no HTTP),
 * and the refusals only a transport makes (unknown path, wrong method, body too large, not JSON).
 */
final class HttpErrors {

    /** The status of the servlet's opt-in per-client limit ({@code too_many_requests}). */
    static final int TOO_MANY_REQUESTS = 429;

    private HttpErrors() {
    }

    /** The status answered for a domain error. */
    static int status(ErrorCode code) {
        // No default: a new code does not compile until it has its status here.
        return switch (code) {
            case INVALID_REQUEST, INVALID_SIGNATURE -> 400;
            case SEJOUR_NOT_FOUND, RESERVATION_NOT_FOUND -> 404;
            case NOT_ENOUGH_PLACES, CHECKOUT_ALREADY_PAID, CHANGE_REFUSED -> 409;
            case TOO_MANY_PENDING_CHECKOUTS -> 429;
            case INTERNAL_ERROR, NOTIFICATION_FAILED -> 500;
            case PAYMENT_PROVIDER_UNAVAILABLE -> 502;
        };
    }

    /** A request refused by the transport before it reached the booking service. */
    static final class Refusal extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final int status;
        private final String code;

        private Refusal(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }

        /** Missing or wrong credentials on the organiser's endpoints: 401 {@code unauthorized}. */
        static Refusal unauthorized(String message) {
            return new Refusal(401, "unauthorized", message);
        }

        /** No endpoint at that path: 404 {@code not_found}. */
        static Refusal notFound(String message) {
            return new Refusal(404, "not_found", message);
        }

        /** 405 {@code method_not_allowed}. */
        static Refusal methodNotAllowed(String message) {
            return new Refusal(405, "method_not_allowed", message);
        }

        /** 413 {@code payload_too_large}. */
        static Refusal payloadTooLarge(String message) {
            return new Refusal(413, "payload_too_large", message);
        }

        /** 415 {@code unsupported_media_type}. */
        static Refusal unsupportedMediaType(String message) {
            return new Refusal(415, "unsupported_media_type", message);
        }

        int status() {
            return status;
        }

        String code() {
            return code;
        }
    }
}

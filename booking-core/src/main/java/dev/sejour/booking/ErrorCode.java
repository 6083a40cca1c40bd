package dev.sejour.booking;

/** Stable error codes, sent as {@code {"error": code, "message": …}} with their HTTP status. */
public enum ErrorCode {
    INVALID_REQUEST("invalid_request", 400),
    INVALID_SIGNATURE("invalid_signature", 400),
    SEJOUR_NOT_FOUND("sejour_not_found", 404),
    RESERVATION_NOT_FOUND("reservation_not_found", 404),
    /** No endpoint at that path. */
    NOT_FOUND("not_found", 404),
    METHOD_NOT_ALLOWED("method_not_allowed", 405),
    /** The request body did not arrive in time (a server's slow-client guard; not sent by the library itself). */
    REQUEST_TIMEOUT("request_timeout", 408),
    NOT_ENOUGH_PLACES("not_enough_places", 409),
    /** An organiser's change the current state does not allow (see {@link ChangeRefusedException}). */
    CHANGE_REFUSED("change_refused", 409),
    /** Missing or wrong credentials on an organiser's endpoint. */
    UNAUTHORIZED("unauthorized", 401),
    /** The buyer's earlier checkout for the same séjour was paid while they started another one. */
    CHECKOUT_ALREADY_PAID("checkout_already_paid", 409),
    PAYLOAD_TOO_LARGE("payload_too_large", 413),
    /** The URL is longer than the server accepts (the container's answer; not sent by the library itself). */
    URI_TOO_LONG("uri_too_long", 414),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    /** The buyer's address already has as many pending checkouts as allowed. */
    TOO_MANY_PENDING_CHECKOUTS("too_many_pending_checkouts", 429),
    /** The request headers are larger than the server accepts (the container's answer; not sent by the library). */
    HEADERS_TOO_LARGE("headers_too_large", 431),
    /** The client sent more requests than the servlet's opt-in per-client limit allows. */
    TOO_MANY_REQUESTS("too_many_requests", 429),
    INTERNAL_ERROR("internal_error", 500),
    PAYMENT_PROVIDER_UNAVAILABLE("payment_provider_unavailable", 502),
    /** A message the organiser asked to send again could not be sent (the mail server refused or failed). */
    NOTIFICATION_FAILED("notification_failed", 502);

    private final String code;
    private final int httpStatus;

    ErrorCode(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}

package dev.sejour.booking.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sejour.booking.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/** JSON answers of the example's own endpoints, shaped like the booking servlet's. */
final class JsonSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    private JsonSupport() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static void write(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    /** The library's error shape and status for the code, so the pages handle one set of codes. */
    static void error(HttpServletResponse response, ErrorCode code, String message) throws IOException {
        // The same statuses as booking-servlet answers (its mapping is internal to it).
        int status = switch (code) {
            case SEJOUR_NOT_FOUND, RESERVATION_NOT_FOUND -> 404;
            case INVALID_REQUEST, INVALID_SIGNATURE -> 400;
            case NOT_ENOUGH_PLACES, CHECKOUT_ALREADY_PAID -> 409;
            case TOO_MANY_PENDING_CHECKOUTS -> 429;
            case PAYMENT_PROVIDER_UNAVAILABLE -> 502;
            default -> 500;
        };
        error(response, status, code.code(), message);
    }

    /** A transport refusal in the library's error shape ({@code method_not_allowed}, …). */
    static void error(HttpServletResponse response, int status, String code, String message) throws IOException {
        write(response, status, object().put("error", code).put("message", message));
    }
}

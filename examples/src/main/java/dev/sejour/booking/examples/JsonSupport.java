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
        write(response, code.httpStatus(), object().put("error", code.code()).put("message", message));
    }
}

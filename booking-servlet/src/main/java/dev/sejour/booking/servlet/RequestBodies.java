package dev.sejour.booking.servlet;

import dev.sejour.booking.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;

/** Reads request bodies as raw bytes, bounded, with the checks that come before parsing. */
final class RequestBodies {

    private static final int DRAIN_BUFFER = 8 * 1024;

    private RequestBodies() {
    }

    /**
     * The body, or a 413 as soon as it is known to exceed {@code limit}: from its declared length, or while
     * reading.
     *
     * <p>A refused body at most twice the limit is read to its end and dropped, so the client reads the 413
     * and may keep its connection (closing a socket with unread input makes TCP reset the connection, and
     * the client may then lose the answer). A larger one is not read (a declared one not at all, so an
     * {@code Expect: 100-continue} client is not asked for it): the answer asks to close the connection
     * ({@code Connection: close}), and the container drops the rest.
     */
    static byte[] read(HttpServletRequest request, HttpServletResponse response, int limit) throws IOException {
        long declared = request.getContentLengthLong();
        long drainable = 2L * limit;
        if (declared > limit) {
            if (declared <= drainable) {
                drain(request.getInputStream(), declared);
            } else {
                response.setHeader("Connection", "close");
            }
            throw tooLarge(limit);
        }
        byte[] buffer = new byte[(int) Math.min(Math.max(declared, 1024), limit + 1L)];
        int length = 0;
        InputStream in = request.getInputStream();
        try {
            while (true) {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, (int) Math.min(buffer.length * 2L, limit + 1L));
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
                if (length > limit) {
                    if (!drain(in, drainable - length)) {
                        response.setHeader("Connection", "close");
                    }
                    throw tooLarge(limit);
                }
            }
        } catch (RuntimeException e) {
            if (e instanceof HttpErrors.Refusal) {
                throw e;
            }
            // Containers throw unchecked exceptions for a malformed body (bad chunked encoding…).
            throw new InvalidRequestException("the request body could not be read");
        }
        return Arrays.copyOf(buffer, length);
    }

    /** Reads and drops up to {@code max} bytes; answers whether the body ended within them. */
    private static boolean drain(InputStream in, long max) throws IOException {
        byte[] sink = new byte[DRAIN_BUFFER];
        long left = max;
        while (left >= 0) {
            int read = in.read(sink, 0, (int) Math.min(sink.length, left + 1));
            if (read < 0) {
                return true;
            }
            left -= read;
        }
        return false;
    }

    /**
     * Drops the body of a request refused before it was read (a 415), as {@link #read} does for a 413: up to
     * twice the limit it is read to its end, so the connection can carry the client's next request; past
     * that, or if it cannot be read, the answer asks to close the connection. Otherwise the container would
     * close a connection with unread input after the answer, unannounced, and a client reusing it loses
     * its next request.
     */
    static void discard(HttpServletRequest request, HttpServletResponse response, int limit) {
        long drainable = 2L * limit;
        try {
            if (request.getContentLengthLong() > drainable || !drain(request.getInputStream(), drainable)) {
                response.setHeader("Connection", "close");
            }
        } catch (IOException | RuntimeException e) {
            response.setHeader("Connection", "close");
        }
    }

    /** Accepts {@code application/json}, with no charset or UTF-8; anything else is a 415. */
    static void requireJson(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            throw HttpErrors.Refusal.unsupportedMediaType("Content-Type must be application/json");
        }
        String[] parts = type.toLowerCase(Locale.ROOT).split(";");
        if (!parts[0].trim().equals("application/json")) {
            throw HttpErrors.Refusal.unsupportedMediaType("Content-Type must be application/json");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].trim().split("=", 2);
            if (param[0].equals("charset") && param.length == 2
                    && !param[1].replace("\"", "").trim().equals("utf-8")) {
                throw HttpErrors.Refusal.unsupportedMediaType("the JSON body must be UTF-8");
            }
        }
    }

    private static HttpErrors.Refusal tooLarge(int limit) {
        return HttpErrors.Refusal.payloadTooLarge("the request body exceeds " + limit + " bytes");
    }
}

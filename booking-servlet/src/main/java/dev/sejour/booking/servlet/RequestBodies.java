package dev.sejour.booking.servlet;

import dev.sejour.booking.BookingException;
import dev.sejour.booking.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;

/** Reads request bodies as raw bytes, bounded, with the checks that come before parsing. */
final class RequestBodies {

    private RequestBodies() {
    }

    /** The body, or a 413 as soon as it is known to exceed {@code limit} (from its length or while reading). */
    static byte[] read(HttpServletRequest request, int limit) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        byte[] buffer = new byte[(int) Math.min(Math.max(declared, 1024), limit + 1L)];
        int length = 0;
        try (InputStream in = request.getInputStream()) {
            while (true) {
                if (length == buffer.length) {
                    if (length > limit) {
                        throw tooLarge(limit);
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min(buffer.length * 2L, limit + 1L));
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
                if (length > limit) {
                    throw tooLarge(limit);
                }
            }
        }
        return Arrays.copyOf(buffer, length);
    }

    /** Accepts {@code application/json}, with no charset or UTF-8; anything else is a 415. */
    static void requireJson(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            throw new BookingException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
        }
        String[] parts = type.toLowerCase(Locale.ROOT).split(";");
        if (!parts[0].trim().equals("application/json")) {
            throw new BookingException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].trim().split("=", 2);
            if (param[0].equals("charset") && param.length == 2
                    && !param[1].replace("\"", "").trim().equals("utf-8")) {
                throw new BookingException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the JSON body must be UTF-8");
            }
        }
    }

    private static BookingException tooLarge(int limit) {
        return new BookingException(ErrorCode.PAYLOAD_TOO_LARGE, "the request body exceeds " + limit + " bytes");
    }
}

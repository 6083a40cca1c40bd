package dev.sejour.booking.examples;

import dev.sejour.booking.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a malformed request line, a URL or headers too long, a body that did not
 * arrive in time or is too large) in the library's shape, {@code {"error": code, "message": text}}, instead
 * of Jetty's HTML page: the pages and API clients handle one format, and nothing names the server.
 */
final class JsonErrorHandler implements Request.Handler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof HttpException http) {
            status = http.getCode();
            response.setStatus(status);
        }
        if (HttpStatus.hasNoBody(status) || "HEAD".equals(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        String json = JsonSupport.object().put("error", code(status)).put("message", message(status)).toString();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=UTF-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /**
     * The code for a status Jetty chose: the transport codes booking-servlet answers too, the core's
     * generic ones otherwise.
     */
    static String code(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            case 431 -> "headers_too_large";
            default -> (status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_REQUEST).code();
        };
    }

    // Fixed texts: Jetty's reasons can echo parts of the request.
    private static String message(int status) {
        return switch (status) {
            case 400 -> "the request is malformed";
            case 404 -> "nothing at this address";
            case 408 -> "the request did not arrive in time";
            case 413 -> "the request body is too large";
            case 414 -> "the URL is too long";
            case 431 -> "the request headers are too large";
            default -> status >= 500 ? "an internal error occurred; please try again later"
                    : "the request cannot be served (HTTP " + status + ")";
        };
    }
}

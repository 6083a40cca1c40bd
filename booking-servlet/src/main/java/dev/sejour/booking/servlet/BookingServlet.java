package dev.sejour.booking.servlet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sejour.booking.BookingException;
import dev.sejour.booking.BookingService;
import dev.sejour.booking.CheckoutSession;
import dev.sejour.booking.ErrorCode;
import dev.sejour.booking.InvalidRequestException;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.WebhookResult;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The seed's three endpoints, and a cancel, mounted under any path ({@code /api/paiement/*} by default):
 * <ul>
 *   <li>{@code POST …/stripe-session} — {@code {slug, nbPlaces, email, nom, prenom}} → {@code {url, sessionId,
 *       reservationId, expiresAt, resumed}}; {@code resumed} is true when the buyer's own open checkout for the
 *       same séjour and places is answered again</li>
 *   <li>{@code POST …/stripe-webhook} — Stripe's events, verified over the raw body</li>
 *   <li>{@code GET …/reservation?session_id=…} — the reservation the confirmation page shows</li>
 *   <li>{@code GET …/sejours}, {@code GET …/sejours/{slug}} — the public catalogue: {@code {slug, title,
 *       price (minor units), currency, placesLeft}}</li>
 *   <li>{@code POST …/reservation/cancel} — {@code {reservationId}} from the cancel URL: the buyer gave up,
 *       the places go back at once (see {@link BookingService#cancelCheckout})</li>
 * </ul>
 * Every error is {@code {"error": code, "message": …}} with its HTTP status; a refused request changes
 * nothing, and a 500 never carries its cause's message. {@code OPTIONS} answers 204 with {@code Allow};
 * another method answers 405 with {@code Allow}. Its own log lines carry the MDC keys
 * {@code reservationId}, {@code sessionId} and {@code eventId} once known. Register it with
 * {@link BookingEndpoints#register}, or map it yourself to {@code <base>/*}; see {@code docs/servlet.md}.
 */
public class BookingServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BookingServlet.class);

    static final String CHECKOUT = "/stripe-session";
    static final String WEBHOOK = "/stripe-webhook";
    static final String RESERVATION = "/reservation";
    static final String CANCEL = "/reservation/cancel";
    static final String SEJOURS = "/sejours";
    static final String MDC_RESERVATION = "reservationId";
    static final String MDC_SESSION = "sessionId";
    static final String MDC_EVENT = "eventId";
    private static final String INTERNAL_MESSAGE = "an internal error occurred; please try again later";

    private final transient BookingService booking;
    private final EndpointLimits limits;

    public BookingServlet(BookingService booking) {
        this(booking, EndpointLimits.DEFAULT);
    }

    public BookingServlet(BookingService booking, EndpointLimits limits) {
        this.booking = Objects.requireNonNull(booking, "booking");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String allowed = switch (path) {
            case CHECKOUT, WEBHOOK, CANCEL -> "POST";
            case RESERVATION, SEJOURS -> "GET";
            default -> isSejourPath(path) ? "GET" : null;
        };
        // Requests may run on pooled threads that carry the caller's own MDC: put back what was there.
        String[] previousMdc = {MDC.get(MDC_RESERVATION), MDC.get(MDC_SESSION), MDC.get(MDC_EVENT)};
        try {
            if (allowed == null) {
                throw HttpErrors.Refusal.notFound("no endpoint at this path");
            }
            if ("OPTIONS".equals(request.getMethod())) {
                response.setHeader("Allow", allowed + ", OPTIONS");
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
                return;
            }
            if (!allowed.equals(request.getMethod())) {
                response.setHeader("Allow", allowed + ", OPTIONS");
                throw HttpErrors.Refusal.methodNotAllowed(path + " accepts " + allowed + " only");
            }
            switch (path) {
                case CHECKOUT -> startCheckout(request, response);
                case WEBHOOK -> receiveWebhook(request, response);
                case CANCEL -> cancelCheckout(request, response);
                case RESERVATION -> findReservation(request, response);
                case SEJOURS -> listSejours(response);
                default -> showSejour(path.substring(SEJOURS.length() + 1), response);
            }
        } catch (HttpErrors.Refusal e) {
            LOG.info("{} {} refused {} {}: {}", request.getMethod(), printable(path), e.status(), e.code(),
                    e.getMessage());
            JsonResponses.error(response, e.status(), e.code(), e.getMessage());
        } catch (BookingException e) {
            logRefusal(request, path, e);
            // A 500 is a store failure or a bug: its message is for the log, not for the client.
            String message = e.errorCode() == ErrorCode.INTERNAL_ERROR ? INTERNAL_MESSAGE : e.getMessage();
            JsonResponses.error(response, e.errorCode(), message);
        } catch (RuntimeException e) {
            LOG.error("{} {} answered 500 internal_error", request.getMethod(), printable(path), e);
            JsonResponses.error(response, ErrorCode.INTERNAL_ERROR, INTERNAL_MESSAGE);
        } finally {
            restore(MDC_RESERVATION, previousMdc[0]);
            restore(MDC_SESSION, previousMdc[1]);
            restore(MDC_EVENT, previousMdc[2]);
        }
    }

    private void startCheckout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = jsonBody(request, response);
        CheckoutSession session = booking.startCheckout(JsonRequests.checkout(body));
        MDC.put(MDC_RESERVATION, session.reservationId());
        MDC.put(MDC_SESSION, session.stripeSessionId());
        LOG.debug("POST {}: reservation {} held until {}, session {}", CHECKOUT, session.reservationId(),
                session.expiresAt(), session.stripeSessionId());
        ObjectNode json = JsonResponses.object()
                .put("url", session.url())
                .put("sessionId", session.stripeSessionId())
                .put("reservationId", session.reservationId())
                .put("expiresAt", session.expiresAt().toString())
                .put("resumed", session.resumed());
        JsonResponses.write(response, HttpServletResponse.SC_OK, json);
    }

    private void receiveWebhook(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Raw bytes, never a Reader: the signature covers the exact bytes Stripe sent.
        byte[] payload = RequestBodies.read(request, response, limits.maxWebhookBytes());
        WebhookResult result = booking.handleWebhook(payload, request.getHeader("Stripe-Signature"));
        if (result.eventId() != null) {
            MDC.put(MDC_EVENT, result.eventId());
        }
        if (result.reservationId() != null) {
            MDC.put(MDC_RESERVATION, result.reservationId());
        }
        LOG.info("Webhook {} {}: {}", result.type(), result.eventId(), result.disposition());
        ObjectNode json = JsonResponses.object()
                .put("received", true)
                .put("disposition", result.disposition().name().toLowerCase(java.util.Locale.ROOT));
        JsonResponses.write(response, HttpServletResponse.SC_OK, json);
    }

    /** A JSON body within the checkout limit; a refused one is drained first so keep-alive survives. */
    private byte[] jsonBody(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            RequestBodies.requireJson(request);
        } catch (HttpErrors.Refusal e) {
            RequestBodies.discard(request, response, limits.maxCheckoutBytes());
            throw e;
        }
        return RequestBodies.read(request, response, limits.maxCheckoutBytes());
    }

    private void cancelCheckout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = jsonBody(request, response);
        String reservationId = JsonRequests.reservationId(body);
        MDC.put(MDC_RESERVATION, printable(reservationId));
        Reservation reservation = booking.cancelCheckout(reservationId);
        LOG.debug("POST {}: reservation {} is {}", CANCEL, reservation.id(), reservation.status().code());
        JsonResponses.write(response, HttpServletResponse.SC_OK, JsonResponses.reservation(reservation));
    }

    private void findReservation(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String sessionId;
        try {
            sessionId = request.getParameter("session_id");
        } catch (RuntimeException e) {
            // Jetty refuses a query string that is not valid percent-encoded UTF-8 only when it is read.
            throw new InvalidRequestException("the query string is not valid percent-encoded UTF-8");
        }
        // BookingService checks the id itself (missing, too long, control characters) before any log line.
        Reservation reservation = booking.findReservation(sessionId);
        MDC.put(MDC_SESSION, reservation.stripeSessionId());
        MDC.put(MDC_RESERVATION, reservation.id());
        LOG.debug("GET {}: reservation {} is {}", RESERVATION, reservation.id(), reservation.status().code());
        JsonResponses.write(response, HttpServletResponse.SC_OK, JsonResponses.reservation(reservation));
    }

    /** {@code GET …/sejours}: the public catalogue, by slug. */
    private void listSejours(HttpServletResponse response) throws IOException {
        ObjectNode body = JsonResponses.object();
        ArrayNode list = body.putArray("sejours");
        booking.sejours().forEach(s -> list.add(JsonResponses.sejour(s)));
        JsonResponses.write(response, HttpServletResponse.SC_OK, body);
    }

    /** {@code GET …/sejours/{slug}}. */
    private void showSejour(String slug, HttpServletResponse response) throws IOException {
        JsonResponses.write(response, HttpServletResponse.SC_OK, JsonResponses.sejour(booking.sejour(slug)));
    }

    private static boolean isSejourPath(String path) {
        return path.startsWith(SEJOURS + "/") && path.length() > SEJOURS.length() + 1
                && path.length() <= SEJOURS.length() + 201 && path.indexOf('/', SEJOURS.length() + 1) < 0;
    }

    private static void logRefusal(HttpServletRequest request, String path, BookingException e) {
        int status = HttpErrors.status(e.errorCode());
        String method = request.getMethod();
        String where = printable(path);
        if (e.errorCode() == ErrorCode.INTERNAL_ERROR) {
            LOG.error("{} {} answered {} {}", method, where, status, e.errorCode().code(), e);
        } else if (status >= 500) {
            // The cause was logged where it happened (the Stripe gateway).
            LOG.warn("{} {} answered {} {}: {}", method, where, status, e.errorCode().code(), e.getMessage());
        } else {
            LOG.info("{} {} refused {} {}: {}", method, where, status, e.errorCode().code(), e.getMessage());
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** A client-supplied value fit for a log line: no control characters (no forged lines), bounded. */
    static String printable(String value) {
        String bounded = value.length() > 200 ? value.substring(0, 200) + "…" : value;
        StringBuilder out = new StringBuilder(bounded.length());
        bounded.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}

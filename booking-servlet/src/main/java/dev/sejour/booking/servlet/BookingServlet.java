package dev.sejour.booking.servlet;

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
 * The seed's three endpoints, mounted under any path ({@code /api/paiement/*} by default):
 * <ul>
 *   <li>{@code POST …/stripe-session} — {@code {slug, nbPlaces, email, nom, prenom}} → {@code {url, sessionId, …}}</li>
 *   <li>{@code POST …/stripe-webhook} — Stripe's events, verified over the raw body</li>
 *   <li>{@code GET …/reservation?session_id=…} — the reservation the confirmation page shows</li>
 * </ul>
 * Every error is {@code {"error": code, "message": …}} with its HTTP status; a refused request changes
 * nothing. Register it with {@link BookingEndpoints#register}, or map it yourself to {@code <base>/*}.
 */
public class BookingServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BookingServlet.class);

    static final String CHECKOUT = "/stripe-session";
    static final String WEBHOOK = "/stripe-webhook";
    static final String RESERVATION = "/reservation";

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
            case CHECKOUT, WEBHOOK -> "POST";
            case RESERVATION -> "GET";
            default -> null;
        };
        try {
            if (allowed == null) {
                throw new BookingException(ErrorCode.NOT_FOUND, "no endpoint at " + path);
            }
            if (!allowed.equals(request.getMethod())) {
                response.setHeader("Allow", allowed);
                throw new BookingException(ErrorCode.METHOD_NOT_ALLOWED, path + " accepts " + allowed + " only");
            }
            switch (path) {
                case CHECKOUT -> startCheckout(request, response);
                case WEBHOOK -> receiveWebhook(request, response);
                default -> findReservation(request, response);
            }
        } catch (BookingException e) {
            logRefusal(request, path, e);
            JsonResponses.error(response, e.errorCode(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.getMethod(), path, e);
            JsonResponses.error(response, ErrorCode.INTERNAL_ERROR, "an internal error occurred");
        } finally {
            MDC.remove("reservationId");
            MDC.remove("sessionId");
            MDC.remove("eventId");
        }
    }

    private void startCheckout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        RequestBodies.requireJson(request);
        byte[] body = RequestBodies.read(request, limits.maxCheckoutBytes());
        CheckoutSession session = booking.startCheckout(CheckoutRequestParser.parse(body));
        MDC.put("reservationId", session.reservationId());
        MDC.put("sessionId", session.stripeSessionId());
        ObjectNode json = JsonResponses.object()
                .put("url", session.url())
                .put("sessionId", session.stripeSessionId())
                .put("reservationId", session.reservationId())
                .put("expiresAt", session.expiresAt().toString());
        JsonResponses.write(response, HttpServletResponse.SC_OK, json);
    }

    private void receiveWebhook(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Raw bytes, never a Reader: the signature covers the exact bytes Stripe sent.
        byte[] payload = RequestBodies.read(request, limits.maxWebhookBytes());
        WebhookResult result = booking.handleWebhook(payload, request.getHeader("Stripe-Signature"));
        MDC.put("eventId", String.valueOf(result.eventId()));
        if (result.reservationId() != null) {
            MDC.put("reservationId", result.reservationId());
        }
        LOG.info("Webhook {} {}: {}", result.type(), result.eventId(), result.disposition());
        ObjectNode json = JsonResponses.object()
                .put("received", true)
                .put("disposition", result.disposition().name().toLowerCase(java.util.Locale.ROOT));
        JsonResponses.write(response, HttpServletResponse.SC_OK, json);
    }

    private void findReservation(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String sessionId = request.getParameter("session_id");
        if (sessionId == null || sessionId.isBlank()) {
            throw new InvalidRequestException("session_id is required");
        }
        MDC.put("sessionId", sessionId);
        Reservation reservation = booking.findReservation(sessionId);
        MDC.put("reservationId", reservation.id());
        JsonResponses.write(response, HttpServletResponse.SC_OK, JsonResponses.reservation(reservation));
    }

    private static void logRefusal(HttpServletRequest request, String path, BookingException e) {
        int status = e.errorCode().httpStatus();
        if (status >= 500) {
            LOG.warn("{} {} answered {} {}: {}", request.getMethod(), path, status, e.errorCode().code(),
                    e.getMessage(), e.getCause());
        } else {
            LOG.info("{} {} refused {} {}: {}", request.getMethod(), path, status, e.errorCode().code(),
                    e.getMessage());
        }
    }
}

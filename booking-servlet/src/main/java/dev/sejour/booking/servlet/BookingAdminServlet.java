package dev.sejour.booking.servlet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sejour.booking.BookingAdmin;
import dev.sejour.booking.BookingException;
import dev.sejour.booking.Dispute;
import dev.sejour.booking.ErrorCode;
import dev.sejour.booking.InvalidRequestException;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationCsv;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.ResendResult;
import dev.sejour.booking.SejourSummary;
import dev.sejour.booking.StatusCount;
import dev.sejour.booking.spi.ReservationCursor;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The organiser's JSON endpoints, mounted under any path the application chooses ({@code {admin}/*}) and
 * guarded by an {@link AdminAuthorizer} it supplies (every request without its credentials answers 401,
 * whatever the path):
 * <ul>
 *   <li>{@code GET {admin}/sejours} — every séjour with places left, held and paid, and counts per status</li>
 *   <li>{@code GET {admin}/sejours/{slug}} — one of them</li>
 *   <li>{@code PUT {admin}/sejours/{slug}} — {@code {title, price, currency, places}} creates a séjour (201);
 *       {@code {title, price, currency}} changes an existing one's title and price (200). Places are set only
 *       at creation: {@code places} on an existing séjour answers 409, use {@code …/places}</li>
 *   <li>{@code POST {admin}/sejours/{slug}/places} — {@code {"delta": n}}: one atomic conditional change,
 *       409 {@code change_refused} if it would take held or sold places</li>
 *   <li>{@code GET {admin}/sejours/{slug}/reservations[?statut=…&limit=…&after=…]} — a page, oldest first;
 *       {@code next} is the {@code after} of the next page, null at the end</li>
 *   <li>{@code GET {admin}/sejours/{slug}/reservations.csv[?statut=…]} — all of them as CSV (see
 *       {@link ReservationCsv})</li>
 *   <li>{@code POST {admin}/reservations/{id}/refund} — refund a paid reservation (harmless when repeated)</li>
 *   <li>{@code POST {admin}/reservations/{id}/resend} — tell the buyer again</li>
 * </ul>
 * Errors are {@code {"error", "message"}} as in {@link BookingServlet}. The token travels in a header,
 * never in a cookie, so a page of another site cannot make the organiser's browser call these (no CSRF).
 */
public class BookingAdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BookingAdminServlet.class);
    private static final String INTERNAL_MESSAGE = "an internal error occurred; please try again later";
    private static final int MAX_BODY_BYTES = 16 * 1024;
    private static final int DEFAULT_PAGE = 100;
    private static final String SLUG = "([^/]{1,200})";
    private static final String ID = "([^/]{1,100})";

    private enum Route {
        SEJOURS("/sejours", "GET"),
        SEJOUR("/sejours/" + SLUG, "GET, PUT"),
        PLACES("/sejours/" + SLUG + "/places", "POST"),
        RESERVATIONS("/sejours/" + SLUG + "/reservations", "GET"),
        CSV("/sejours/" + SLUG + "/reservations\\.csv", "GET"),
        REFUND("/reservations/" + ID + "/refund", "POST"),
        RESEND("/reservations/" + ID + "/resend", "POST");

        final Pattern pattern;
        final String allowed;

        Route(String regex, String allowed) {
            this.pattern = Pattern.compile(regex);
            this.allowed = allowed;
        }
    }

    private final transient BookingAdmin admin;
    private final transient AdminAuthorizer authorizer;
    private final ZoneId zone;

    /** With CSV times in {@code Europe/Paris}. */
    public BookingAdminServlet(BookingAdmin admin, AdminAuthorizer authorizer) {
        this(admin, authorizer, ZoneId.of("Europe/Paris"));
    }

    /**
     * @param admin the organiser's side of the booking service ({@code BookingService.admin()})
     * @param authorizer who may call; required, there is no default
     * @param zone the zone the CSV export writes times in
     */
    public BookingAdminServlet(BookingAdmin admin, AdminAuthorizer authorizer, ZoneId zone) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            if (!authorizer.authorize(request)) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"sejour-booking-admin\"");
                RequestBodies.discard(request, response, MAX_BODY_BYTES);
                throw HttpErrors.Refusal.unauthorized("the organiser's credentials are missing or wrong");
            }
            Route route = null;
            Matcher matcher = null;
            for (Route candidate : Route.values()) {
                Matcher m = candidate.pattern.matcher(path);
                if (m.matches()) {
                    route = candidate;
                    matcher = m;
                    break;
                }
            }
            if (route == null || matcher == null) {
                throw HttpErrors.Refusal.notFound("no endpoint at this path");
            }
            String method = request.getMethod();
            if ("OPTIONS".equals(method)) {
                response.setHeader("Allow", route.allowed + ", OPTIONS");
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
                return;
            }
            if (!Arrays.asList(route.allowed.split(", ")).contains(method)) {
                response.setHeader("Allow", route.allowed + ", OPTIONS");
                throw HttpErrors.Refusal.methodNotAllowed(path + " accepts " + route.allowed + " only");
            }
            // Every route but SEJOURS (which reads no key) captures one group: a séjour's slug or a reservation's id.
            String key = matcher.groupCount() > 0 ? matcher.group(1) : "";
            switch (route) {
                case SEJOURS -> listSejours(response);
                case SEJOUR -> {
                    if ("PUT".equals(method)) {
                        putSejour(key, request, response);
                    } else {
                        JsonResponses.write(response, 200, summary(admin.sejour(key)));
                    }
                }
                case PLACES -> adjustPlaces(key, request, response);
                case RESERVATIONS -> listReservations(key, request, response);
                case CSV -> exportCsv(key, request, response);
                case REFUND -> refund(key, response);
                case RESEND -> resend(key, response);
                default -> throw new IllegalStateException(route.name());
            }
        } catch (HttpErrors.Refusal e) {
            LOG.info("{} {} refused {} {}: {}", request.getMethod(), BookingServlet.printable(path), e.status(), e.code(),
                    e.getMessage());
            JsonResponses.error(response, e.status(), e.code(), e.getMessage());
        } catch (BookingException e) {
            if (e.errorCode() == ErrorCode.NOTIFICATION_FAILED) {
                // Only the organiser's resend surfaces a notifier failure: the mail server refused or failed.
                LOG.warn("{} {} answered 502 notification_failed: {}", request.getMethod(),
                        BookingServlet.printable(path), e.getMessage());
                JsonResponses.error(response, 502, e.errorCode().code(), "sending the message failed: "
                        + BookingServlet.printable(String.valueOf(e.getMessage())));
                return;
            }
            logRefusal(request, path, e.errorCode(), e);
            String message = e.errorCode() == ErrorCode.INTERNAL_ERROR ? INTERNAL_MESSAGE : e.getMessage();
            JsonResponses.error(response, e.errorCode(), message);
        } catch (RuntimeException e) {
            LOG.error("{} {} answered 500 internal_error", request.getMethod(), BookingServlet.printable(path), e);
            JsonResponses.error(response, ErrorCode.INTERNAL_ERROR, INTERNAL_MESSAGE);
        }
    }

    private void listSejours(HttpServletResponse response) throws IOException {
        ObjectNode body = JsonResponses.object();
        ArrayNode list = body.putArray("sejours");
        for (SejourSummary summary : admin.sejours()) {
            list.add(summary(summary));
        }
        JsonResponses.write(response, 200, body);
    }

    private void putSejour(String slug, HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonRequests.SejourChange change = JsonRequests.sejourChange(jsonBody(request, response));
        if (admin.createSejour(slug, change.title(), change.price(), change.places())) {
            LOG.info("PUT séjour {}: created with {} places", BookingServlet.printable(slug), change.places());
            JsonResponses.write(response, HttpServletResponse.SC_CREATED, summary(admin.sejour(slug)));
        } else {
            JsonResponses.write(response, 200, summary(admin.sejour(slug)));
        }
    }

    private void adjustPlaces(String slug, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        int delta = JsonRequests.delta(jsonBody(request, response));
        admin.adjustPlaces(slug, delta);
        JsonResponses.write(response, 200, summary(admin.sejour(slug)));
    }

    private void listReservations(String slug, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ReservationStatus status = status(request);
        int limit = limit(request);
        ReservationCursor after = null;
        String afterId = parameter(request, "after");
        if (afterId != null) {
            admin.sejour(slug);  // an unknown séjour is 404 whatever the cursor, not "after names no reservation"
            Reservation last = admin.reservation(afterId)
                    .filter(r -> r.sejourSlug().equals(slug))
                    .orElseThrow(() -> new InvalidRequestException("after names no reservation of this séjour"));
            after = ReservationCursor.after(last);
        }
        List<Reservation> page = admin.reservations(slug, status, after, limit);
        ObjectNode body = JsonResponses.object();
        ArrayNode list = body.putArray("reservations");
        page.forEach(r -> list.add(adminReservation(r)));
        body.put("next", hasMore(slug, status, page, limit) ? page.get(page.size() - 1).id() : null);
        JsonResponses.write(response, 200, body);
    }

    /** A full page names a next one only if a reservation follows it: a client never fetches an empty page. */
    private boolean hasMore(String slug, @Nullable ReservationStatus status, List<Reservation> page, int limit) {
        return page.size() == limit
                && !admin.reservations(slug, status, ReservationCursor.after(page.get(page.size() - 1)), 1).isEmpty();
    }

    private void exportCsv(String slug, HttpServletRequest request, HttpServletResponse response) throws IOException {
        ReservationStatus status = status(request);
        admin.sejour(slug);  // 404 before the answer starts
        response.setStatus(200);
        response.setContentType(ReservationCsv.MEDIA_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        String file = "reservations-" + slug.replaceAll("[^A-Za-z0-9_-]", "_") + ".csv";
        response.setHeader("Content-Disposition", "attachment; filename=\"" + file + "\"");
        try (Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8))) {
            admin.exportCsv(slug, status, zone, out);
        }
    }

    private void refund(String reservationId, HttpServletResponse response) throws IOException {
        Reservation refunded = admin.refund(reservationId);
        JsonResponses.write(response, 200, adminReservation(refunded));
    }

    private void resend(String reservationId, HttpServletResponse response) throws IOException {
        ResendResult result = admin.resendNotification(reservationId);
        ObjectNode body = JsonResponses.object().put("action", result.action().name().toLowerCase(Locale.ROOT));
        body.set("reservation", adminReservation(result.reservation()));
        JsonResponses.write(response, 200, body);
    }

    /** A JSON body within the limit; a refused one is drained first so keep-alive survives. */
    private static byte[] jsonBody(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            RequestBodies.requireJson(request);
        } catch (HttpErrors.Refusal e) {
            RequestBodies.discard(request, response, MAX_BODY_BYTES);
            throw e;
        }
        return RequestBodies.read(request, response, MAX_BODY_BYTES);
    }

    private static @Nullable ReservationStatus status(HttpServletRequest request) {
        String code = parameter(request, "statut");
        if (code == null) {
            return null;
        }
        return Arrays.stream(ReservationStatus.values()).filter(s -> s.code().equals(code)).findFirst()
                .orElseThrow(() -> new InvalidRequestException("statut is one of en_attente, payee, expiree,"
                        + " echouee, remboursee"));
    }

    private static int limit(HttpServletRequest request) {
        String text = parameter(request, "limit");
        if (text == null) {
            return DEFAULT_PAGE;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= BookingAdmin.MAX_PAGE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidRequestException("limit is a whole number from 1 to " + BookingAdmin.MAX_PAGE);
    }

    private static @Nullable String parameter(HttpServletRequest request, String name) {
        try {
            String value = request.getParameter(name);
            return value == null || value.isEmpty() ? null : value;
        } catch (RuntimeException e) {
            throw new InvalidRequestException("the query string is not valid percent-encoded UTF-8");
        }
    }

    /** A séjour as the organiser sees it. */
    static ObjectNode summary(SejourSummary summary) {
        ObjectNode body = JsonResponses.sejour(summary.sejour())
                .put("held", summary.held())
                .put("paid", summary.paid())
                .put("capacity", summary.capacity());
        ObjectNode counts = body.putObject("counts");
        for (Map.Entry<ReservationStatus, StatusCount> e : summary.counts().entrySet()) {
            counts.putObject(e.getKey().code())
                    .put("reservations", e.getValue().reservations())
                    .put("places", e.getValue().places());
        }
        return body;
    }

    /** A reservation with what the organiser needs beyond the buyer's view. */
    static ObjectNode adminReservation(Reservation r) {
        ObjectNode body = JsonResponses.reservation(r);
        body.put("createdAt", r.createdAt().toString());
        body.put("paymentIntentId", r.paymentIntentId());
        body.put("notifiedAt", r.notifiedAt() == null ? null : r.notifiedAt().toString());
        Dispute d = r.dispute();
        if (d == null) {
            body.putNull("dispute");
        } else {
            body.putObject("dispute")
                    .put("id", d.id())
                    .put("status", d.status())
                    .put("closed", d.closed())
                    .put("reason", d.reason())
                    .put("amount", d.amount().minorUnits())
                    .put("currency", d.amount().currency())
                    .put("openedAt", d.openedAt().toString())
                    .put("closedAt", d.closedAt() == null ? null : d.closedAt().toString());
        }
        return body;
    }

    private static void logRefusal(HttpServletRequest request, String path, ErrorCode code, Exception e) {
        String where = BookingServlet.printable(path);
        int status = HttpErrors.status(code);
        if (status >= 500) {
            LOG.warn("{} {} answered {} {}: {}", request.getMethod(), where, status, code.code(),
                    e.getMessage(), code == ErrorCode.INTERNAL_ERROR ? e : null);
        } else {
            LOG.info("{} {} refused {} {}: {}", request.getMethod(), where, status, code.code(), e.getMessage());
        }
    }
}

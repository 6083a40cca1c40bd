package dev.sejour.booking.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sejour.booking.ErrorCode;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.SejourStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/sejours} (the catalogue) and {@code GET /api/sejours/{slug}} (one séjour), for the pages.
 * Prices are in minor units (cents) with their currency, as Stripe counts them.
 */
final class SejoursServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SejoursServlet.class);
    private static final Pattern SLUG = Pattern.compile("/[A-Za-z0-9][A-Za-z0-9_-]{0,99}");

    private final transient SejourStore sejours;
    private final int maxPlacesPerOrder;

    SejoursServlet(SejourStore sejours, int maxPlacesPerOrder) {
        this.sejours = sejours;
        this.maxPlacesPerOrder = maxPlacesPerOrder;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD");
            JsonSupport.error(response, 405, "method_not_allowed", "this endpoint accepts GET only");
            return;
        }
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        try {
            if (path.equals("/")) {
                ArrayNode list = JsonSupport.JSON.createArrayNode();
                sejours.findAll().forEach(s -> list.add(json(s)));
                ObjectNode body = JsonSupport.object().put("maxPlacesPerOrder", maxPlacesPerOrder);
                body.set("sejours", list);
                JsonSupport.write(response, 200, body);
                return;
            }
            Optional<Sejour> sejour = SLUG.matcher(path).matches()
                    ? sejours.findBySlug(path.substring(1)) : Optional.empty();
            if (sejour.isEmpty()) {
                JsonSupport.error(response, ErrorCode.SEJOUR_NOT_FOUND, "no séjour has this slug");
                return;
            }
            JsonSupport.write(response, 200, json(sejour.get()));
        } catch (RuntimeException e) {
            LOG.error("GET /api/sejours{} failed", path, e);
            JsonSupport.error(response, ErrorCode.INTERNAL_ERROR, "an internal error occurred");
        }
    }

    static ObjectNode json(Sejour s) {
        return JsonSupport.object()
                .put("slug", s.slug())
                .put("title", s.title())
                .put("pricePerPlace", s.pricePerPlace().minorUnits())
                .put("currency", s.pricePerPlace().currency())
                .put("placesLeft", s.placesLeft());
    }
}

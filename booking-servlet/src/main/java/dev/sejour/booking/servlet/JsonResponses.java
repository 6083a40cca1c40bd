package dev.sejour.booking.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sejour.booking.ErrorCode;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.Sejour;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/** JSON answers, errors included; nothing from an exception but its safe message ever reaches a client. */
final class JsonResponses {

    static final ObjectMapper JSON = new ObjectMapper();

    private JsonResponses() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static void write(HttpServletResponse response, int status, ObjectNode body) throws IOException {
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

    static void error(HttpServletResponse response, ErrorCode code, @Nullable String message) throws IOException {
        error(response, HttpErrors.status(code), code.code(), message);
    }

    static void error(HttpServletResponse response, int status, String code, @Nullable String message)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        ObjectNode body = object().put("error", code).put("message", message);
        write(response, status, body);
    }

    /** A séjour as the public catalogue shows it: price in minor units, places neither held nor sold. */
    static ObjectNode sejour(Sejour sejour) {
        return object()
                .put("slug", sejour.slug())
                .put("title", sejour.title())
                .put("price", sejour.pricePerPlace().minorUnits())
                .put("currency", sejour.pricePerPlace().currency())
                .put("placesLeft", sejour.placesLeft());
    }

    /** The reservation as the confirmation page shows it, with the seed's field names. */
    static ObjectNode reservation(Reservation reservation) {
        ObjectNode body = object()
                .put("reservationId", reservation.id())
                .put("sejourSlug", reservation.sejourSlug())
                .put("nbPlaces", reservation.places())
                .put("montant", reservation.amount().minorUnits())
                .put("devise", reservation.amount().currency())
                .put("statut", reservation.status().code())
                .put("stripeSessionId", reservation.stripeSessionId());
        body.putObject("acheteur")
                .put("nom", reservation.buyer().lastName())
                .put("prenom", reservation.buyer().firstName())
                .put("email", reservation.buyer().email());
        body.put("expiresAt", reservation.expiresAt().toString());
        if (reservation.paidAt() != null) {
            body.put("paidAt", reservation.paidAt().toString());
        }
        return body;
    }
}

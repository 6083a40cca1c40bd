package dev.sejour.booking.servlet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sejour.booking.CheckoutRequest;
import dev.sejour.booking.InvalidRequestException;
import java.io.IOException;

/**
 * Reads JSON request bodies strictly (the seed's {@code {slug, nbPlaces, email, nom, prenom}}, a cancel's
 * {@code {reservationId}}): each field must have its JSON
 * type (no {@code "2"} for a number, no {@code 2.5}), so a client bug is reported, not guessed at.
 */
final class JsonRequests {

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(32)
                            .maxStringLength(64 * 1024)
                            .maxNumberLength(32)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonRequests() {
    }

    /** The seed's checkout request. */
    static CheckoutRequest checkout(byte[] body) {
        JsonNode root = object(body);
        return new CheckoutRequest(text(root, "slug"), places(root), text(root, "email"), text(root, "nom"),
                text(root, "prenom"));
    }

    /** {@code {"reservationId": …}}, to cancel a checkout. */
    static String reservationId(byte[] body) {
        return text(object(body), "reservationId");
    }

    private static JsonNode object(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the body is not valid JSON");
        } catch (IOException e) {
            throw new InvalidRequestException("the body could not be read");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException("the body must be a JSON object");
        }
        return root;
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidRequestException(field + " is required");
        }
        if (!node.isTextual()) {
            throw new InvalidRequestException(field + " must be a string");
        }
        return node.textValue();
    }

    private static int places(JsonNode root) {
        JsonNode node = root.get("nbPlaces");
        if (node == null || node.isNull()) {
            throw new InvalidRequestException("nbPlaces is required");
        }
        if (!node.isIntegralNumber()) {
            throw new InvalidRequestException("nbPlaces must be a whole number");
        }
        if (!node.canConvertToInt()) {
            throw new InvalidRequestException("nbPlaces is out of range");
        }
        return node.intValue();
    }
}

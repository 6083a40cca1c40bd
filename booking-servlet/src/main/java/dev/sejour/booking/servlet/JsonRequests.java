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
import dev.sejour.booking.Money;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

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

    /** What {@code PUT {admin}/sejours/{slug}} asks: a new séjour (with places) or new title and price. */
    record SejourChange(String title, Money price, @Nullable Integer places) {
    }

    /** {@code {"title", "price" (minor units), "currency", "places"?}}. */
    static SejourChange sejourChange(byte[] body) {
        JsonNode root = object(body);
        String title = text(root, "title");
        if (title.isBlank() || title.length() > 200) {
            throw new InvalidRequestException("title must have 1 to 200 characters");
        }
        long price = whole(root, "price", 0, 99_999_999_999L);
        String currency = text(root, "currency");
        if (!currency.matches("[a-zA-Z]{3}")) {
            throw new InvalidRequestException("currency is a three-letter ISO code");
        }
        JsonNode places = root.get("places");
        Integer count = places == null || places.isNull() ? null : (int) whole(root, "places", 0, 100_000);
        return new SejourChange(title, Money.of(price, currency.toLowerCase(java.util.Locale.ROOT)), count);
    }

    /** {@code {"delta": n}}, a change of places. */
    static int delta(byte[] body) {
        return (int) whole(object(body), "delta", -100_000, 100_000);
    }

    private static long whole(JsonNode root, String field, long min, long max) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidRequestException(field + " is required");
        }
        if (!node.isIntegralNumber()) {
            throw new InvalidRequestException(field + " must be a whole number");
        }
        if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw new InvalidRequestException(field + " must be between " + min + " and " + max);
        }
        return node.longValue();
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

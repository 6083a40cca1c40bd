package dev.sejour.booking;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.model.checkout.Session;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the booking flow needs of a Checkout Session, read either from a webhook's raw JSON or from
 * stripe-java's typed answer, so that neither depends on the other's API version.
 *
 * <p>Adaptive Pricing shows one session in two shapes, depending on the API version it is read at
 * (see {@code docs/architecture.md}): before 2025-03-31, {@code currency}/{@code amount_total} are the
 * buyer's (presentment) values and {@link #currencyConversion()} holds the merchant's; later,
 * {@code currency}/{@code amount_total} stay the merchant's and {@link #presentment()} describes what the
 * buyer saw. {@link #merchantAmount()} gives the merchant's amount in both.
 *
 * @param id {@code cs_test_…} or {@code cs_live_…}
 * @param status {@code open}, {@code complete} or {@code expired}
 * @param paymentStatus {@code paid}, {@code unpaid} or {@code no_payment_required}
 * @param amountTotal the session's own {@code amount_total}, in minor units of {@code currency}; null if absent
 * @param currency the session's own {@code currency}, lower case; null if absent
 * @param paymentIntentId {@code pi_…} once a payment started, else null
 * @param reservationId the library's reservation id (metadata, else {@code client_reference_id}); null if none
 * @param livemode whether the session is a live one
 * @param metadata the session's metadata (never null)
 * @param currencyConversion the legacy Adaptive Pricing block, or null
 * @param presentment the current Adaptive Pricing block, or null (informative only: never a price)
 * @param url the hosted Checkout page while the session is open, else null
 */
record SessionState(
        @Nullable String id,
        @Nullable String status,
        @Nullable String paymentStatus,
        @Nullable Long amountTotal,
        @Nullable String currency,
        @Nullable String paymentIntentId,
        @Nullable String reservationId,
        boolean livemode,
        Map<String, String> metadata,
        @Nullable CurrencyConversion currencyConversion,
        @Nullable Presentment presentment,
        @Nullable String url) {

    static final String METADATA_RESERVATION_ID = "reservation_id";
    static final String METADATA_SLUG = "sejourSlug";
    static final String METADATA_PLACES = "nbPlaces";
    static final String METADATA_EMAIL = "email";
    static final String METADATA_LAST_NAME = "nom";
    static final String METADATA_FIRST_NAME = "prenom";

    /**
     * The merchant's original amount of a session paid in another currency (API versions before
     * 2025-09-30): {@code currency_conversion.source_currency} and {@code .amount_total}.
     */
    record CurrencyConversion(@Nullable String sourceCurrency, @Nullable Long amountTotal) {
    }

    /** What the buyer was shown ({@code presentment_details}, API 2025-03-31 and later). */
    record Presentment(@Nullable String currency, @Nullable Long amount) {
    }

    SessionState {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    boolean isPaid() {
        return "paid".equals(paymentStatus) || "no_payment_required".equals(paymentStatus);
    }

    boolean isOpen() {
        return "open".equals(status);
    }

    boolean isComplete() {
        return "complete".equals(status);
    }

    /**
     * Whether the session charged this amount: its own {@code amount_total} and {@code currency}, or, for a
     * session shown in the buyer's currency (legacy Adaptive Pricing shape), its
     * {@code currency_conversion} source amount and currency.
     */
    boolean charges(Money amount) {
        if (amountTotal != null && amount.sameAs(amountTotal, currency)) {
            return true;
        }
        return currencyConversion != null && currencyConversion.amountTotal() != null
                && amount.sameAs(currencyConversion.amountTotal(), currencyConversion.sourceCurrency());
    }

    /** The amount in the merchant's currency, whichever shape the session was read in; null if unknown. */
    @Nullable Money merchantAmount() {
        try {
            if (currencyConversion != null && currencyConversion.amountTotal() != null
                    && currencyConversion.sourceCurrency() != null) {
                return Money.of(currencyConversion.amountTotal(), currencyConversion.sourceCurrency());
            }
            return amountTotal == null || currency == null ? null : Money.of(amountTotal, currency);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static SessionState fromJson(JsonNode session) {
        Map<String, String> metadata = new LinkedHashMap<>();
        session.path("metadata").fields().forEachRemaining(e -> {
            String value = text(e.getValue());
            if (value != null) {
                metadata.put(e.getKey(), value);
            }
        });
        String reservationId = metadata.get(METADATA_RESERVATION_ID);
        if (reservationId == null) {
            reservationId = text(session.get("client_reference_id"));
        }
        JsonNode conversion = session.get("currency_conversion");
        JsonNode presentment = session.get("presentment_details");
        return new SessionState(
                text(session.get("id")),
                text(session.get("status")),
                text(session.get("payment_status")),
                longOf(session.get("amount_total")),
                text(session.get("currency")),
                idOf(session.get("payment_intent")),
                reservationId,
                session.path("livemode").asBoolean(false),
                metadata,
                conversion == null || !conversion.isObject() ? null : new CurrencyConversion(
                        text(conversion.get("source_currency")), longOf(conversion.get("amount_total"))),
                presentment == null || !presentment.isObject() ? null : new Presentment(
                        text(presentment.get("presentment_currency")), longOf(presentment.get("presentment_amount"))),
                text(session.get("url")));
    }

    static SessionState fromStripe(Session session) {
        Map<String, String> metadata = session.getMetadata() == null ? Map.of() : session.getMetadata();
        String reservationId = metadata.get(METADATA_RESERVATION_ID);
        if (reservationId == null) {
            reservationId = session.getClientReferenceId();
        }
        Session.CurrencyConversion conversion = session.getCurrencyConversion();
        Session.PresentmentDetails presentment = session.getPresentmentDetails();
        return new SessionState(
                session.getId(),
                session.getStatus(),
                session.getPaymentStatus(),
                session.getAmountTotal(),
                session.getCurrency(),
                session.getPaymentIntent(),
                reservationId,
                Boolean.TRUE.equals(session.getLivemode()),
                metadata,
                conversion == null ? null
                        : new CurrencyConversion(conversion.getSourceCurrency(), conversion.getAmountTotal()),
                presentment == null ? null
                        : new Presentment(presentment.getPresentmentCurrency(), presentment.getPresentmentAmount()),
                session.getUrl());
    }

    static @Nullable String text(@Nullable JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode() ? null : node.asText();
    }

    private static @Nullable Long longOf(@Nullable JsonNode node) {
        return node != null && node.isIntegralNumber() && node.canConvertToLong() ? node.asLong() : null;
    }

    /** An expandable field is an id string, or an object with an id when expanded. */
    static @Nullable String idOf(@Nullable JsonNode node) {
        if (node != null && node.isObject()) {
            return text(node.get("id"));
        }
        return text(node);
    }
}

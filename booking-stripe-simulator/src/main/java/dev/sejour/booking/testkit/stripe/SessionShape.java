package dev.sejour.booking.testkit.stripe;

/**
 * How a Checkout Session paid with Adaptive Pricing (the buyer paid in their own currency, see
 * {@link StripeSimulator#payInBuyerCurrency}) looks, which depends on the API version it is read at. A
 * webhook endpoint's events follow the endpoint's API version while {@code sessions().retrieve} follows
 * stripe-java's pinned one, so one session can show both shapes at once: set them apart with
 * {@link StripeSimulator.Builder#eventShape} and {@link StripeSimulator.Builder#apiShape}. Sessions paid in
 * the merchant's currency look the same in both.
 */
public enum SessionShape {

    /**
     * API versions before 2025-03-31 ({@value #LEGACY_API_VERSION} in event payloads): {@code currency},
     * {@code amount_total} and {@code amount_subtotal} are the buyer's (presentment) values, and
     * {@code currency_conversion} holds the merchant's ({@code source_currency}, {@code amount_total},
     * {@code amount_subtotal}, {@code fx_rate}).
     */
    CURRENCY_CONVERSION,

    /**
     * API 2025-03-31 and later, the default: {@code currency} and {@code amount_total} stay the merchant's,
     * and {@code presentment_details} ({@code presentment_currency}, {@code presentment_amount}) describes
     * what the buyer paid.
     */
    PRESENTMENT_DETAILS;

    /** The {@code api_version} of events in the legacy shape. */
    public static final String LEGACY_API_VERSION = "2025-02-24.acacia";

    String apiVersion() {
        return this == CURRENCY_CONVERSION ? LEGACY_API_VERSION : EventFactory.API_VERSION;
    }
}

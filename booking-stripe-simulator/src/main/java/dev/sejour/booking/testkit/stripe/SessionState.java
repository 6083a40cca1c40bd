package dev.sejour.booking.testkit.stripe;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A Checkout Session's mutable state; guarded by {@link SimulatorState}'s lock. */
final class SessionState {

    /** The hosted page's buyer: Stripe's documentation's test cardholder. */
    static final String BUYER_NAME = "Jenny Rosen";
    static final String BUYER_COUNTRY = "FR";
    static final String BUYER_EMAIL = "jenny.rosen@example.com";

    final String id;
    final boolean livemode;
    final Instant created;
    final CheckoutSessionParams params;
    final String hostedUrl;
    String status = "open";
    String paymentStatus;
    @Nullable String paymentIntentId;
    /** What the buyer paid in their own currency (Adaptive Pricing), or null when in the session's. */
    @Nullable String presentmentCurrency;
    long presentmentAmount;

    SessionState(String id, boolean livemode, Instant created, CheckoutSessionParams params,
            String hostedUrl) {
        this.id = id;
        this.livemode = livemode;
        this.created = created;
        this.params = params;
        this.hostedUrl = hostedUrl;
        this.paymentStatus = params.amountTotal() == 0 ? "no_payment_required" : "unpaid";
    }

    boolean isOpen() {
        return "open".equals(status);
    }

    @Nullable String url() {
        return isOpen() ? hostedUrl : null;
    }

    /** The Checkout Session object in the default (current) shape. */
    Map<String, Object> toJson() {
        return toJson(SessionShape.PRESENTMENT_DETAILS);
    }

    /**
     * The Checkout Session object as an API version of this shape shows it: every field Stripe always
     * sends for a hosted, {@code payment}-mode session with inline prices (null or empty where this
     * simulator has nothing to say, as Stripe sends them), in Stripe's (alphabetical) order.
     */
    Map<String, Object> toJson(SessionShape shape) {
        boolean converted = presentmentCurrency != null;
        boolean legacy = shape == SessionShape.CURRENCY_CONVERSION;
        boolean complete = "complete".equals(status);
        long amount = converted && legacy ? presentmentAmount : params.amountTotal();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("object", "checkout.session");
        m.put("adaptive_pricing", Map.of("enabled", !Boolean.FALSE.equals(params.adaptivePricingEnabled())));
        m.put("after_expiration", null);
        m.put("allow_promotion_codes", null);
        m.put("amount_subtotal", amount);
        m.put("amount_total", amount);
        m.put("automatic_tax", nulls("enabled", false, "liability", "provider", "status"));
        m.put("billing_address_collection", null);
        m.put("cancel_url", params.cancelUrl());
        m.put("client_reference_id", params.clientReferenceId());
        m.put("client_secret", null);
        m.put("collected_information", complete ? nulls("business_name", null, "individual_name",
                "shipping_details") : null);
        m.put("consent", null);
        m.put("consent_collection", null);
        m.put("created", created.getEpochSecond());
        m.put("currency", converted && legacy ? presentmentCurrency : params.currency());
        if (legacy) {
            m.put("currency_conversion", converted ? currencyConversion() : null);
        }
        m.put("custom_fields", List.of());
        m.put("custom_text", nulls("after_submit", null, "shipping_address", "submit",
                "terms_of_service_acceptance"));
        m.put("customer", null);
        m.put("customer_creation", "if_required");
        m.put("customer_details", complete ? customerDetails() : null);
        m.put("customer_email", params.customerEmail());
        m.put("discounts", List.of());
        m.put("expires_at", params.expiresAt().getEpochSecond());
        m.put("invoice", null);
        m.put("invoice_creation", Map.of("enabled", false, "invoice_data", invoiceData()));
        m.put("livemode", livemode);
        m.put("locale", null);
        m.put("metadata", params.metadata());
        m.put("mode", params.mode());
        m.put("origin_context", null);
        m.put("payment_intent", paymentIntentId);
        m.put("payment_link", null);
        m.put("payment_method_collection", "if_required");
        m.put("payment_method_configuration_details", null);
        m.put("payment_method_options", Map.of("card", Map.of("request_three_d_secure", "automatic")));
        m.put("payment_method_types", List.of("card"));
        m.put("payment_status", paymentStatus);
        m.put("permissions", null);
        m.put("phone_number_collection", Map.of("enabled", false));
        if (!legacy && converted) {
            m.put("presentment_details", Map.of("presentment_amount", presentmentAmount,
                    "presentment_currency", presentmentCurrency));
        }
        m.put("recovered_from", null);
        m.put("saved_payment_method_options", null);
        m.put("setup_intent", null);
        m.put("shipping_address_collection", null);
        m.put("shipping_cost", null);
        m.put("shipping_options", List.of());
        m.put("status", status);
        m.put("submit_type", null);
        m.put("subscription", null);
        m.put("success_url", params.successUrl());
        m.put("total_details", Map.of("amount_discount", 0, "amount_shipping", 0, "amount_tax", 0));
        m.put("ui_mode", "hosted");
        m.put("url", url());
        m.put("wallet_options", null);
        return m;
    }

    /**
     * What Checkout collected from the buyer, complete as Stripe sends it: the email given at creation
     * (else the test buyer's), and the cardholder as Stripe's test pages fill it in
     * ({@value #BUYER_NAME}, country {@value #BUYER_COUNTRY}).
     */
    private Map<String, Object> customerDetails() {
        Map<String, Object> address = nulls("city", null, "country", "line1", "line2", "postal_code", "state");
        address.put("country", BUYER_COUNTRY);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("address", address);
        d.put("business_name", null);
        d.put("email", params.customerEmail() != null ? params.customerEmail() : BUYER_EMAIL);
        d.put("individual_name", null);
        d.put("name", BUYER_NAME);
        d.put("phone", null);
        d.put("tax_exempt", "none");
        d.put("tax_ids", List.of());
        return d;
    }

    private static Map<String, Object> invoiceData() {
        Map<String, Object> d = nulls("account_tax_ids", null, "custom_fields", "description", "footer", "issuer");
        d.put("metadata", Map.of());
        d.put("rendering_options", null);
        return d;
    }

    /** A map of {@code key} to {@code value} and then each further name to null (Jackson writes the nulls). */
    private static Map<String, Object> nulls(String key, @Nullable Object value, String... nullNames) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        for (String name : nullNames) {
            m.put(name, null);
        }
        return m;
    }

    /** The line items as {@code expand[]=line_items} shows them: a list object. */
    Map<String, Object> lineItemsJson() {
        List<Map<String, Object>> data = new java.util.ArrayList<>();
        int i = 0;
        for (LineItem item : params.lineItems()) {
            long total = item.unitAmount() * item.quantity();
            Map<String, Object> price = new LinkedHashMap<>();
            price.put("id", "price_" + id.substring(Math.max(0, id.length() - 10)) + "_" + i);
            price.put("object", "price");
            price.put("active", false);
            price.put("currency", item.currency());
            price.put("livemode", livemode);
            price.put("metadata", Map.of());
            price.put("type", "one_time");
            price.put("unit_amount", item.unitAmount());
            Map<String, Object> li = new LinkedHashMap<>();
            li.put("id", "li_" + id.substring(Math.max(0, id.length() - 14)) + i);
            li.put("object", "item");
            li.put("amount_discount", 0);
            li.put("amount_subtotal", total);
            li.put("amount_tax", 0);
            li.put("amount_total", total);
            li.put("currency", item.currency());
            li.put("description", item.name());
            li.put("price", price);
            li.put("quantity", item.quantity());
            data.add(li);
            i++;
        }
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", data);
        list.put("has_more", false);
        list.put("url", "/v1/checkout/sessions/" + id + "/line_items");
        return list;
    }

    private Map<String, Object> currencyConversion() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("amount_subtotal", params.amountTotal());
        c.put("amount_total", params.amountTotal());
        // Buyer's units per merchant's unit, as a decimal string like Stripe's.
        c.put("fx_rate", params.amountTotal() == 0 ? "1" : new BigDecimal(presentmentAmount)
                .divide(new BigDecimal(params.amountTotal()), 8, RoundingMode.HALF_EVEN)
                .stripTrailingZeros().toPlainString());
        c.put("source_currency", params.currency());
        return c;
    }

    SimulatedSession snapshot() {
        return new SimulatedSession(id, status, paymentStatus, params.amountTotal(),
                params.currency(), params.metadata(), params.clientReferenceId(),
                params.customerEmail(), paymentIntentId, params.expiresAt(), params.successUrl(),
                params.cancelUrl(), url(), livemode, !Boolean.FALSE.equals(params.adaptivePricingEnabled()),
                presentmentCurrency, presentmentCurrency == null ? 0 : presentmentAmount);
    }
}

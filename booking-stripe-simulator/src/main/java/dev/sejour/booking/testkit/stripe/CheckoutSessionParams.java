package dev.sejour.booking.testkit.stripe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Validates {@code POST /v1/checkout/sessions} parameters with Stripe's rules and messages, so
 * code under test meets the same rejections here as in production. Parameters the simulator does
 * not model (locale, payment_method_types, expand…) are accepted and ignored.
 */
record CheckoutSessionParams(
        String mode,
        List<LineItem> lineItems,
        String currency,
        String successUrl,
        @Nullable String cancelUrl,
        @Nullable String clientReferenceId,
        @Nullable String customerEmail,
        Instant expiresAt,
        Map<String, String> metadata,
        Map<String, String> paymentIntentMetadata,
        @Nullable Boolean adaptivePricingEnabled) {

    static final Duration MIN_LIFETIME = Duration.ofMinutes(30);
    static final Duration MAX_LIFETIME = Duration.ofHours(24);
    private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");
    // As loose as Stripe: it accepts a@-bad-.fr, a.@b.fr and jöhn@example.com, refuses empty domain labels.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(?:\\.[^@\\s.]+)+");

    static CheckoutSessionParams parse(Map<String, Object> p, Instant now) {
        String mode = string(p, "mode");
        if (mode == null || mode.isEmpty()) {
            throw StripeApiError.missing("mode");
        }
        if (!"payment".equals(mode)) {
            throw StripeApiError.invalidRequest("The simulator supports only `mode=payment`, got `"
                    + mode + "`.", "mode", null);
        }
        List<LineItem> items = lineItems(p.get("line_items"));
        String currency = items.get(0).currency();
        for (int i = 1; i < items.size(); i++) {
            if (!items.get(i).currency().equals(currency)) {
                throw StripeApiError.invalidRequest("All line items must use the same currency.",
                        "line_items[" + i + "][price_data][currency]", null);
            }
        }
        String successUrl = string(p, "success_url");
        if (successUrl == null || successUrl.isEmpty()) {
            throw StripeApiError.missing("success_url");
        }
        url(successUrl, "success_url");
        String cancelUrl = string(p, "cancel_url");
        if (cancelUrl != null && cancelUrl.isEmpty()) {
            cancelUrl = null;
        }
        if (cancelUrl != null) {
            url(cancelUrl, "cancel_url");
        }
        String clientReferenceId = blankToNull(string(p, "client_reference_id"));
        if (clientReferenceId != null && clientReferenceId.length() > 200) {
            throw StripeApiError.invalidRequest("`client_reference_id` must be at most 200 characters.",
                    "client_reference_id", null);
        }
        String email = blankToNull(string(p, "customer_email"));
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw StripeApiError.invalidRequest("Invalid email address: " + email, "customer_email",
                    "email_invalid");
        }
        Instant expiresAt = expiresAt(string(p, "expires_at"), now);
        Map<String, String> metadata = metadata(p.get("metadata"), "metadata");
        Object pid = p.get("payment_intent_data");
        Map<String, String> piMetadata = pid instanceof Map
                ? metadata(((Map<?, ?>) pid).get("metadata"), "payment_intent_data[metadata]")
                : Map.of();
        Boolean adaptivePricing = null;
        Object ap = p.get("adaptive_pricing");
        if (ap instanceof Map) {
            Object enabled = ((Map<?, ?>) ap).get("enabled");
            if (enabled != null && !"true".equals(enabled) && !"false".equals(enabled)) {
                throw StripeApiError.invalidRequest("Invalid boolean: " + enabled, "adaptive_pricing[enabled]",
                        null);
            }
            adaptivePricing = enabled == null ? null : Boolean.valueOf((String) enabled);
        }
        return new CheckoutSessionParams(mode, items, currency, successUrl, cancelUrl,
                clientReferenceId, email, expiresAt, metadata, piMetadata, adaptivePricing);
    }

    long amountTotal() {
        long total = 0;
        for (LineItem item : lineItems) {
            total = Math.addExact(total, item.amount());
        }
        return total;
    }

    private static List<LineItem> lineItems(@Nullable Object raw) {
        if (!(raw instanceof List) || ((List<?>) raw).isEmpty()) {
            throw StripeApiError.invalidRequest(
                    "You must provide at least one line item in `payment` mode.", "line_items",
                    "parameter_missing");
        }
        List<LineItem> items = new ArrayList<>();
        List<?> list = (List<?>) raw;
        for (int i = 0; i < list.size(); i++) {
            String at = "line_items[" + i + "]";
            if (!(list.get(i) instanceof Map)) {
                throw StripeApiError.invalidRequest("Invalid object", at, "parameter_invalid_empty");
            }
            Map<?, ?> item = (Map<?, ?>) list.get(i);
            if (item.get("price") != null) {
                throw StripeApiError.invalidRequest("No such price: '" + item.get("price")
                        + "' (the simulator supports inline `price_data` only)", at + "[price]",
                        "resource_missing");
            }
            if (!(item.get("price_data") instanceof Map)) {
                throw StripeApiError.missing(at + "[price_data]");
            }
            Map<?, ?> priceData = (Map<?, ?>) item.get("price_data");
            String currency = string(priceData, "currency", at + "[price_data][currency]");
            if (currency == null || currency.isEmpty()) {
                throw StripeApiError.missing(at + "[price_data][currency]");
            }
            currency = currency.toLowerCase(java.util.Locale.ROOT);
            if (!CURRENCY.matcher(currency).matches()) {
                throw StripeApiError.invalidRequest("Invalid currency: " + currency,
                        at + "[price_data][currency]", null);
            }
            Object unit = priceData.get("unit_amount");
            if (unit == null) {
                throw StripeApiError.missing(at + "[price_data][unit_amount]");
            }
            long unitAmount = integer(unit, at + "[price_data][unit_amount]");
            if (unitAmount < 0) {
                throw StripeApiError.invalidRequest("This value must be greater than or equal to 0.",
                        at + "[price_data][unit_amount]", "parameter_invalid_integer");
            }
            String name = null;
            if (priceData.get("product_data") instanceof Map) {
                name = string((Map<?, ?>) priceData.get("product_data"), "name",
                        at + "[price_data][product_data][name]");
            }
            if (name == null || name.isEmpty()) {
                throw StripeApiError.missing(at + "[price_data][product_data][name]");
            }
            Object q = item.get("quantity");
            if (q == null) {
                throw StripeApiError.missing(at + "[quantity]");
            }
            long quantity = integer(q, at + "[quantity]");
            if (quantity < 1) {
                throw StripeApiError.invalidRequest("This value must be greater than or equal to 1.",
                        at + "[quantity]", "parameter_invalid_integer");
            }
            items.add(new LineItem(name, unitAmount, quantity, currency));
        }
        return List.copyOf(items);
    }

    private static Instant expiresAt(@Nullable String raw, Instant now) {
        if (raw == null || raw.isEmpty()) {
            return now.plus(MAX_LIFETIME);
        }
        Instant at = Instant.ofEpochSecond(integer(raw, "expires_at"));
        // Stripe measures the window from the moment it receives the request, by its own clock.
        if (at.isBefore(now.plus(MIN_LIFETIME))) {
            throw StripeApiError.invalidRequest("The `expires_at` timestamp must be at least 30 minutes"
                    + " from Checkout Session creation.", "expires_at", null);
        }
        if (at.isAfter(now.plus(MAX_LIFETIME))) {
            throw StripeApiError.invalidRequest("The `expires_at` timestamp must be less than 24 hours"
                    + " from Checkout Session creation.", "expires_at", null);
        }
        return at;
    }

    static Map<String, String> metadata(@Nullable Object raw, String param) {
        if (raw == null || "".equals(raw)) {
            return Map.of();
        }
        if (!(raw instanceof Map)) {
            throw StripeApiError.invalidRequest("Invalid hash", param, "parameter_invalid_empty");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) raw).entrySet()) {
            String key = (String) e.getKey();
            if (!(e.getValue() instanceof String)) {
                throw StripeApiError.invalidRequest("Metadata values must be strings.",
                        param + "[" + key + "]", null);
            }
            String value = (String) e.getValue();
            if (key.length() > 40) {
                throw StripeApiError.invalidRequest("Metadata keys can be at most 40 characters long.",
                        param, null);
            }
            if (value.length() > 500) {
                throw StripeApiError.invalidRequest("Metadata values can be at most 500 characters long.",
                        param + "[" + key + "]", null);
            }
            // An empty value unsets a key in Stripe; on creation that means "absent".
            if (!value.isEmpty()) {
                out.put(key, value);
            }
        }
        if (out.size() > 50) {
            throw StripeApiError.invalidRequest("Metadata can have at most 50 keys.", param, null);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    static long integer(Object raw, String param) {
        try {
            return Long.parseLong(String.valueOf(raw).trim());
        } catch (NumberFormatException e) {
            throw StripeApiError.invalidRequest("Invalid integer: " + raw, param,
                    "parameter_invalid_integer");
        }
    }

    static @Nullable String string(Map<String, Object> p, String name) {
        return string(p, name, name);
    }

    /** A nested hash's string, or null; a hash or list in its place (e.g. {@code name[x]=…}) is a 400. */
    private static @Nullable String string(Map<?, ?> p, String name, String param) {
        Object v = p.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String)) {
            throw StripeApiError.invalidRequest("Invalid string: expected a value, got an object",
                    param, null);
        }
        return (String) v;
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static void url(String url, String param) {
        if (!(url.startsWith("http://") || url.startsWith("https://"))) {
            throw StripeApiError.invalidRequest("Not a valid URL", param, "url_invalid");
        }
    }
}

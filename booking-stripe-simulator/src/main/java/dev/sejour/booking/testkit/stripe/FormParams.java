package dev.sejour.booking.testkit.stripe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decodes Stripe's form encoding ({@code line_items[0][price_data][currency]=eur}) into nested
 * maps and lists.
 *
 * <p>stripe-java leaves the brackets unencoded, but other clients (curl, browsers) percent-encode
 * them, so keys are decoded before they are split. A map whose keys are all indexes becomes a
 * list, ordered by index, because Stripe always sends arrays indexed.
 */
final class FormParams {

    private final Map<String, String> flat;
    private final Map<String, Object> nested;

    private FormParams(Map<String, String> flat, Map<String, Object> nested) {
        this.flat = flat;
        this.nested = nested;
    }

    static FormParams parse(@Nullable String encoded) {
        Map<String, String> flat = new LinkedHashMap<>();
        Map<String, Object> root = new LinkedHashMap<>();
        if (encoded != null && !encoded.isEmpty()) {
            for (String pair : encoded.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                flat.put(key, value);
                insert(root, segments(key), value);
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) freeze(root);
        return new FormParams(Collections.unmodifiableMap(flat), nested);
    }

    /** Decoded pairs as sent, keyed by the full bracket key. */
    Map<String, String> flat() {
        return flat;
    }

    /** Nested, immutable view: maps, lists and string leaves. */
    Map<String, Object> nested() {
        return nested;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw StripeApiError.invalidRequest("Invalid form encoding: " + e.getMessage(), null, null);
        }
    }

    static List<String> segments(String key) {
        List<String> parts = new ArrayList<>();
        int open = key.indexOf('[');
        if (open < 0 || !key.endsWith("]")) {
            parts.add(key);
            return parts;
        }
        parts.add(key.substring(0, open));
        int i = open;
        while (i < key.length()) {
            int close = key.indexOf(']', i);
            if (key.charAt(i) != '[' || close < 0) {
                // Not Stripe's syntax: keep the whole key as one flat name rather than guess.
                return List.of(key);
            }
            parts.add(key.substring(i + 1, close));
            i = close + 1;
        }
        return parts;
    }

    @SuppressWarnings("unchecked")
    private static void insert(Map<String, Object> root, List<String> path, String value) {
        Map<String, Object> node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object child = node.get(path.get(i));
            if (!(child instanceof Map)) {
                // `a=` (an emptied list) followed by `a[0]=x`: the later, more specific pair wins.
                child = new LinkedHashMap<String, Object>();
                node.put(path.get(i), child);
            }
            node = (Map<String, Object>) child;
        }
        node.put(path.get(path.size() - 1), value);
    }

    private static Object freeze(Object value) {
        if (!(value instanceof Map)) {
            return value;
        }
        Map<?, ?> map = (Map<?, ?>) value;
        if (!map.isEmpty() && map.keySet().stream().allMatch(k -> isIndex((String) k))) {
            List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
            entries.sort((a, b) -> Integer.compare(
                    Integer.parseInt((String) a.getKey()), Integer.parseInt((String) b.getKey())));
            List<Object> list = new ArrayList<>();
            for (Map.Entry<?, ?> e : entries) {
                list.add(freeze(e.getValue()));
            }
            return Collections.unmodifiableList(list);
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put((String) k, freeze(v)));
        return Collections.unmodifiableMap(copy);
    }

    private static boolean isIndex(String key) {
        if (key.isEmpty() || key.length() > 6) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (!Character.isDigit(key.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}

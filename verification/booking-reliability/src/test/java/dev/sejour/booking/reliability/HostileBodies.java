package dev.sejour.booking.reliability;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Checkout bodies no server should accept, drawn from a seeded {@link Random}: JSON of every shape and type,
 * the expected object with one field broken (the others valid, the slug real, so a lax parser would hold
 * places), hostile Unicode (lone surrogates, RTL overrides, zero-width, NUL), numbers beyond every range,
 * deep nesting, invalid UTF-8, bodies past the size limit. Each comes with the Content-Type to send.
 */
final class HostileBodies {

    record Body(String contentType, byte[] bytes, String description) {
        @Override
        public String toString() {
            return description;
        }
    }

    private static final List<String> WEIRD = List.of("\\uD800", "\\uDFFF", "\\uDBFF\\uDFFF", "\u202Eevil\u202C",
            "\u200B", "\u05E9\u05DC\u05D5\u05DD", "\uFEFF", "\\u0000", "👩‍👩‍👧", "\u0301\u0301\u0301", "'; DROP TABLE reservations; --",
            "${jndi:ldap://x}", "<script>alert(1)</script>", "4242 4242 4242 4242", "sk_live_notarealkeyatall",
            "%00", "../../etc/passwd", "\\\"", "\\n\\r");
    private static final List<String> BAD_NUMBERS = List.of("0", "-1", "11", "2147483648", "-2147483649", "1e3", "2.5",
            "1E400", "-0.0", "99999999999999999999999999999999", "\"2\"", "true", "null", "[]", "{}", "NaN", "Infinity",
            "0x10", "01");
    private static final List<String> BAD_EMAILS = List.of("\"\"", "\"no-at\"", "\"a@b\"", "\"a@@b.fr\"", "\"<a@b.fr>\"",
            "\"a b@c.fr\"", "\"" + "x".repeat(250) + "@b.fr\"", "\"\\u0000@x.fr\"", "5", "null", "[\"a@b.fr\"]",
            "{\"email\":\"a@b.fr\"}", "\"a@b.fr\\r\\nBcc: victim@x.fr\"");
    private static final List<String> BAD_NAMES = List.of("\"\"", "\"   \"", "\"\\u0000\"", "\"\\u0007bell\"",
            "\"" + "é".repeat(101) + "\"", "null", "5", "{}", "[\"Martin\"]", "\"tab\\there\"", "true");
    private static final List<String> BAD_SLUGS = List.of("\"\"", "\"a b\"", "\"../etc\"", "\"" + "s".repeat(101) + "\"",
            "\"séjour\"", "\"\u202Eevil\"", "\"inconnu\"", "null", "42", "[\"x\"]", "\"\\uD800\"", "\"-leading\"");

    private final Random random;
    private final String slug;

    HostileBodies(long seed, String slug) {
        this.random = new Random(seed);
        this.slug = slug;
    }

    Body next() {
        return switch (random.nextInt(9)) {
            case 0 -> json(randomValue(0), "random JSON value");
            case 1 -> json(randomObject(0), "random JSON object");
            case 2, 3, 4 -> oneFieldBroken();
            case 5 -> rawBytes();
            case 6 -> structural();
            case 7 -> wrongContentType();
            default -> json(deep(50 + random.nextInt(20_000)), "deep nesting");
        };
    }

    /** Bodies every run sends, whatever the seed. */
    static List<Body> fixed(String slug) {
        String valid = validBody(slug, "Martin", "Léa");
        return List.of(
                new Body("application/json", new byte[0], "empty body"),
                new Body("application/json", "   \n".getBytes(StandardCharsets.UTF_8), "whitespace only"),
                new Body("application/json", bigString(2 * 1024 * 1024), "two megabytes"),
                new Body("application/json", bigString(16 * 1024 + 1), "one byte over the limit"),
                new Body(null, valid.getBytes(StandardCharsets.UTF_8), "valid body without Content-Type"),
                new Body("text/plain", valid.getBytes(StandardCharsets.UTF_8), "valid body as text/plain"),
                new Body("application/x-www-form-urlencoded", ("slug=" + slug + "&nbPlaces=1&email=a%40b.fr&nom=M&prenom=L")
                        .getBytes(StandardCharsets.UTF_8), "form-encoded"),
                new Body("application/json; charset=ISO-8859-1", valid.getBytes(StandardCharsets.ISO_8859_1), "latin-1 body"),
                new Body("application/json", new byte[] {(byte) 0xC3, (byte) 0x28}, "invalid UTF-8"),
                new Body("application/json", withBytesInName(slug, (byte) 0xC1, (byte) 0xA9), "overlong UTF-8 in a name"),
                new Body("application/json", withBytesInName(slug, (byte) 0xED, (byte) 0xA0, (byte) 0x80),
                        "UTF-8-encoded surrogate in a name"),
                new Body("application/json", withBytesInName(slug, (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80),
                        "code point past U+10FFFF in a name"),
                new Body("application/json", validBody(slug, "Martin\u0000", "Léa").getBytes(StandardCharsets.UTF_8), "raw NUL"),
                new Body("application/json", (valid + valid).getBytes(StandardCharsets.UTF_8), "two objects"),
                new Body("application/json", valid.replace("{", "{\"slug\":\"autre\",").getBytes(StandardCharsets.UTF_8),
                        "duplicate key"),
                new Body("application/json", ("[" .repeat(100_000)).getBytes(StandardCharsets.UTF_8), "100 000 brackets"));
    }

    static String validBody(String slug, String nom, String prenom) {
        return "{\"slug\":\"" + slug + "\",\"nbPlaces\":1,\"email\":\"buyer@example.org\",\"nom\":\"" + nom
                + "\",\"prenom\":\"" + prenom + "\"}";
    }

    /** A valid body whose name carries these raw bytes (not valid UTF-8). */
    private static byte[] withBytesInName(String slug, byte... raw) {
        byte[] head = validBody(slug, "Mar", "Léa").getBytes(StandardCharsets.UTF_8);
        String text = new String(head, StandardCharsets.UTF_8);
        int at = text.indexOf("Mar\"") + 3;
        byte[] prefix = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] suffix = text.substring(at).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[prefix.length + raw.length + suffix.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(raw, 0, out, prefix.length, raw.length);
        System.arraycopy(suffix, 0, out, prefix.length + raw.length, suffix.length);
        return out;
    }

    private static byte[] bigString(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'a');
        byte[] head = "{\"slug\":\"".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[size - 2] = '"';
        bytes[size - 1] = '}';
        return bytes;
    }

    private Body json(String text, String description) {
        return new Body("application/json", text.getBytes(StandardCharsets.UTF_8), description + ": " + abbreviate(text));
    }

    private Body oneFieldBroken() {
        String[] fields = {"\"" + slug + "\"", "1", "\"buyer@example.org\"", "\"" + weird() + "Martin\"",
                "\"L\u00e9a" + weird() + "\""};
        String[] names = {"slug", "nbPlaces", "email", "nom", "prenom"};
        int broken = random.nextInt(names.length + 1);
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < names.length; i++) {
            if (i == broken && random.nextInt(4) == 0) {
                continue; // missing
            }
            String value = i != broken ? fields[i] : switch (i) {
                case 0 -> pick(BAD_SLUGS);
                case 1 -> pick(BAD_NUMBERS);
                case 2 -> pick(BAD_EMAILS);
                default -> pick(BAD_NAMES);
            };
            out.append(out.length() > 1 ? "," : "").append('"').append(names[i]).append("\":").append(value);
        }
        if (broken == names.length) {
            // All fields valid but one more of a wrong kind is not enough to refuse: break the places instead.
            out.append(",\"nbPlaces\":").append(pick(BAD_NUMBERS));
        }
        return json(out.append('}').toString(), "field " + (broken < names.length ? names[broken] : "nbPlaces twice") + " broken");
    }

    private Body rawBytes() {
        byte[] valid = validBody(slug, "Martin", "Léa").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = valid.clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int at = random.nextInt(bytes.length);
            bytes[at] = switch (random.nextInt(4)) {
                case 0 -> (byte) 0xFF;
                case 1 -> (byte) 0xC0;
                case 2 -> (byte) 0x80;
                default -> (byte) 0xED;
            };
        }
        if (isUtf8(bytes)) {
            // The mutation happened to make valid UTF-8 (a continuation byte replaced by another): break it for sure.
            bytes[bytes.length / 2] = (byte) 0xFF;
        }
        return new Body("application/json", bytes, "invalid UTF-8 bytes in a valid body: " + hex(bytes));
    }

    private Body structural() {
        String valid = validBody(slug, "Martin", "Léa");
        String text = switch (random.nextInt(7)) {
            case 0 -> valid.substring(0, random.nextInt(valid.length()));
            case 1 -> valid + "garbage";
            case 2 -> valid.replace("\"nbPlaces\":1", "\"nbPlaces\":1,");
            case 3 -> valid.replace(":", "=");
            case 4 -> "[" + valid + "]";
            case 5 -> valid.replace("\"", "'");
            default -> "\"" + valid.replace("\"", "\\\"") + "\"";
        };
        return json(text, "broken structure");
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02X", b & 0xFF));
        }
        return out.toString();
    }

    private Body wrongContentType() {
        String type = pick(List.of("text/plain", "application/xml", "multipart/form-data; boundary=x",
                "application/json; charset=utf-16", "application/jsonx", "json"));
        return new Body(type, validBody(slug, "Martin", "Léa").getBytes(StandardCharsets.UTF_8), "valid body as " + type);
    }

    private String randomValue(int depth) {
        return switch (random.nextInt(depth > 3 ? 6 : 8)) {
            case 0 -> pick(BAD_NUMBERS);
            case 1 -> "\"" + weird() + "\"";
            case 2 -> "true";
            case 3 -> "null";
            case 4 -> Long.toString(random.nextLong());
            case 5 -> "\"" + slug + "\"";
            case 6 -> randomObject(depth + 1);
            default -> {
                StringBuilder out = new StringBuilder("[");
                for (int i = random.nextInt(4); i > 0; i--) {
                    out.append(randomValue(depth + 1)).append(i > 1 ? "," : "");
                }
                yield out.append(']').toString();
            }
        };
    }

    private String randomObject(int depth) {
        List<String> keys = List.of("slug", "nbPlaces", "email", "nom", "prenom", "amount", "montant", "price", "__proto__",
                "", weird());
        StringBuilder out = new StringBuilder("{");
        for (int i = random.nextInt(6); i > 0; i--) {
            out.append('"').append(pick(keys)).append("\":").append(randomValue(depth + 1)).append(i > 1 ? "," : "");
        }
        return out.append('}').toString();
    }

    private static String deep(int depth) {
        return "{\"slug\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private String weird() {
        return pick(WEIRD);
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "…(" + text.length() + " chars)" : text;
    }
}

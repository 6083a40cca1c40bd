package dev.sejour.booking.testkit.stripe;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes Stripe's {@code Stripe-Signature} header: {@code t=<unix seconds>,v1=<hex>} where the
 * hex is HMAC-SHA256 of {@code "<t>." + payload}, keyed with the endpoint secret's UTF-8 bytes
 * (its {@code whsec_} prefix included, as Stripe does).
 *
 * <pre>{@code
 * String header = WebhookSigner.signatureHeader(payloadBytes, "whsec_test");
 * Event event = Webhook.constructEvent(new String(payloadBytes, UTF_8), header, "whsec_test");
 * }</pre>
 *
 * <p>Sign the exact bytes you will send: a verifier that re-encodes or re-serialises the body
 * fails, which is the point.
 */
public final class WebhookSigner {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private WebhookSigner() {}

    /** Signs with the current wall-clock time. */
    public static String signatureHeader(byte[] payload, String secret) {
        return signatureHeader(payload, secret, Instant.now());
    }

    /** Signs a UTF-8 payload with the current wall-clock time. */
    public static String signatureHeader(String payload, String secret) {
        return signatureHeader(payload.getBytes(StandardCharsets.UTF_8), secret, Instant.now());
    }

    /** Signs a UTF-8 payload with a chosen timestamp. */
    public static String signatureHeader(String payload, String secret, Instant timestamp) {
        return signatureHeader(payload.getBytes(StandardCharsets.UTF_8), secret, timestamp);
    }

    /**
     * Signs {@code payload} as Stripe would at {@code timestamp} (truncated to whole seconds).
     *
     * @return e.g. {@code t=1790000000,v1=5257a869…}
     */
    public static String signatureHeader(byte[] payload, String secret, Instant timestamp) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(secret, "secret");
        long t = timestamp.getEpochSecond();
        return "t=" + t + ",v1=" + hmacHex(secret, t, payload);
    }

    private static String hmacHex(String secret, long t, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            byte[] digest = mac.doFinal(payload);
            char[] out = new char[digest.length * 2];
            for (int i = 0; i < digest.length; i++) {
                out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
                out[2 * i + 1] = HEX[digest[i] & 0xF];
            }
            return new String(out);
        } catch (GeneralSecurityException e) {
            // Every Java platform must ship HmacSHA256.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}

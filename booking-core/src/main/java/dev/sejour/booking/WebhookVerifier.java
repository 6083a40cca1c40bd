package dev.sejour.booking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Checks a webhook's {@code Stripe-Signature} over the exact bytes received, then reads the event.
 * stripe-java computes and compares the HMAC; the timestamp window is checked here in both directions,
 * because stripe-java lets any future timestamp through.
 */
final class WebhookVerifier {

    private final String secret;
    private final Duration tolerance;
    private final Clock clock;
    private final ObjectMapper json;

    WebhookVerifier(String secret, Duration tolerance, Clock clock, ObjectMapper json) {
        this.secret = secret;
        this.tolerance = tolerance;
        this.clock = clock;
        this.json = json;
    }

    WebhookEvent verify(byte[] payload, @Nullable String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new InvalidSignatureException("the Stripe-Signature header is missing");
        }
        if (payload == null || payload.length == 0) {
            throw new InvalidRequestException("the webhook payload is empty");
        }
        String text = strictUtf8(payload);
        long timestamp = timestampOf(signatureHeader);
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - timestamp) > tolerance.toSeconds()) {
            throw new InvalidSignatureException("the Stripe-Signature timestamp is outside the tolerance window");
        }
        try {
            // Tolerance 0: the window is already checked above, against the configured clock.
            Webhook.Signature.verifyHeader(text, signatureHeader, secret, 0);
        } catch (SignatureVerificationException | RuntimeException e) {
            throw new InvalidSignatureException("the Stripe-Signature does not match the payload");
        }
        try {
            return WebhookEvent.fromJson(json.readTree(payload));
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the webhook payload is not valid JSON");
        } catch (java.io.IOException e) {
            throw new InvalidRequestException("the webhook payload could not be read");
        }
    }

    private static String strictUtf8(byte[] payload) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            // Stripe only sends UTF-8; anything else cannot carry a valid signature.
            throw new InvalidSignatureException("the webhook payload is not UTF-8");
        }
    }

    private static long timestampOf(String header) {
        for (String item : header.split(",")) {
            String[] parts = item.trim().split("=", 2);
            if (parts.length == 2 && parts[0].equals("t")) {
                try {
                    return Long.parseLong(parts[1].trim());
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new InvalidSignatureException("the Stripe-Signature header has no valid timestamp");
    }
}

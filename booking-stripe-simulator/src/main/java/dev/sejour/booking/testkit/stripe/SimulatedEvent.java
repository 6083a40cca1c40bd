package dev.sejour.booking.testkit.stripe;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A webhook event the simulator produced. The payload is the exact JSON that is (or would be)
 * delivered; sign exactly these bytes.
 *
 * @param id       {@code evt_…}
 * @param type     e.g. {@code checkout.session.completed}
 * @param objectId the id of {@code data.object} (a session {@code cs_…} or a charge {@code ch_…})
 * @param created  by the simulator's clock
 * @param payload  the JSON body
 */
public record SimulatedEvent(String id, String type, String objectId, Instant created,
        String payload) {

    /** The UTF-8 bytes that are delivered and signed; a fresh array each call. */
    public byte[] payloadBytes() {
        return payload.getBytes(StandardCharsets.UTF_8);
    }

    /** A {@code Stripe-Signature} header for this payload, timestamped now (wall clock). */
    public String signatureHeader(String secret) {
        return WebhookSigner.signatureHeader(payloadBytes(), secret);
    }

    /**
     * A {@code Stripe-Signature} header with a chosen timestamp, e.g. an old one to test that a
     * verifier's tolerance rejects replays.
     */
    public String signatureHeader(String secret, Instant timestamp) {
        return WebhookSigner.signatureHeader(payloadBytes(), secret, timestamp);
    }

    @Override
    public String toString() {
        return "SimulatedEvent[" + id + " " + type + " " + objectId + "]";
    }
}

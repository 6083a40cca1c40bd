package dev.sejour.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.net.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {

    private static final String SECRET = "whsec_test_secret";
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final String EVENT = "{\"id\":\"evt_1\",\"type\":\"checkout.session.completed\",\"livemode\":false,"
            + "\"data\":{\"object\":{\"id\":\"cs_test_1\",\"payment_status\":\"paid\",\"metadata\":{\"nom\":\"Zoé\"}}}}";

    private final WebhookVerifier verifier = new WebhookVerifier(SECRET, Duration.ofMinutes(5),
            Clock.fixed(NOW, ZoneOffset.UTC), new ObjectMapper());

    @Test
    void aCorrectlySignedEventIsRead() throws Exception {
        WebhookEvent event = verifier.verify(bytes(EVENT), sign(EVENT, SECRET, NOW));

        assertThat(event.id()).isEqualTo("evt_1");
        assertThat(event.type()).isEqualTo("checkout.session.completed");
        assertThat(event.object().path("metadata").path("nom").asText()).isEqualTo("Zoé");
    }

    @Test
    void anyOfSeveralSignaturesMayMatch() throws Exception {
        String header = sign(EVENT, "whsec_old", NOW) + ",v1=" + sign(EVENT, SECRET, NOW).split("v1=")[1];

        assertThat(verifier.verify(bytes(EVENT), header).id()).isEqualTo("evt_1");
    }

    @Test
    void aTamperedPayloadIsRefused() throws Exception {
        String header = sign(EVENT, SECRET, NOW);

        assertThatThrownBy(() -> verifier.verify(bytes(EVENT.replace("paid", "paid ")), header))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void anotherSecretIsRefused() throws Exception {
        assertThatThrownBy(() -> verifier.verify(bytes(EVENT), sign(EVENT, "whsec_other", NOW)))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void oldAndFutureTimestampsOutsideTheToleranceAreRefused() throws Exception {
        assertThatThrownBy(() -> verifier.verify(bytes(EVENT), sign(EVENT, SECRET, NOW.minusSeconds(301))))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> verifier.verify(bytes(EVENT), sign(EVENT, SECRET, NOW.plusSeconds(301))))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("tolerance");
        assertThat(verifier.verify(bytes(EVENT), sign(EVENT, SECRET, NOW.minusSeconds(299))).id()).isEqualTo("evt_1");
    }

    @Test
    void malformedHeadersAreRefused() {
        for (String header : new String[] {null, "", "garbage", "t=abc,v1=00", "v1=00", "t=1790000000"}) {
            assertThatThrownBy(() -> verifier.verify(bytes(EVENT), header))
                    .as(String.valueOf(header)).isInstanceOf(InvalidSignatureException.class);
        }
    }

    @Test
    void theSignatureCoversTheExactBytesNotADecodedCopy() throws Exception {
        byte[] latin1 = EVENT.getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> verifier.verify(latin1, sign(EVENT, SECRET, NOW)))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void aSignedPayloadThatIsNotAnEventIsAnInvalidRequest() throws Exception {
        String notJson = "{\"id\": ";
        String notEvent = "[1,2,3]";

        assertThatThrownBy(() -> verifier.verify(bytes(notJson), sign(notJson, SECRET, NOW)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> verifier.verify(bytes(notEvent), sign(notEvent, SECRET, NOW)))
                .isInstanceOf(InvalidRequestException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sign(String payload, String secret, Instant at) throws Exception {
        return Webhook.Signature.generateSignatureHeader(payload, secret, at.getEpochSecond());
    }
}

package dev.sejour.booking.testkit.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    private static final String PAYLOAD =
            "{\n  \"id\": \"evt_1\",\n  \"object\": \"event\",\n  \"type\": \"checkout.session.completed\","
                    + "\n  \"data\": {\"object\": {\"id\": \"cs_test_1\", \"metadata\": {\"nom\": \"Hélène\"}}}\n}";
    private static final String SECRET = "whsec_test_secret";

    @Test
    void stripeJavaAcceptsTheHeader() throws Exception {
        String header = WebhookSigner.signatureHeader(PAYLOAD.getBytes(StandardCharsets.UTF_8), SECRET);

        Event event = Webhook.constructEvent(PAYLOAD, header, SECRET);

        assertThat(event.getId()).isEqualTo("evt_1");
        assertThat(event.getType()).isEqualTo("checkout.session.completed");
    }

    @Test
    void matchesStripeJavasOwnSignature() throws Exception {
        long t = 1_790_000_000L;

        String ours = WebhookSigner.signatureHeader(PAYLOAD, SECRET, Instant.ofEpochSecond(t));

        assertThat(ours).isEqualTo(Webhook.Signature.generateSignatureHeader(PAYLOAD, SECRET, t))
                .matches("t=1790000000,v1=[0-9a-f]{64}");
    }

    @Test
    void aTamperedPayloadIsRejected() {
        String header = WebhookSigner.signatureHeader(PAYLOAD, SECRET);

        assertThatThrownBy(() -> Webhook.constructEvent(PAYLOAD.replace("cs_test_1", "cs_test_2"),
                header, SECRET)).isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void anotherSecretIsRejected() {
        String header = WebhookSigner.signatureHeader(PAYLOAD, SECRET);

        assertThatThrownBy(() -> Webhook.constructEvent(PAYLOAD, header, "whsec_other"))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void anOldTimestampFallsOutsideTheDefaultTolerance() {
        String header = WebhookSigner.signatureHeader(PAYLOAD, SECRET,
                Instant.now().minus(Duration.ofMinutes(10)));

        assertThatThrownBy(() -> Webhook.constructEvent(PAYLOAD, header, SECRET))
                .isInstanceOf(SignatureVerificationException.class)
                .hasMessageContaining("tolerance");
    }

    @Test
    void signsTheUtf8BytesNotAReencoding() throws Exception {
        byte[] latin1 = PAYLOAD.getBytes(StandardCharsets.ISO_8859_1);
        String header = WebhookSigner.signatureHeader(PAYLOAD.getBytes(StandardCharsets.UTF_8), SECRET);

        assertThat(Webhook.constructEvent(PAYLOAD, header, SECRET)).isNotNull();
        assertThatThrownBy(() -> Webhook.constructEvent(
                new String(PAYLOAD.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1), header,
                SECRET)).isInstanceOf(SignatureVerificationException.class);
        assertThat(latin1).isNotEqualTo(PAYLOAD.getBytes(StandardCharsets.UTF_8));
    }
}

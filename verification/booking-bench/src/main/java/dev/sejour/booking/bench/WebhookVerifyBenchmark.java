package dev.sejour.booking.bench;

import com.stripe.net.Webhook;
import dev.sejour.booking.BookingService;
import dev.sejour.booking.WebhookResult;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.stripe.WebhookSigner;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: the CPU a webhook costs before any store work. {@code verifyAndRead} is
 * {@link BookingService#handleWebhook} on a correctly signed event of a type the library ignores: strict
 * UTF-8 check, timestamp window, HMAC (stripe-java), JSON tree. {@code hmacOnly} is stripe-java's
 * signature check alone on the same bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WebhookVerifyBenchmark {

    static final String SECRET = "whsec_jmh_secret";

    private BookingService booking;
    private byte[] payload;
    private String payloadText;
    private String signature;

    @Setup(Level.Trial)
    public void service() {
        BookingStores stores = BookingStores.inMemory();
        booking = BookingService.builder()
                .stores(stores.sejours(), stores.reservations())
                .stripeSecretKey("sk_test_jmh")
                .webhookSecret(SECRET)
                .stripeApiBase("http://127.0.0.1:9")
                .baseUrl("https://sejours.example.org")
                .build();
        payloadText = samplePayload();
        payload = payloadText.getBytes(StandardCharsets.UTF_8);
    }

    @Setup(Level.Iteration)
    public void sign() {
        signature = WebhookSigner.signatureHeader(payload, SECRET);
    }

    @Benchmark
    public WebhookResult verifyAndRead() {
        return booking.handleWebhook(payload, signature);
    }

    @Benchmark
    public boolean hmacOnly() throws Exception {
        return Webhook.Signature.verifyHeader(payloadText, signature, SECRET, 0);
    }

    /** A {@code checkout.session.completed}-sized event whose type the library does not handle. */
    static String samplePayload() {
        return "{\"id\":\"evt_jmh_1\",\"object\":\"event\",\"api_version\":\"2025-09-30.clover\",\"created\":1767225600,"
                + "\"livemode\":false,\"pending_webhooks\":1,\"type\":\"checkout.session.updated\",\"data\":{\"object\":"
                + "{\"id\":\"cs_test_jmh\",\"object\":\"checkout.session\",\"amount_subtotal\":90000,\"amount_total\":90000,"
                + "\"client_reference_id\":\"res_jmh\",\"currency\":\"eur\",\"customer_email\":\"david@example.com\","
                + "\"expires_at\":1767227460,\"livemode\":false,\"metadata\":{\"reservation_id\":\"res_jmh\","
                + "\"sejourSlug\":\"yoga_aux_choseaux\",\"nbPlaces\":\"1\",\"email\":\"david@example.com\","
                + "\"nom\":\"Devillers\",\"prenom\":\"David\"},\"mode\":\"payment\",\"payment_intent\":\"pi_jmh\","
                + "\"payment_status\":\"paid\",\"status\":\"complete\",\"success_url\":"
                + "\"https://sejours.example.org/reservation/confirmation?session_id={CHECKOUT_SESSION_ID}\","
                + "\"cancel_url\":\"https://sejours.example.org/reservation/annulation\",\"url\":null}},"
                + "\"request\":{\"id\":null,\"idempotency_key\":null}}";
    }
}

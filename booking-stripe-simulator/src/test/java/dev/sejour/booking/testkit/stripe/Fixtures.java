package dev.sejour.booking.testkit.stripe;

import com.stripe.StripeClient;
import com.stripe.net.RequestOptions;
import com.stripe.param.checkout.SessionCreateParams;
import java.time.Duration;
import java.time.Instant;

/** Shared test inputs: a stripe-java client for a simulator and the library's typical session. */
final class Fixtures {

    static final String API_KEY = "sk_test_51SejourSimulatorKey";
    static final String WEBHOOK_SECRET = "whsec_test_sejour";

    private Fixtures() {}

    static StripeClient client(StripeSimulator simulator) {
        return client(simulator, 0, 5_000);
    }

    static StripeClient client(StripeSimulator simulator, int retries, int readTimeoutMs) {
        return client(simulator, API_KEY, retries, readTimeoutMs);
    }

    static StripeClient client(StripeSimulator simulator, String apiKey, int retries,
            int readTimeoutMs) {
        return StripeClient.builder()
                .setApiKey(apiKey)
                .setApiBase(simulator.apiBase())
                .setConnectTimeout(2_000)
                .setReadTimeout(readTimeoutMs)
                .setMaxNetworkRetries(retries)
                .build();
    }

    static RequestOptions idempotent(String key) {
        return RequestOptions.builder().setIdempotencyKey(key).build();
    }

    /** Two places at 900 € for reservation {@code reservationId}, expiring in 31 minutes. */
    static SessionCreateParams yogaSession(String reservationId, Instant now) {
        return yogaSession(reservationId, now.plus(Duration.ofMinutes(31)).getEpochSecond());
    }

    static SessionCreateParams yogaSession(String reservationId, long expiresAt) {
        return SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency("eur")
                                .setUnitAmount(90_000L)
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName("Yoga & randonnée – Vercors")
                                        .build())
                                .build())
                        .setQuantity(2L)
                        .build())
                .putMetadata("reservation_id", reservationId)
                .putMetadata("sejour_slug", "yoga-vercors")
                .putMetadata("places", "2")
                .setClientReferenceId(reservationId)
                .setCustomerEmail("camille+test@example.org")
                .setExpiresAt(expiresAt)
                .setSuccessUrl("https://sejour.example/merci?session_id={CHECKOUT_SESSION_ID}")
                .setCancelUrl("https://sejour.example/reserver/yoga-vercors")
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putMetadata("reservation_id", reservationId)
                        .build())
                .build();
    }
}

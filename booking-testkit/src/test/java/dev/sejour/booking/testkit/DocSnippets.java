package dev.sejour.booking.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sejour.booking.BookingService;
import dev.sejour.booking.CheckoutRequest;
import dev.sejour.booking.InvalidRequestException;
import dev.sejour.booking.PaymentProviderException;
import dev.sejour.booking.testkit.stripe.Fault;
import dev.sejour.booking.testkit.stripe.SessionShape;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import dev.sejour.booking.testkit.stripe.WebhookSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Code docs/testing-with-the-simulator.md shows, compiled against the real API (checked by the examples'
 * DocSnippetsTest); never run (the flow tests run the same calls).
 */
@SuppressWarnings("unused")
final class DocSnippets {

    private DocSnippets() {
    }

    static void lostWebhook(StripeSimulator stripe, String sessionId, MutableClock clock, BookingService booking) {
        // tag::lost-webhook[]
        stripe.autoDeliver(false);                     // keep events, deliver by hand
        SimulatedEvent paid = stripe.pay(sessionId);   // nothing delivered yet: a lost webhook
        clock.advance(Duration.ofMinutes(32));         // give the service and the simulator the same MutableClock
        booking.releaseExpiredHolds();                 // on the service's clock; asks Stripe first: paid, so fulfilled
        stripe.deliver(paid);                          // the late webhook is a harmless no-op
        // end::lost-webhook[]
    }

    static void faults(StripeSimulator stripe, BookingService booking, CheckoutRequest request, BookingStores stores) {
        // tag::faults[]
        stripe.enqueueFault(Fault.status(500));              // the next API call fails, changes nothing
        stripe.enqueueFault(Fault.delay(Duration.ofSeconds(30)));   // longer than stripeReadTimeout
        stripe.enqueueFault(Fault.disconnect());             // connection dropped

        assertThatThrownBy(() -> booking.startCheckout(request))
                .isInstanceOf(PaymentProviderException.class);       // 502 payment_provider_unavailable
        assertThat(stores.sejours().findBySlug("yoga_aux_choseaux").orElseThrow().placesLeft()).isEqualTo(12);  // hold released
        // end::faults[]
    }

    static void buyerFieldFault(StripeSimulator stripe, BookingService booking, CheckoutRequest request) {
        // tag::buyer-field-fault[]
        stripe.enqueueFault(Fault.invalidEmail());
        assertThatThrownBy(() -> booking.startCheckout(request))
                .isInstanceOf(InvalidRequestException.class)          // 400 invalid_request
                .hasMessageStartingWith("email ");                    // names the buyer's field; the hold is released
        stripe.enqueueFault(Fault.invalidRequest("line_items[0][price_data][currency]", "parameter_invalid_empty",
                "Invalid currency"));                                  // any other 4xx: 502 payment_provider_unavailable
        // end::buyer-field-fault[]
    }

    static void shapes() {
        // tag::shapes[]
        StripeSimulator stripe = StripeSimulator.builder()
                .apiShape(SessionShape.PRESENTMENT_DETAILS)     // what sessions().retrieve sees (pinned version)
                .eventShape(SessionShape.CURRENCY_CONVERSION)   // what the webhook's payload shows (endpoint version)
                .start();
        stripe.shapes(SessionShape.CURRENCY_CONVERSION, SessionShape.PRESENTMENT_DETAILS);  // or switch later
        // end::shapes[]
    }

    static void signer(HttpClient http) throws Exception {
        // tag::signer[]
        byte[] payload = Files.readAllBytes(Path.of("src/test/resources/checkout-session-completed.json"));
        String signature = WebhookSigner.signatureHeader(payload, "whsec_test_secret");   // t=…,v1=…, now

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(appUrl() + "/api/paiement/stripe-webhook"))
                .header("Stripe-Signature", signature)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload))      // exactly the signed bytes
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        // an old timestamp, outside the 5-minute tolerance: refused with 400 invalid_signature
        String stale = WebhookSigner.signatureHeader(payload, "whsec_test_secret", Instant.now().minus(Duration.ofMinutes(10)));
        // end::signer[]
    }

    private static String appUrl() {
        return "http://127.0.0.1:8080";
    }
}

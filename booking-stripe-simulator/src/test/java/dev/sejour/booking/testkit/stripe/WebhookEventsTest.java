package dev.sejour.booking.testkit.stripe;

import static dev.sejour.booking.testkit.stripe.Fixtures.WEBHOOK_SECRET;
import static dev.sejour.booking.testkit.stripe.Fixtures.client;
import static dev.sejour.booking.testkit.stripe.Fixtures.idempotent;
import static dev.sejour.booking.testkit.stripe.Fixtures.yogaSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.model.Event;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;
import com.stripe.param.RefundCreateParams;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookReceiver receiver = new WebhookReceiver();
    private final StripeSimulator stripe = StripeSimulator.builder()
            .webhookEndpoint(receiver.uri(), WEBHOOK_SECRET).start();
    private final StripeClient client = client(stripe);

    @AfterEach
    void close() {
        stripe.close();
        receiver.close();
    }

    private String newSession(String reservation) throws Exception {
        return client.v1().checkout().sessions()
                .create(yogaSession(reservation, Instant.now()), idempotent("checkout-" + reservation))
                .getId();
    }

    /** Verifies like the library will: raw bytes, stripe-java's verifier, then Jackson. */
    private JsonNode verified(WebhookReceiver.Received r) throws Exception {
        Event event = Webhook.constructEvent(r.bodyText(), r.signature(), WEBHOOK_SECRET);
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.get("id").asText()).isEqualTo(event.getId());
        return json;
    }

    @Test
    void payDeliversASignedCompletedEvent() throws Exception {
        String id = newSession("res-1");

        SimulatedEvent event = stripe.pay(id);

        WebhookReceiver.Received r = receiver.take();
        assertThat(r.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(r.userAgent()).isEqualTo("Stripe/1.0 (+https://stripe.com/docs/webhooks)");
        assertThat(r.body()).isEqualTo(event.payloadBytes());
        JsonNode json = verified(r);
        assertThat(json.get("type").asText()).isEqualTo("checkout.session.completed");
        assertThat(json.get("object").asText()).isEqualTo("event");
        assertThat(json.get("api_version").asText()).isEqualTo("2026-07-29.dahlia");
        assertThat(json.get("livemode").asBoolean()).isFalse();
        JsonNode session = json.at("/data/object");
        assertThat(session.get("id").asText()).isEqualTo(id);
        assertThat(session.get("object").asText()).isEqualTo("checkout.session");
        assertThat(session.get("payment_status").asText()).isEqualTo("paid");
        assertThat(session.get("status").asText()).isEqualTo("complete");
        assertThat(session.get("amount_total").asLong()).isEqualTo(180_000L);
        assertThat(session.get("currency").asText()).isEqualTo("eur");
        assertThat(session.at("/metadata/reservation_id").asText()).isEqualTo("res-1");
        assertThat(session.get("payment_intent").asText()).startsWith("pi_");
        assertThat(session.get("url").isNull()).isTrue();

        assertThat(stripe.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.succeeded()).isTrue();
            assertThat(d.eventId()).isEqualTo(event.id());
        });
        Session retrieved = client.v1().checkout().sessions().retrieve(id);
        assertThat(retrieved.getPaymentStatus()).isEqualTo("paid");
        assertThat(retrieved.getPaymentIntent()).isEqualTo(session.get("payment_intent").asText());
    }

    @Test
    void stripeJavaDeserializesTheSessionForThePinnedApiVersion() throws Exception {
        stripe.pay(newSession("res-typed"));

        WebhookReceiver.Received r = receiver.take();
        Event event = Webhook.constructEvent(r.bodyText(), r.signature(), WEBHOOK_SECRET);

        Session session = (Session) event.getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(session.getPaymentStatus()).isEqualTo("paid");
        assertThat(session.getMetadata()).containsEntry("reservation_id", "res-typed");
    }

    @Test
    void aDelayedPaymentCompletesUnpaidThenSucceeds() throws Exception {
        String id = newSession("res-2");

        stripe.payWithDelayedMethod(id);
        JsonNode completed = verified(receiver.take());
        assertThat(stripe.session(id).paymentStatus()).isEqualTo("unpaid");
        stripe.succeedDelayedPayment(id);
        JsonNode succeeded = verified(receiver.take());

        assertThat(completed.get("type").asText()).isEqualTo("checkout.session.completed");
        assertThat(completed.at("/data/object/payment_status").asText()).isEqualTo("unpaid");
        assertThat(completed.at("/data/object/status").asText()).isEqualTo("complete");
        assertThat(succeeded.get("type").asText())
                .isEqualTo("checkout.session.async_payment_succeeded");
        assertThat(succeeded.at("/data/object/payment_status").asText()).isEqualTo("paid");
        assertThat(stripe.session(id).isPaid()).isTrue();
    }

    @Test
    void aDelayedPaymentCanFail() throws Exception {
        String id = newSession("res-3");
        stripe.payWithDelayedMethod(id);
        receiver.take();

        stripe.failDelayedPayment(id);

        JsonNode failed = verified(receiver.take());
        assertThat(failed.get("type").asText()).isEqualTo("checkout.session.async_payment_failed");
        assertThat(failed.at("/data/object/payment_status").asText()).isEqualTo("unpaid");
        assertThatThrownBy(() -> stripe.refundFromDashboard(id))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no successful payment");
    }

    @Test
    void expiringASessionSendsExpired() throws Exception {
        String id = newSession("res-4");

        stripe.expire(id);

        JsonNode expired = verified(receiver.take());
        assertThat(expired.get("type").asText()).isEqualTo("checkout.session.expired");
        assertThat(expired.at("/data/object/status").asText()).isEqualTo("expired");
        assertThat(expired.at("/data/object/url").isNull()).isTrue();
        assertThat(stripe.session(id).url()).isNull();
        assertThatThrownBy(() -> stripe.pay(id)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> stripe.expire(id)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDashboardRefundSendsChargeRefunded() throws Exception {
        String id = newSession("res-5");
        stripe.pay(id);
        receiver.take();
        String pi = stripe.session(id).paymentIntentId();

        stripe.refundFromDashboard(id);

        JsonNode refunded = verified(receiver.take());
        assertThat(refunded.get("type").asText()).isEqualTo("charge.refunded");
        JsonNode charge = refunded.at("/data/object");
        assertThat(charge.get("object").asText()).isEqualTo("charge");
        assertThat(charge.get("id").asText()).startsWith("ch_");
        assertThat(charge.get("payment_intent").asText()).isEqualTo(pi);
        assertThat(charge.get("amount").asLong()).isEqualTo(180_000L);
        assertThat(charge.get("amount_refunded").asLong()).isEqualTo(180_000L);
        assertThat(charge.get("refunded").asBoolean()).isTrue();
        assertThat(charge.at("/metadata/reservation_id").asText()).isEqualTo("res-5");
        assertThat(stripe.refunds()).singleElement().matches(SimulatedRefund::fromDashboard);
    }

    @Test
    void anApiRefundIsAnnouncedAfterItsResponse() throws Exception {
        String id = newSession("res-6");
        stripe.pay(id);
        receiver.take();

        var refund = client.v1().refunds().create(RefundCreateParams.builder()
                .setPaymentIntent(stripe.session(id).paymentIntentId()).build(), idempotent("refund-6"));

        JsonNode refunded = verified(receiver.take());
        assertThat(refunded.get("type").asText()).isEqualTo("charge.refunded");
        assertThat(refunded.at("/request/idempotency_key").asText()).isEqualTo("refund-6");
        assertThat(refunded.at("/data/object/id").asText()).isEqualTo(refund.getCharge());
    }

    @Test
    void redeliveryAndManualDelivery() throws Exception {
        stripe.autoDeliver(false);
        SimulatedEvent event = stripe.pay(newSession("res-7"));
        assertThat(receiver.poll(Duration.ZERO)).isNull();

        Delivery first = stripe.deliver(event);
        Delivery duplicate = stripe.deliver(event);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(duplicate.responseBody()).isEqualTo("{\"received\":true}");
        assertThat(verified(receiver.take()).get("id").asText()).isEqualTo(event.id());
        assertThat(verified(receiver.take()).get("id").asText()).isEqualTo(event.id());
        assertThat(stripe.deliveries()).hasSize(2);
    }

    @Test
    void aFailingEndpointIsRecordedNotThrown() throws Exception {
        receiver.answer(500);

        stripe.pay(newSession("res-8"));

        assertThat(stripe.deliveries()).singleElement()
                .satisfies(d -> assertThat(d.statusCode()).isEqualTo(500))
                .matches(d -> !d.succeeded());
    }

    @Test
    void anUnreachableEndpointIsRecordedAsAFailure() throws Exception {
        int freePort;
        try (var socket = new java.net.ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        stripe.webhookEndpoint(java.net.URI.create("http://127.0.0.1:" + freePort + "/hook"), "whsec_x");

        stripe.pay(newSession("res-9"));

        assertThat(stripe.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.statusCode()).isZero();
            assertThat(d.failure()).isNotBlank();
        });
    }

    @Test
    void eventsCanBeSignedWithAnOldTimestampToTestTolerance() throws Exception {
        stripe.autoDeliver(false);
        SimulatedEvent event = stripe.pay(newSession("res-10"));

        String old = event.signatureHeader(WEBHOOK_SECRET, Instant.now().minus(Duration.ofHours(1)));

        assertThatThrownBy(() -> Webhook.constructEvent(event.payload(), old, WEBHOOK_SECRET))
                .hasMessageContaining("tolerance");
        assertThat(Webhook.constructEvent(event.payload(), stripe.signatureHeader(event),
                WEBHOOK_SECRET).getId()).isEqualTo(event.id());
    }

    @Test
    void expireDueSessionsFollowsTheSimulatorsClock() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-11-02T10:00:00Z"));
        try (StripeSimulator timed = StripeSimulator.builder().clock(clock).start()) {
            StripeClient c = client(timed);
            Instant now = clock.instant();
            String soon = c.v1().checkout().sessions().create(yogaSession("a", now)).getId();
            String later = c.v1().checkout().sessions()
                    .create(yogaSession("b", now.plus(Duration.ofHours(2)).getEpochSecond())).getId();

            clock.advance(Duration.ofMinutes(30));
            assertThat(timed.expireDueSessions()).isEmpty();
            clock.advance(Duration.ofMinutes(1));
            assertThat(timed.expireDueSessions()).extracting(SimulatedEvent::objectId)
                    .containsExactly(soon);

            assertThat(timed.session(soon).status()).isEqualTo("expired");
            assertThat(timed.session(later).status()).isEqualTo("open");
            assertThat(timed.events().get(0).created()).isEqualTo(clock.instant());
            assertThatThrownBy(() -> timed.pay(soon)).isInstanceOf(IllegalStateException.class);
        }
    }
}

package dev.sejour.booking.testkit.stripe;

import static dev.sejour.booking.testkit.stripe.Fixtures.API_KEY;
import static dev.sejour.booking.testkit.stripe.Fixtures.client;
import static dev.sejour.booking.testkit.stripe.Fixtures.idempotent;
import static dev.sejour.booking.testkit.stripe.Fixtures.yogaSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Refund;
import com.stripe.model.checkout.Session;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionRetrieveParams;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckoutSessionApiTest {

    private final StripeSimulator stripe = StripeSimulator.start();
    private final StripeClient client = client(stripe);

    @AfterEach
    void close() {
        stripe.close();
    }

    @Test
    void createsASessionWithStripeJavasTypedFields() throws Exception {
        Instant now = Instant.now();
        long expiresAt = now.plus(Duration.ofMinutes(31)).getEpochSecond();

        Session s = client.v1().checkout().sessions()
                .create(yogaSession("res-1", expiresAt), idempotent("checkout-res-1"));

        assertThat(s.getId()).startsWith("cs_test_");
        assertThat(s.getObject()).isEqualTo("checkout.session");
        assertThat(s.getAmountTotal()).isEqualTo(180_000L);
        assertThat(s.getAmountSubtotal()).isEqualTo(180_000L);
        assertThat(s.getCurrency()).isEqualTo("eur");
        assertThat(s.getMetadata()).containsExactlyInAnyOrderEntriesOf(
                Map.of("reservation_id", "res-1", "sejour_slug", "yoga-vercors", "places", "2"));
        assertThat(s.getClientReferenceId()).isEqualTo("res-1");
        assertThat(s.getCustomerEmail()).isEqualTo("camille+test@example.org");
        assertThat(s.getExpiresAt()).isEqualTo(expiresAt);
        assertThat(s.getUrl()).isEqualTo(stripe.apiBase() + "/checkout/" + s.getId());
        assertThat(s.getStatus()).isEqualTo("open");
        assertThat(s.getPaymentStatus()).isEqualTo("unpaid");
        assertThat(s.getPaymentIntent()).isNull();
        assertThat(s.getLivemode()).isFalse();
        assertThat(s.getMode()).isEqualTo("payment");
        assertThat(s.getSuccessUrl()).isEqualTo(
                "https://sejour.example/merci?session_id={CHECKOUT_SESSION_ID}");
        assertThat(s.getCreated()).isBetween(now.getEpochSecond() - 1, now.getEpochSecond() + 5);

        SimulatedSession held = stripe.session(s.getId());
        assertThat(held.amountTotal()).isEqualTo(180_000L);
        assertThat(held.expiresAt()).isEqualTo(Instant.ofEpochSecond(expiresAt));
    }

    @Test
    void recordsWhatStripeJavaSent() throws Exception {
        long expiresAt = Instant.now().plus(Duration.ofMinutes(31)).getEpochSecond();
        client.v1().checkout().sessions().create(yogaSession("res-2", expiresAt),
                idempotent("checkout-res-2"));

        RecordedRequest r = stripe.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/v1/checkout/sessions");
        assertThat(r.apiKey()).isEqualTo(API_KEY);
        assertThat(r.idempotencyKey()).isEqualTo("checkout-res-2");
        assertThat(r.header("stripe-version")).isEqualTo("2026-07-29.dahlia");
        assertThat(r.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded;charset=UTF-8");
        // Brackets travel unencoded, values URL-encoded (space as '+'), integers in decimal.
        assertThat(r.body())
                .contains("line_items[0][price_data][unit_amount]=90000")
                .contains("line_items[0][price_data][product_data][name]=Yoga+%26+randonn%C3%A9e+%E2%80%93+Vercors")
                .contains("metadata[reservation_id]=res-2")
                .contains("payment_intent_data[metadata][reservation_id]=res-2")
                .contains("expires_at=" + expiresAt)
                .contains("mode=payment")
                .contains("customer_email=camille%2Btest%40example.org")
                .contains("success_url=https%3A%2F%2Fsejour.example%2Fmerci%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D");
        assertThat(r.param("line_items[0][quantity]")).isEqualTo("2");
        assertThat(r.param("line_items[0][price_data][product_data][name]"))
                .isEqualTo("Yoga & randonnée – Vercors");
        assertThat(r.params()).containsEntry("metadata",
                Map.of("reservation_id", "res-2", "sejour_slug", "yoga-vercors", "places", "2"));
        assertThat(stripe.requestCount("/v1/checkout/sessions")).isEqualTo(1);
    }

    @Test
    void retrievesASession() throws Exception {
        Session created = client.v1().checkout().sessions().create(
                yogaSession("res-3", Instant.now()), idempotent("k3"));

        Session fetched = client.v1().checkout().sessions().retrieve(created.getId());

        assertThat(fetched.getId()).isEqualTo(created.getId());
        assertThat(fetched.getMetadata()).containsEntry("reservation_id", "res-3");
        assertThat(stripe.requests().get(1).method()).isEqualTo("GET");
        assertThat(stripe.requests().get(1).path()).isEqualTo("/v1/checkout/sessions/" + created.getId());
    }

    @Test
    void expandIsSentAsAnIndexedQueryParameterAndIgnored() throws Exception {
        Session created = client.v1().checkout().sessions().create(yogaSession("res-x", Instant.now()));

        Session fetched = client.v1().checkout().sessions().retrieve(created.getId(),
                SessionRetrieveParams.builder().addExpand("payment_intent").build());

        assertThat(fetched.getId()).isEqualTo(created.getId());
        RecordedRequest get = stripe.requests().get(1);
        assertThat(get.query()).isEqualTo("expand[0]=payment_intent");
        assertThat(get.params()).containsEntry("expand", List.of("payment_intent"));
    }

    @Test
    void expiresAnOpenSessionOnceThenRefuses() throws Exception {
        Session s = client.v1().checkout().sessions().create(yogaSession("res-4", Instant.now()));

        Session expired = client.v1().checkout().sessions().expire(s.getId(), idempotent("exp-4"));

        assertThat(expired.getStatus()).isEqualTo("expired");
        assertThat(expired.getUrl()).isNull();
        assertThat(stripe.events()).extracting(SimulatedEvent::type)
                .containsExactly("checkout.session.expired");
        assertThatThrownBy(() -> client.v1().checkout().sessions().expire(s.getId(),
                idempotent("exp-4-again")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("status of \"expired\"");
                });
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswer() throws Exception {
        SessionCreateParams params = yogaSession("res-5", Instant.now());

        Session first = client.v1().checkout().sessions().create(params, idempotent("checkout-res-5"));
        Session second = client.v1().checkout().sessions().create(params, idempotent("checkout-res-5"));

        assertThat(second.getId()).isEqualTo(first.getId());
        assertThat(second.getLastResponse().headers().firstValue("Idempotent-Replayed"))
                .hasValue("true");
        assertThat(second.getLastResponse().requestId()).isEqualTo(first.getLastResponse().requestId());
        assertThat(stripe.sessions()).hasSize(1);
    }

    @Test
    void reusingAKeyWithOtherParametersIsAnIdempotencyError() throws Exception {
        client.v1().checkout().sessions().create(yogaSession("res-6", Instant.now()), idempotent("k6"));

        assertThatThrownBy(() -> client.v1().checkout().sessions()
                .create(yogaSession("res-7", Instant.now()), idempotent("k6")))
                .isInstanceOf(IdempotencyException.class)
                .hasMessageContaining("same parameters");
        assertThat(stripe.sessions()).hasSize(1);
    }

    @Test
    void expiresAtOutsideThirtyMinutesToTwentyFourHoursIsRejected() {
        Instant now = Instant.now();
        for (long expiresAt : new long[] {now.plus(Duration.ofMinutes(29)).getEpochSecond(),
                now.plus(Duration.ofHours(24)).plusSeconds(60).getEpochSecond()}) {
            assertThatThrownBy(() -> client.v1().checkout().sessions()
                    .create(yogaSession("res-8", expiresAt)))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.getParam()).isEqualTo("expires_at");
                        assertThat(e.getStatusCode()).isEqualTo(400);
                    });
        }
        assertThat(stripe.sessions()).isEmpty();
    }

    @Test
    void validatesLikeStripe() {
        SessionCreateParams noSuccessUrl = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .addLineItem(SessionCreateParams.LineItem.builder().setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder().setCurrency("eur")
                                .setUnitAmount(100L).setProductData(
                                        SessionCreateParams.LineItem.PriceData.ProductData.builder().setName("x")
                                                .build()).build()).build())
                .build();
        SessionCreateParams.Builder tooMuchMetadata = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT).setSuccessUrl("https://x.example/ok")
                .addLineItem(noSuccessUrl.getLineItems().get(0));
        for (int i = 0; i < 51; i++) {
            tooMuchMetadata.putMetadata("k" + i, "v");
        }
        SessionCreateParams noQuantity = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT).setSuccessUrl("https://x.example/ok")
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPriceData(noSuccessUrl.getLineItems().get(0).getPriceData()).build())
                .build();

        assertThatThrownBy(() -> client.v1().checkout().sessions().create(noSuccessUrl))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getParam()).isEqualTo("success_url"));
        assertThatThrownBy(() -> client.v1().checkout().sessions().create(tooMuchMetadata.build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getParam()).isEqualTo("metadata"));
        assertThatThrownBy(() -> client.v1().checkout().sessions().create(noQuantity))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getParam()).isEqualTo("line_items[0][quantity]"));
        assertThatThrownBy(() -> client.v1().checkout().sessions()
                .create(SessionCreateParams.builder().setSuccessUrl("https://x.example/ok").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getParam()).isEqualTo("mode"));
    }

    @Test
    void anUnknownSessionIs404() {
        assertThatThrownBy(() -> client.v1().checkout().sessions().retrieve("cs_test_nope"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                });
    }

    @Test
    void aWrongKeyIs401() {
        try (StripeSimulator strict = StripeSimulator.builder().apiKey(API_KEY).start()) {
            StripeClient wrong = client(strict, "sk_test_someoneElse", 0, 5_000);

            assertThatThrownBy(() -> wrong.v1().checkout().sessions()
                    .create(yogaSession("res-9", Instant.now())))
                    .isInstanceOfSatisfying(AuthenticationException.class,
                            e -> assertThat(e.getStatusCode()).isEqualTo(401));
            assertThat(strict.sessions()).isEmpty();
        }
    }

    @Test
    void aMalformedKeyIs401EvenWithoutAConfiguredKey() {
        StripeClient wrong = client(stripe, "pk_test_publishable", 0, 5_000);

        assertThatThrownBy(() -> wrong.v1().checkout().sessions().retrieve("cs_test_x"))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void aLiveKeyCreatesLiveSessionsInvisibleToTestKeys() throws Exception {
        StripeClient live = client(stripe, "sk_live_sejour", 0, 5_000);

        Session s = live.v1().checkout().sessions().create(yogaSession("res-10", Instant.now()));

        assertThat(s.getId()).startsWith("cs_live_");
        assertThat(s.getLivemode()).isTrue();
        assertThatThrownBy(() -> client.v1().checkout().sessions().retrieve(s.getId()))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void refundsAPaidSessionThroughTheApi() throws Exception {
        Session s = client.v1().checkout().sessions().create(yogaSession("res-11", Instant.now()));
        stripe.pay(s.getId());
        String pi = client.v1().checkout().sessions().retrieve(s.getId()).getPaymentIntent();

        Refund refund = client.v1().refunds().create(RefundCreateParams.builder()
                .setPaymentIntent(pi).setAmount(50_000L)
                .setReason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER)
                .putMetadata("reservation_id", "res-11").build(), idempotent("refund-res-11"));
        Refund rest = client.v1().refunds().create(RefundCreateParams.builder()
                .setPaymentIntent(pi).build(), idempotent("refund-res-11-rest"));

        assertThat(pi).startsWith("pi_");
        assertThat(refund.getId()).startsWith("re_");
        assertThat(refund.getAmount()).isEqualTo(50_000L);
        assertThat(refund.getStatus()).isEqualTo("succeeded");
        assertThat(refund.getPaymentIntent()).isEqualTo(pi);
        assertThat(refund.getCharge()).startsWith("ch_");
        assertThat(refund.getMetadata()).containsEntry("reservation_id", "res-11");
        assertThat(rest.getAmount()).isEqualTo(130_000L);
        assertThat(stripe.refunds()).extracting(SimulatedRefund::amount).containsExactly(50_000L, 130_000L);
        assertThat(stripe.events()).extracting(SimulatedEvent::type).containsExactly(
                "checkout.session.completed", "charge.refunded", "charge.refunded");
        assertThat(client.v1().refunds().retrieve(refund.getId()).getAmount()).isEqualTo(50_000L);

        assertThatThrownBy(() -> client.v1().refunds().create(
                RefundCreateParams.builder().setPaymentIntent(pi).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("charge_already_refunded"));
    }

    @Test
    void refundReplayDoesNotRefundTwice() throws Exception {
        Session s = client.v1().checkout().sessions().create(yogaSession("res-12", Instant.now()));
        stripe.pay(s.getId());
        String pi = stripe.session(s.getId()).paymentIntentId();
        RefundCreateParams params = RefundCreateParams.builder().setPaymentIntent(pi).build();

        Refund first = client.v1().refunds().create(params, idempotent("refund-res-12"));
        Refund replay = client.v1().refunds().create(params, idempotent("refund-res-12"));

        assertThat(replay.getId()).isEqualTo(first.getId());
        assertThat(stripe.refunds()).hasSize(1);
    }

    @Test
    void refundErrors() throws Exception {
        Session s = client.v1().checkout().sessions().create(yogaSession("res-13", Instant.now()));
        stripe.pay(s.getId());
        String pi = stripe.session(s.getId()).paymentIntentId();

        assertThatThrownBy(() -> client.v1().refunds().create(
                RefundCreateParams.builder().setPaymentIntent("pi_unknown").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                    assertThat(e.getParam()).isEqualTo("payment_intent");
                });
        assertThatThrownBy(() -> client.v1().refunds().create(
                RefundCreateParams.builder().setPaymentIntent(pi).setAmount(180_001L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("amount_too_large"));
        assertThat(stripe.refunds()).isEmpty();
    }

    @Test
    void resetForgetsEverything() throws Exception {
        client.v1().checkout().sessions().create(yogaSession("res-14", Instant.now()), idempotent("k14"));

        stripe.reset();

        assertThat(stripe.sessions()).isEmpty();
        assertThat(stripe.requests()).isEmpty();
        client.v1().checkout().sessions().create(yogaSession("res-14", Instant.now()), idempotent("k14"));
        assertThat(stripe.sessions()).hasSize(1);
    }
}

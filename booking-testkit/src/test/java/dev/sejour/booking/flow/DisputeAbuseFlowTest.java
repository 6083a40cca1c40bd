package dev.sejour.booking.flow;

import static dev.sejour.booking.ReservationStatus.EXPIRED;
import static dev.sejour.booking.ReservationStatus.PAID;
import static dev.sejour.booking.ReservationStatus.PENDING;
import static dev.sejour.booking.ReservationStatus.REFUNDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.param.checkout.SessionCreateParams;
import dev.sejour.booking.ChangeRefusedException;
import dev.sejour.booking.CheckoutSession;
import dev.sejour.booking.Dispute;
import dev.sejour.booking.Money;
import dev.sejour.booking.PaymentProviderException;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.WebhookResult;
import dev.sejour.booking.WebhookResult.Disposition;
import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.spi.Transition;
import dev.sejour.booking.testkit.stripe.Fault;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Dispute events as an attacker, a careless proxy or another API version could shape them, all correctly
 * signed: each is answered without a failure Stripe would retry for days, and nothing else changes.
 */
class DisputeAbuseFlowTest extends FlowFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckoutSession paidCheckout(int places) {
        CheckoutSession checkout = checkout(places);
        deliver(stripe.pay(checkout.stripeSessionId()));
        return checkout;
    }

    /** The event with its dispute object changed by {@code edit}, signed again as Stripe would sign it. */
    private static SimulatedEvent edited(SimulatedEvent event, Consumer<ObjectNode> edit) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(event.payload());
            edit.accept((ObjectNode) root.path("data").path("object"));
            return new SimulatedEvent(event.id(), event.type(), event.objectId(), event.created(),
                    JSON.writeValueAsString(root));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SimulatedEvent retyped(SimulatedEvent event, String type) {
        return new SimulatedEvent(event.id(), type, event.objectId(), event.created(),
                event.payload().replace("\"type\": \"" + event.type() + "\"", "\"type\": \"" + type + "\"")
                        .replace("\"type\":\"" + event.type() + "\"", "\"type\":\"" + type + "\""));
    }

    private long notices(String reservationId) {
        return settled().deliveredFor(reservationId).stream()
                .filter(n -> n.kind() == Notification.Kind.DISPUTE_OPENED
                        || n.kind() == Notification.Kind.DISPUTE_CLOSED).count();
    }

    @Test
    void aHugeNonAsciiReasonIsRecordedWithinWhatEveryStoreHolds() {
        CheckoutSession checkout = paidCheckout(1);
        // 4 000 characters with accents and emoji (two UTF-16 units each): the SQL stores hold 100.
        String reason = "fraude présumée 🙂 ".repeat(200);

        WebhookResult result = deliver(edited(stripe.openDispute(checkout.stripeSessionId(), "fraudulent"),
                d -> d.put("reason", reason)));

        assertThat(result.disposition()).isEqualTo(Disposition.APPLIED);
        String recorded = reservation(checkout).dispute().reason();
        assertThat(recorded.length()).isLessThanOrEqualTo(Dispute.MAX_REASON_LENGTH);
        assertThat(reason).startsWith(recorded);
        assertThat(Character.isHighSurrogate(recorded.charAt(recorded.length() - 1)))
                .as("never half an emoji").isFalse();
    }

    @Test
    void anOverlongStatusOrIdIsIgnoredNotFailedForStripeToRetry() {
        CheckoutSession checkout = paidCheckout(1);
        SimulatedEvent opened = stripe.openDispute(checkout.stripeSessionId(), "fraudulent");

        assertThat(deliver(edited(opened, d -> d.put("status", "x".repeat(5000)))).disposition())
                .isEqualTo(Disposition.IGNORED);
        assertThat(deliver(edited(opened, d -> d.put("id", "du_" + "x".repeat(5000)))).disposition())
                .isEqualTo(Disposition.IGNORED);

        assertThat(reservation(checkout).dispute()).isNull();
        assertThat(deliver(opened).disposition()).isEqualTo(Disposition.APPLIED);
    }

    @Test
    void aBadCurrencyOrANegativeAmountIsIgnoredNotAnInternalError() {
        CheckoutSession checkout = paidCheckout(1);
        SimulatedEvent opened = stripe.openDispute(checkout.stripeSessionId(), "fraudulent");

        assertThat(deliver(edited(opened, d -> d.put("currency", "euro"))).disposition())
                .isEqualTo(Disposition.IGNORED);
        assertThat(deliver(edited(opened, d -> d.put("amount", -1))).disposition()).isEqualTo(Disposition.IGNORED);
        assertThat(deliver(edited(opened, d -> d.putNull("status"))).disposition()).isEqualTo(Disposition.IGNORED);
        assertThat(deliver(edited(opened, d -> d.remove("id"))).disposition()).isEqualTo(Disposition.IGNORED);

        assertThat(reservation(checkout).dispute()).isNull();
        assertThat(notices(checkout.reservationId())).isZero();
    }

    @Test
    void anAmountAndCurrencyOtherThanTheReservationsAreRecordedAsStripeSaysThem() {
        CheckoutSession checkout = paidCheckout(2);

        WebhookResult result = deliver(edited(stripe.openDispute(checkout.stripeSessionId(), "fraudulent"), d -> {
            d.put("amount", 12_345);
            d.put("currency", "USD");
        }));

        assertThat(result.disposition()).isEqualTo(Disposition.APPLIED);
        assertThat(reservation(checkout).dispute().amount()).isEqualTo(Money.of(12_345, "usd"));
        assertThat(reservation(checkout).amount()).isEqualTo(PRICE.times(2));
        assertPlacesLeft(CAPACITY - 2);
    }

    @Test
    void aDisputeWithoutPaymentIntentAtAnOldApiVersionIsAcknowledged() {
        CheckoutSession checkout = paidCheckout(1);

        WebhookResult result = deliver(edited(stripe.openDispute(checkout.stripeSessionId(), "fraudulent"),
                d -> d.remove("payment_intent")));

        assertThat(result.disposition()).isEqualTo(Disposition.IGNORED);
        assertThat(reservation(checkout).dispute()).isNull();
    }

    @Test
    void aFundsReinstatedEventIsAcknowledgedAndChangesNothing() {
        CheckoutSession checkout = paidCheckout(1);
        SimulatedEvent opened = stripe.openDispute(checkout.stripeSessionId(), "fraudulent");

        WebhookResult result = deliver(retyped(opened, "charge.dispute.funds_reinstated"));

        assertThat(result.type()).isEqualTo("charge.dispute.funds_reinstated");
        assertThat(result.disposition()).isEqualTo(Disposition.IGNORED);
        assertThat(reservation(checkout).dispute()).isNull();
    }

    @Test
    void anUpdateOrAWithdrawalArrivingBeforeTheCreationRecordsTheDisputeOnce() {
        CheckoutSession checkout = paidCheckout(1);
        SimulatedEvent opened = stripe.openDispute(checkout.stripeSessionId(), "fraudulent");

        WebhookResult withdrawn = deliver(retyped(opened, "charge.dispute.funds_withdrawn"));
        WebhookResult updated = deliver(retyped(opened, "charge.dispute.updated"));
        WebhookResult created = deliver(opened);

        assertThat(withdrawn.disposition()).isEqualTo(Disposition.APPLIED);
        assertThat(updated.disposition()).isEqualTo(Disposition.DUPLICATE);
        assertThat(created.disposition()).isEqualTo(Disposition.DUPLICATE);
        assertThat(reservation(checkout).dispute().status()).isEqualTo("needs_response");
        assertThat(notices(checkout.reservationId())).isEqualTo(1);
    }

    @Test
    void aClosingWithAStatusStripeMayAddLaterIsRecordedClosed() {
        CheckoutSession checkout = paidCheckout(1);
        deliver(stripe.openDispute(checkout.stripeSessionId(), "fraudulent"));

        WebhookResult result = deliver(edited(stripe.closeDispute(checkout.stripeSessionId(), "won"),
                d -> d.put("status", "partially_won_é")));

        assertThat(result.disposition()).isEqualTo(Disposition.APPLIED);
        assertThat(reservation(checkout).dispute().status()).isEqualTo("partially_won_é");
        assertThat(reservation(checkout).dispute().closed()).isTrue();
        assertThat(notices(checkout.reservationId())).isEqualTo(2);
    }

    @Test
    void aDisputeOfARefundedReservationIsRecordedAndTheReservationStaysRefunded() {
        CheckoutSession checkout = paidCheckout(2);
        deliver(stripe.refundFromDashboard(checkout.stripeSessionId()));
        assertThat(reservation(checkout).status()).isEqualTo(REFUNDED);

        assertThat(deliver(stripe.openDispute(checkout.stripeSessionId(), "fraudulent")).disposition())
                .isEqualTo(Disposition.APPLIED);

        assertThat(reservation(checkout).status()).isEqualTo(REFUNDED);
        assertPlacesLeft(CAPACITY);
    }

    @Test
    void theSameDisputeDeliveredFiftyTimesAtOnceIsRecordedOnceAndToldOnce() throws Exception {
        CheckoutSession checkout = paidCheckout(1);
        SimulatedEvent opened = stripe.openDispute(checkout.stripeSessionId(), "fraudulent");
        SimulatedEvent closed = stripe.closeDispute(checkout.stripeSessionId(), "lost");

        List<WebhookResult> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<WebhookResult>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                SimulatedEvent event = i % 2 == 0 ? opened : closed;
                futures.add(pool.submit(() -> {
                    start.await();
                    return deliver(event);
                }));
            }
            start.countDown();
            for (Future<WebhookResult> f : futures) {
                results.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }

        long applied = results.stream().filter(r -> r.disposition() == Disposition.APPLIED).count();
        assertThat(applied).as("the closing once, the opening at most once before it").isBetween(1L, 2L);
        assertThat(results).allMatch(r -> r.disposition() != Disposition.IGNORED);
        assertThat(reservation(checkout).dispute().status()).isEqualTo("lost");
        assertThat(reservation(checkout).status()).isEqualTo(PAID);
        // The closing's notice replaces an opening's not sent yet: one notice per state at most, the closing's once.
        assertThat(notices(checkout.reservationId())).isBetween(1L, applied);
        assertThat(settled().deliveredFor(checkout.reservationId()).stream()
                .filter(n -> n.kind() == Notification.Kind.DISPUTE_CLOSED)).hasSize(1);
        assertPlacesLeft(CAPACITY - 1);
    }

    @Test
    void theOrganiserCannotRefundALostDisputesPaymentAndIsToldWhyNotToRetry() {
        CheckoutSession checkout = paidCheckout(2);
        deliver(stripe.openDispute(checkout.stripeSessionId(), "fraudulent"));
        deliver(stripe.closeDispute(checkout.stripeSessionId(), "lost"));

        assertThatThrownBy(() -> booking.admin().refund(checkout.reservationId()))
                .isInstanceOf(ChangeRefusedException.class).hasMessageContaining("disputed");

        assertThat(reservation(checkout).status()).isEqualTo(PAID);
        assertThat(stripe.refunds()).isEmpty();
        assertPlacesLeft(CAPACITY - 2);
    }

    @Test
    void aDisputeOfAPaymentNotAppliedYetIsRecordedOnceThePaymentIsFound() {
        CheckoutSession checkout = checkout(1);
        SimulatedEvent completed = stripe.pay(checkout.stripeSessionId());  // never delivered

        WebhookResult result = deliver(stripe.openDispute(checkout.stripeSessionId(), "fraudulent"));

        assertThat(result.disposition()).isEqualTo(Disposition.APPLIED);
        assertThat(reservation(checkout).status()).isEqualTo(PAID);
        assertThat(reservation(checkout).dispute()).isNotNull();
        assertThat(deliver(completed).disposition()).isEqualTo(Disposition.DUPLICATE);
    }

    @Test
    void aDisputeOfAReservationLostInARestoredBackupRebuildsItAndRecordsTheDispute() {
        String lost = "res_" + "lostdispute000000000000a";
        Map<String, String> metadata = new HashMap<>();
        metadata.put("reservation_id", lost);
        metadata.put("sejourSlug", SLUG);
        metadata.put("nbPlaces", "2");
        metadata.put("email", "camille@example.org");
        metadata.put("nom", "Martin");
        metadata.put("prenom", "Camille");
        String session = sessionMadeAtStripeOnly(metadata, 2);
        stripe.pay(session);  // its completed event never applied: the store that knew it was lost

        WebhookResult result = deliver(stripe.openDispute(session, "fraudulent"));

        assertThat(result.disposition()).isEqualTo(Disposition.APPLIED);
        assertThat(result.reservationId()).isEqualTo(lost);
        Reservation rebuilt = stores.reservations().findById(lost).orElseThrow();
        assertThat(rebuilt.status()).isEqualTo(PAID);
        assertThat(rebuilt.dispute()).isNotNull();
        assertThat(rebuilt.dispute().status()).isEqualTo("needs_response");
        assertThat(notices(lost)).isEqualTo(1);
        assertPlacesLeft(CAPACITY - 2);
    }

    @Test
    void aClosedDisputeOfALatePaymentThatCannotBeRefundedAnyMoreIsStillRecorded() {
        CheckoutSession late = checkout(2);
        Reservation hold = reservation(late);
        // What a sweeper that could not ask Stripe would do: give the places back while the buyer pays.
        stores.reservations().transition(Transition.of(hold.id(), PENDING, EXPIRED, hold.places(), clock.instant()));
        checkout(CAPACITY);  // the places are gone: the late payment would be refunded
        stripe.pay(late.stripeSessionId());  // its completed event never applied
        stripe.openDispute(late.stripeSessionId(), "fraudulent");  // nor its opening

        // The bank already took the money back: Stripe refuses the late payment's refund (charge_disputed).
        WebhookResult result = deliver(stripe.closeDispute(late.stripeSessionId(), "lost"));

        assertThat(result.disposition()).isEqualTo(Disposition.APPLIED);
        assertThat(result.reservationId()).isEqualTo(late.reservationId());
        assertThat(reservation(late).status()).isEqualTo(EXPIRED);
        assertThat(reservation(late).dispute()).isNotNull();
        assertThat(reservation(late).dispute().status()).isEqualTo("lost");
        assertThat(stripe.refunds()).isEmpty();
        assertPlacesLeft(0);
    }

    @Test
    void aDisputeOfAnotherApplicationsCheckoutPaymentIsIgnoredAfterAskingStripe() {
        String session = sessionMadeAtStripeOnly(Map.of("order", "42"), 1);
        stripe.pay(session);

        WebhookResult result = deliver(stripe.openDispute(session, "fraudulent"));

        assertThat(result.disposition()).isEqualTo(Disposition.IGNORED);
        assertThat(result.reservationId()).isNull();
        assertThat(stripe.requests()).anySatisfy(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/v1/checkout/sessions");
            assertThat(r.query()).contains("payment_intent=pi_");
        });
        assertPlacesLeft(CAPACITY);
    }

    @Test
    void aDisputeWhoseLookupAtStripeFailsIsRedeliveredAndChangesNothingMeanwhile() {
        CheckoutSession checkout = checkout(1);
        stripe.pay(checkout.stripeSessionId());  // never delivered
        SimulatedEvent opened = stripe.openDispute(checkout.stripeSessionId(), "fraudulent");
        stripe.enqueueFault(Fault.status(500).forPath("/v1/checkout/sessions").times(10));

        assertThatThrownBy(() -> deliver(opened)).isInstanceOf(PaymentProviderException.class);

        assertThat(reservation(checkout).status()).isEqualTo(PENDING);
        assertThat(reservation(checkout).dispute()).isNull();
        assertThat(notices(checkout.reservationId())).isZero();
        assertPlacesLeft(CAPACITY - 1);

        stripe.clearFaults();  // Stripe redelivers once the API answers again
        assertThat(deliver(opened).disposition()).isEqualTo(Disposition.APPLIED);
        assertThat(reservation(checkout).status()).isEqualTo(PAID);
        assertThat(reservation(checkout).dispute()).isNotNull();
        assertThat(deliver(opened).disposition()).isEqualTo(Disposition.DUPLICATE);
    }

    /** A paid-for Checkout Session created at Stripe with {@code metadata}, unknown to the store. */
    private String sessionMadeAtStripeOnly(Map<String, String> metadata, int places) {
        StripeClient client = StripeClient.builder().setApiKey(SECRET_KEY).setApiBase(stripe.apiBase()).build();
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://shop.example.org/merci?session_id={CHECKOUT_SESSION_ID}")
                .setCustomerEmail("camille@example.org")
                .setExpiresAt(clock.instant().plus(Duration.ofMinutes(31)).getEpochSecond())
                .putAllMetadata(metadata)
                .addLineItem(SessionCreateParams.LineItem.builder().setQuantity((long) places)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder().setCurrency("eur")
                                .setUnitAmount(PRICE.minorUnits())
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName("Yoga aux Choseaux").build()).build()).build())
                .build();
        try {
            return client.v1().checkout().sessions().create(params).getId();
        } catch (StripeException e) {
            throw new IllegalStateException(e);
        }
    }

    /*
     * An inquiry (warning_needs_response) that the bank escalates to a chargeback keeps its dispute id; Stripe
     * then sends charge.dispute.updated and charge.dispute.funds_withdrawn (status needs_response), in any
     * order. The first is recorded and told, the second is a duplicate, a later inquiry status or a change
     * within the chargeback step (under_review) too; the closing is recorded and told.
     */
    @Test
    void anInquiryEscalatedToAChargebackIsRecordedAndTold() {
        CheckoutSession checkout = paidCheckout(1);
        SimulatedEvent opened = stripe.openDispute(checkout.stripeSessionId(), "fraudulent");
        deliver(edited(opened, d -> d.put("status", "warning_needs_response")));

        WebhookResult escalated = deliver(retyped(opened, "charge.dispute.funds_withdrawn"));
        WebhookResult updated = deliver(retyped(opened, "charge.dispute.updated"));
        WebhookResult lateInquiry = deliver(edited(retyped(opened, "charge.dispute.updated"),
                d -> d.put("status", "warning_under_review")));
        WebhookResult underReview = deliver(edited(retyped(opened, "charge.dispute.updated"),
                d -> d.put("status", "under_review")));

        assertThat(escalated.disposition()).isEqualTo(Disposition.APPLIED);
        assertThat(updated.disposition()).isEqualTo(Disposition.DUPLICATE);
        assertThat(lateInquiry.disposition()).isEqualTo(Disposition.DUPLICATE);
        assertThat(underReview.disposition()).isEqualTo(Disposition.DUPLICATE);
        assertThat(reservation(checkout).dispute().status()).isEqualTo("needs_response");
        assertThat(reservation(checkout).dispute().closed()).isFalse();
        assertThat(reservation(checkout).status()).isEqualTo(PAID);
        assertThat(notices(checkout.reservationId())).isEqualTo(2);

        WebhookResult closed = deliver(stripe.closeDispute(checkout.stripeSessionId(), "lost"));

        assertThat(closed.disposition()).isEqualTo(Disposition.APPLIED);
        assertThat(reservation(checkout).dispute().status()).isEqualTo("lost");
        assertThat(notices(checkout.reservationId())).isEqualTo(3);
    }
}

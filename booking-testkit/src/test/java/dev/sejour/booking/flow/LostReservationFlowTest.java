package dev.sejour.booking.flow;

import static dev.sejour.booking.ReservationStatus.PAID;
import static dev.sejour.booking.ReservationStatus.PENDING;
import static dev.sejour.booking.ReservationStatus.REFUNDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.param.checkout.SessionCreateParams;
import dev.sejour.booking.CheckoutSession;
import dev.sejour.booking.LatePaymentPolicy;
import dev.sejour.booking.Money;
import dev.sejour.booking.PaymentProviderException;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationNotFoundException;
import dev.sejour.booking.WebhookResult;
import dev.sejour.booking.WebhookResult.Disposition;
import dev.sejour.booking.spi.Notification;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A paid session whose reservation the store does not know (lost in a crash, a restored backup, a table
 * emptied by hand) is rebuilt from the library's metadata on the session and goes through the late-payment
 * policy, on the webhook and on the success page alike. Such sessions are made here as the library makes
 * them, at Stripe only: the store never saw them.
 */
class LostReservationFlowTest extends FlowFixture {

    private static final String LOST_ID = "res_" + "lost0000000000000000000a";

    @Test
    void aPaidSessionOfALostReservationIsRebuiltAndPaidWhilePlacesAreLeft() {
        String session = lostSession(LOST_ID, 2, PRICE.times(2).minorUnits(), fullMetadata(LOST_ID, 2));

        assertThat(deliver(stripe.pay(session))).extracting(WebhookResult::disposition, WebhookResult::reservationId)
                .containsExactly(Disposition.APPLIED, LOST_ID);

        Reservation rebuilt = stores.reservations().findById(LOST_ID).orElseThrow();
        assertThat(rebuilt.status()).isEqualTo(PAID);
        assertThat(rebuilt.stripeSessionId()).isEqualTo(session);
        assertThat(rebuilt.paymentIntentId()).isEqualTo(stripe.session(session).paymentIntentId());
        assertThat(rebuilt.amount()).isEqualTo(Money.of(180_000, "eur"));
        assertThat(rebuilt.places()).isEqualTo(2);
        assertThat(rebuilt.buyer().email()).isEqualTo("camille@example.org");
        assertThat(rebuilt.buyer().lastName()).isEqualTo("Martin");
        assertThat(rebuilt.buyer().firstName()).isEqualTo("Camille");
        assertPlacesLeft(8);
        assertThat(stripe.refunds()).isEmpty();
        assertThat(settled().deliveredFor(LOST_ID)).extracting(Notification::kind)
                .containsExactly(Notification.Kind.CONFIRMATION);
    }

    @Test
    void aPaidSessionOfALostReservationIsRefundedWhenNoPlaceIsLeft() {
        CheckoutSession others = checkout(9);
        String session = lostSession(LOST_ID, 2, PRICE.times(2).minorUnits(), fullMetadata(LOST_ID, 2));
        SimulatedEvent completed = stripe.pay(session);

        assertThat(deliver(completed).disposition()).isEqualTo(Disposition.APPLIED);
        assertThat(deliver(completed).disposition()).isEqualTo(Disposition.DUPLICATE);

        assertThat(stores.reservations().findById(LOST_ID).orElseThrow().status()).isEqualTo(REFUNDED);
        assertThat(stripe.refunds()).singleElement().satisfies(r -> {
            assertThat(r.sessionId()).isEqualTo(session);
            assertThat(r.amount()).isEqualTo(180_000);
        });
        assertThat(settled().deliveredFor(LOST_ID)).extracting(Notification::kind)
                .containsExactly(Notification.Kind.REFUND);
        assertThat(reservation(others).status()).isEqualTo(PENDING);
        assertPlacesLeft(1);
    }

    @Test
    void theAlwaysRefundPolicyRefundsALostReservationEvenWithPlacesLeft() {
        booking = configure(b -> b.latePaymentPolicy(LatePaymentPolicy.ALWAYS_REFUND));
        String session = lostSession(LOST_ID, 2, PRICE.times(2).minorUnits(), fullMetadata(LOST_ID, 2));

        deliver(stripe.pay(session));

        assertThat(stores.reservations().findById(LOST_ID).orElseThrow().status()).isEqualTo(REFUNDED);
        assertThat(stripe.refunds()).hasSize(1);
        assertPlacesLeft(CAPACITY);
    }

    @Test
    void theSuccessPageRebuildsItTooAndTheWebhookThenFindsItPaid() {
        String session = lostSession(LOST_ID, 1, PRICE.minorUnits(), fullMetadata(LOST_ID, 1));
        SimulatedEvent completed = stripe.pay(session);

        Reservation found = booking.findReservation(session);

        assertThat(found.id()).isEqualTo(LOST_ID);
        assertThat(found.status()).isEqualTo(PAID);
        assertThat(deliver(completed).disposition()).isEqualTo(Disposition.DUPLICATE);
        assertThat(settled().delivered()).hasSize(1);
        assertPlacesLeft(9);
    }

    @Test
    void theSuccessPageAnswersTheRefundWhenNoPlaceIsLeft() {
        checkout(10);
        String session = lostSession(LOST_ID, 1, PRICE.minorUnits(), fullMetadata(LOST_ID, 1));
        SimulatedEvent completed = stripe.pay(session);

        assertThat(booking.findReservation(session).status()).isEqualTo(REFUNDED);
        assertThat(deliver(completed).disposition()).isEqualTo(Disposition.DUPLICATE);

        assertThat(stripe.refunds()).hasSize(1);
        assertThat(settled().deliveredFor(LOST_ID)).extracting(Notification::kind)
                .containsExactly(Notification.Kind.REFUND);
        assertPlacesLeft(0);
    }

    @Test
    void racingDeliveriesRebuildItOnceAndConfirmOnce() throws Exception {
        String session = lostSession(LOST_ID, 2, PRICE.times(2).minorUnits(), fullMetadata(LOST_ID, 2));
        SimulatedEvent completed = stripe.pay(session);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<WebhookResult> results = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<WebhookResult>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return deliver(completed);
                }));
            }
            go.countDown();
            for (Future<WebhookResult> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(results).extracting(WebhookResult::disposition)
                .containsOnly(Disposition.APPLIED, Disposition.DUPLICATE)
                .filteredOn(d -> d == Disposition.APPLIED).hasSize(1);
        assertThat(stores.reservations().findById(LOST_ID).orElseThrow().status()).isEqualTo(PAID);
        assertThat(settled().delivered()).hasSize(1);
        assertThat(stripe.refunds()).isEmpty();
        assertPlacesLeft(8);
    }

    @Test
    void aSessionWithoutTheLibrarysMetadataIsAnotherApplicationsAndStaysIgnored() {
        Map<String, String> foreign = fullMetadata("order-1234", 2);
        String session = lostSession(null, 2, PRICE.times(2).minorUnits(), foreign);
        int requestsBefore = stripe.requests().size();

        assertThat(deliver(stripe.pay(session)).disposition()).isEqualTo(Disposition.IGNORED);

        assertThat(stripe.requests()).as("no Stripe call for another application's payment").hasSize(requestsBefore);
        assertThatThrownBy(() -> booking.findReservation(session)).isInstanceOf(ReservationNotFoundException.class);
        assertThat(stripe.refunds()).isEmpty();
        assertThat(settled().delivered()).isEmpty();
        assertPlacesLeft(CAPACITY);
    }

    @Test
    void incompleteMetadataIsNotRebuiltAndNothingIsRefunded() {
        Map<String, String> metadata = fullMetadata(LOST_ID, 2);
        metadata.remove("nbPlaces");
        String session = lostSession(LOST_ID, 2, PRICE.times(2).minorUnits(), metadata);

        assertThat(deliver(stripe.pay(session)).disposition()).isEqualTo(Disposition.IGNORED);

        assertThat(stores.reservations().findById(LOST_ID)).isEmpty();
        assertThat(stripe.refunds()).isEmpty();
        assertPlacesLeft(CAPACITY);
    }

    @Test
    void aLostReservationOfASejourThatNoLongerExistsIsRefunded() {
        Map<String, String> metadata = fullMetadata(LOST_ID, 1);
        metadata.put("sejourSlug", "sejour_supprime");
        String session = lostSession(LOST_ID, 1, PRICE.minorUnits(), metadata);

        assertThat(deliver(stripe.pay(session)).disposition()).isEqualTo(Disposition.IGNORED);

        assertThat(stripe.refunds()).singleElement().satisfies(r -> assertThat(r.sessionId()).isEqualTo(session));
        assertThat(stores.reservations().findById(LOST_ID)).isEmpty();
        assertPlacesLeft(CAPACITY);
    }

    @Test
    void aPaymentRefundedAlreadyIsNotAnErrorWhenItIsRefundedAgain() {
        Map<String, String> metadata = fullMetadata(LOST_ID, 1);
        metadata.put("sejourSlug", "sejour_supprime");
        String session = lostSession(LOST_ID, 1, PRICE.minorUnits(), metadata);
        SimulatedEvent completed = stripe.pay(session);
        stripe.refundFromDashboard(session);

        assertThat(deliver(completed).disposition()).isEqualTo(Disposition.IGNORED);

        assertThat(stripe.refunds()).hasSize(1);
    }

    @Test
    void anUnpaidSessionOfALostReservationIsNotRebuilt() {
        String session = lostSession(LOST_ID, 1, PRICE.minorUnits(), fullMetadata(LOST_ID, 1));

        assertThatThrownBy(() -> booking.findReservation(session)).isInstanceOf(ReservationNotFoundException.class);
        assertThat(deliver(stripe.expire(session)).disposition()).isEqualTo(Disposition.IGNORED);

        assertThat(stores.reservations().findById(LOST_ID)).isEmpty();
    }

    @Test
    void theSuccessPageSaysStripeIsUnavailableRatherThanNotFoundWhenItCannotAsk() {
        String session = lostSession(LOST_ID, 1, PRICE.minorUnits(), fullMetadata(LOST_ID, 1));
        stripe.pay(session);
        stripe.enqueueFault(Fault.status(503));

        assertThatThrownBy(() -> booking.findReservation(session)).isInstanceOf(PaymentProviderException.class);

        // One Stripe lookup per session per interval (SessionLookupThrottle): the page's next poll after it.
        clock.advance(Duration.ofSeconds(5));
        assertThat(booking.findReservation(session).status()).isEqualTo(PAID);
    }

    @Test
    void idsThatAreNotCheckoutSessionIdsOfTheKeysModeAreNotLookedUp() {
        int before = stripe.requests().size();

        for (String id : List.of("cs_live_" + "a".repeat(58), "pi_123", "cs_test_a-b", "whatever")) {
            assertThatThrownBy(() -> booking.findReservation(id)).isInstanceOf(ReservationNotFoundException.class);
        }

        assertThat(stripe.requests()).hasSize(before);
    }

    private static Map<String, String> fullMetadata(String reservationId, int places) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put("reservation_id", reservationId);
        metadata.put("sejourSlug", SLUG);
        metadata.put("nbPlaces", Integer.toString(places));
        metadata.put("email", "camille@example.org");
        metadata.put("nom", "Martin");
        metadata.put("prenom", "Camille");
        return metadata;
    }

    /** A session as the library creates it, made at Stripe only, as if the store lost its reservation. */
    private String lostSession(String clientReferenceId, int places, long amount, Map<String, String> metadata) {
        StripeClient client = StripeClient.builder().setApiKey(SECRET_KEY).setApiBase(stripe.apiBase()).build();
        SessionCreateParams.Builder params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://sejours.example.org/reservation/confirmation?session_id={CHECKOUT_SESSION_ID}")
                .setCustomerEmail("camille@example.org")
                .setExpiresAt(clock.instant().plus(Duration.ofMinutes(31)).getEpochSecond())
                .putAllMetadata(metadata)
                .addLineItem(SessionCreateParams.LineItem.builder().setQuantity((long) places)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder().setCurrency("eur")
                                .setUnitAmount(amount / places)
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName("Yoga aux Choseaux").build()).build()).build());
        if (clientReferenceId != null) {
            params.setClientReferenceId(clientReferenceId);
        }
        try {
            return client.v1().checkout().sessions().create(params.build()).getId();
        } catch (StripeException e) {
            throw new IllegalStateException(e);
        }
    }
}

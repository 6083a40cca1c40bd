package dev.sejour.booking.flow;

import static dev.sejour.booking.ReservationStatus.EXPIRED;
import static dev.sejour.booking.ReservationStatus.FAILED;
import static dev.sejour.booking.ReservationStatus.PAID;
import static dev.sejour.booking.ReservationStatus.PENDING;
import static dev.sejour.booking.ReservationStatus.REFUNDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.param.checkout.SessionCreateParams;
import dev.sejour.booking.BookingService;
import dev.sejour.booking.CheckoutRequest;
import dev.sejour.booking.CheckoutSession;
import dev.sejour.booking.InvalidRequestException;
import dev.sejour.booking.InvalidSignatureException;
import dev.sejour.booking.LatePaymentPolicy;
import dev.sejour.booking.NotEnoughPlacesException;
import dev.sejour.booking.PaymentProviderException;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationNotFoundException;
import dev.sejour.booking.SejourNotFoundException;
import dev.sejour.booking.SweepReport;
import dev.sejour.booking.WebhookResult.Disposition;
import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.spi.NotificationException;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.Transition;
import dev.sejour.booking.testkit.RecordingNotifier;
import dev.sejour.booking.testkit.stripe.Fault;
import dev.sejour.booking.testkit.stripe.RecordedRequest;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.SimulatedSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BookingFlowTest extends FlowFixture {

    @Nested
    class Checkout {

        @Test
        void holdsThePlacesAndCreatesTheSessionStripeNeeds() {
            CheckoutSession checkout = checkout(2);

            assertPlacesLeft(8);
            Reservation hold = reservation(checkout);
            assertThat(hold.status()).isEqualTo(PENDING);
            assertThat(hold.stripeSessionId()).isEqualTo(checkout.stripeSessionId());
            assertThat(hold.amount().minorUnits()).isEqualTo(180_000);
            assertThat(hold.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
            assertThat(checkout.url()).startsWith(stripe.apiBase());

            SimulatedSession session = stripe.session(checkout.stripeSessionId());
            assertThat(session.amountTotal()).isEqualTo(180_000);
            assertThat(session.currency()).isEqualTo("eur");
            assertThat(session.clientReferenceId()).isEqualTo(hold.id());
            assertThat(session.customerEmail()).isEqualTo("buyer1@example.com");
            assertThat(session.metadata()).containsEntry("reservation_id", hold.id())
                    .containsEntry("sejourSlug", SLUG).containsEntry("nbPlaces", "2");
            // Stripe's minimum is 30 minutes: the sweeper expires the session when the 15-minute hold ends.
            assertThat(session.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(31)));
            assertThat(session.successUrl()).isEqualTo(
                    "https://sejours.example.org/reservation/confirmation?session_id={CHECKOUT_SESSION_ID}");
            RecordedRequest create = stripe.requests().stream()
                    .filter(r -> r.path().equals("/v1/checkout/sessions")).findFirst().orElseThrow();
            assertThat(create.idempotencyKey()).isEqualTo("sejour-booking-checkout-" + hold.id());
        }

        @Test
        void refusesMorePlacesThanLeftWithoutCallingStripe() {
            checkout(9);

            assertThatThrownBy(() -> checkout(2)).isInstanceOf(NotEnoughPlacesException.class);

            assertPlacesLeft(1);
            assertThat(stripe.sessions()).hasSize(1);
        }

        @Test
        void refusesAnUnknownSejourAndInvalidInputWithoutHoldingAnything() {
            assertThatThrownBy(() -> booking.startCheckout(
                    new CheckoutRequest("inconnu", 1, "a@b.fr", "N", "P"))).isInstanceOf(SejourNotFoundException.class);
            assertThatThrownBy(() -> booking.startCheckout(
                    new CheckoutRequest(SLUG, 0, "a@b.fr", "N", "P"))).isInstanceOf(InvalidRequestException.class);

            assertPlacesLeft(CAPACITY);
            assertThat(stripe.requests()).isEmpty();
        }

        @Test
        void stripeFailingReleasesTheHoldAndSaysTheProviderIsUnavailable() {
            stripe.enqueueFault(Fault.status(500));

            assertThatThrownBy(() -> checkout(3)).isInstanceOf(PaymentProviderException.class)
                    .hasMessageNotContaining(SECRET_KEY);

            assertPlacesLeft(CAPACITY);
            assertThat(stores.countPlaces(SLUG).held()).isZero();
        }

        @Test
        void stripeTimingOutReleasesTheHold() {
            stripe.enqueueFault(Fault.delay(Duration.ofSeconds(4)));

            assertThatThrownBy(() -> checkout(3)).isInstanceOf(PaymentProviderException.class);

            assertPlacesLeft(CAPACITY);
        }

        @Test
        void stripeRefusingTheBuyersEmailIsTheBuyersErrorNamingTheFieldAndReleasesTheHold() {
            stripe.enqueueFault(Fault.invalidEmail());

            assertThatThrownBy(() -> checkout(3)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("email ");

            assertPlacesLeft(CAPACITY);
            assertThat(stores.countPlaces(SLUG).held()).isZero();
        }

        @Test
        void stripeRefusingAnythingElseStaysTheProvidersError() {
            stripe.enqueueFault(Fault.invalidRequest("line_items[0][price_data][currency]", "parameter_invalid_empty",
                    "Invalid currency"));

            assertThatThrownBy(() -> checkout(3)).isInstanceOf(PaymentProviderException.class);

            assertPlacesLeft(CAPACITY);
        }

        @Test
        void aStripeOutageIsRetriedWithTheSameIdempotencyKey() {
            booking = configure(b -> b.stripeMaxNetworkRetries(2));
            stripe.enqueueFault(Fault.status(503));

            CheckoutSession checkout = checkout(1);

            assertThat(stripe.sessions()).extracting(SimulatedSession::id).containsExactly(checkout.stripeSessionId());
            assertPlacesLeft(9);
        }
    }

    @Nested
    class Payment {

        @Test
        void aPaidSessionMakesTheReservationPaidAndNotifiesOnce() {
            CheckoutSession checkout = checkout(2);

            SimulatedEvent completed = stripe.pay(checkout.stripeSessionId());
            assertThat(deliver(completed).disposition()).isEqualTo(Disposition.APPLIED);

            settled();
            Reservation paid = reservation(checkout);
            assertThat(paid.status()).isEqualTo(PAID);
            assertThat(paid.paymentIntentId()).isEqualTo(stripe.session(checkout.stripeSessionId()).paymentIntentId());
            assertThat(paid.paidAt()).isEqualTo(clock.instant());
            assertThat(paid.notifiedAt()).isNotNull();
            assertPlacesLeft(8);
            assertThat(settled().delivered()).singleElement().satisfies(n -> {
                assertThat(n.kind()).isEqualTo(Notification.Kind.CONFIRMATION);
                assertThat(n.sejourTitle()).isEqualTo("Yoga aux Choseaux");
                assertThat(n.reservation().id()).isEqualTo(checkout.reservationId());
            });
        }

        @Test
        void duplicateDeliveriesChangeNothingAndNotifyOnce() {
            CheckoutSession checkout = checkout(1);
            SimulatedEvent completed = stripe.pay(checkout.stripeSessionId());

            deliver(completed);
            assertThat(deliver(completed).disposition()).isEqualTo(Disposition.DUPLICATE);
            assertThat(deliver(completed).disposition()).isEqualTo(Disposition.DUPLICATE);

            assertThat(reservation(checkout).status()).isEqualTo(PAID);
            assertThat(settled().delivered()).hasSize(1);
            assertPlacesLeft(9);
        }

        @Test
        void theConfirmationLookupFulfilsFromStripeBeforeTheWebhook() {
            CheckoutSession checkout = checkout(1);
            SimulatedEvent completed = stripe.pay(checkout.stripeSessionId());

            Reservation found = booking.findReservation(checkout.stripeSessionId());

            assertThat(found.status()).isEqualTo(PAID);
            assertThat(deliver(completed).disposition()).isEqualTo(Disposition.DUPLICATE);
            assertThat(settled().delivered()).hasSize(1);
        }

        @Test
        void theConfirmationLookupAnswersPendingWhileUnpaidOrWhenStripeIsDown() {
            CheckoutSession checkout = checkout(1);

            assertThat(booking.findReservation(checkout.stripeSessionId()).status()).isEqualTo(PENDING);
            stripe.enqueueFault(Fault.status(500));
            clock.advance(Duration.ofSeconds(5)); // past the lookup interval: Stripe is asked again, and fails
            assertThat(booking.findReservation(checkout.stripeSessionId()).status()).isEqualTo(PENDING);
            assertThat(stripe.requests()).filteredOn(RecordedRequest::faulted).hasSize(1);
            assertThatThrownBy(() -> booking.findReservation("cs_test_unknown"))
                    .isInstanceOf(ReservationNotFoundException.class);
        }

        @Test
        void aDelayedPaymentHoldsThePlacesUntilItSucceeds() {
            CheckoutSession checkout = checkout(2);

            assertThat(deliver(stripe.payWithDelayedMethod(checkout.stripeSessionId())).disposition())
                    .isEqualTo(Disposition.IGNORED);
            assertThat(reservation(checkout).status()).isEqualTo(PENDING);
            assertPlacesLeft(8);

            deliver(stripe.succeedDelayedPayment(checkout.stripeSessionId()));

            assertThat(reservation(checkout).status()).isEqualTo(PAID);
            assertThat(settled().delivered()).hasSize(1);
            assertPlacesLeft(8);
        }

        @Test
        void aFailedDelayedPaymentGivesThePlacesBack() {
            CheckoutSession checkout = checkout(2);
            deliver(stripe.payWithDelayedMethod(checkout.stripeSessionId()));

            deliver(stripe.failDelayedPayment(checkout.stripeSessionId()));

            assertThat(reservation(checkout).status()).isEqualTo(FAILED);
            assertPlacesLeft(CAPACITY);
            assertThat(settled().delivered()).isEmpty();
        }

        @Test
        void eventsArrivingInAnyOrderEndTheSame() {
            CheckoutSession checkout = checkout(2);
            SimulatedEvent completedUnpaid = stripe.payWithDelayedMethod(checkout.stripeSessionId());
            SimulatedEvent succeeded = stripe.succeedDelayedPayment(checkout.stripeSessionId());

            deliver(succeeded);
            deliver(completedUnpaid);
            deliver(succeeded);

            assertThat(reservation(checkout).status()).isEqualTo(PAID);
            assertThat(settled().delivered()).hasSize(1);
        }

        @Test
        void aSessionWhoseAmountDiffersIsRefundedAndTheReservationLeftAlone() throws Exception {
            CheckoutSession checkout = checkout(2);
            StripeClient client = StripeClient.builder().setApiKey(SECRET_KEY).setApiBase(stripe.apiBase()).build();
            var forged = client.v1().checkout().sessions().create(SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.PAYMENT)
                    .setSuccessUrl("https://attacker.example/ok")
                    .setExpiresAt(clock.instant().plus(Duration.ofHours(1)).getEpochSecond())
                    .putMetadata("reservation_id", checkout.reservationId())
                    .addLineItem(SessionCreateParams.LineItem.builder().setQuantity(1L)
                            .setPriceData(SessionCreateParams.LineItem.PriceData.builder().setCurrency("eur")
                                    .setUnitAmount(100L)
                                    .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                            .setName("cheap").build()).build()).build())
                    .build());

            assertThat(deliver(stripe.pay(forged.getId())).disposition()).isEqualTo(Disposition.IGNORED);

            assertThat(reservation(checkout).status()).isEqualTo(PENDING);
            assertThat(stripe.refunds()).singleElement().satisfies(r -> {
                assertThat(r.sessionId()).isEqualTo(forged.getId());
                assertThat(r.amount()).isEqualTo(100);
            });
            assertThat(settled().delivered()).isEmpty();
        }

        @Test
        void eventsOfOtherApplicationsAndTypesAreAcknowledgedAndIgnored() throws Exception {
            StripeClient client = StripeClient.builder().setApiKey(SECRET_KEY).setApiBase(stripe.apiBase()).build();
            var foreign = client.v1().checkout().sessions().create(SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.PAYMENT)
                    .setSuccessUrl("https://other.example/ok")
                    .addLineItem(SessionCreateParams.LineItem.builder().setQuantity(1L)
                            .setPriceData(SessionCreateParams.LineItem.PriceData.builder().setCurrency("eur")
                                    .setUnitAmount(500L)
                                    .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                            .setName("other").build()).build()).build())
                    .build());

            assertThat(deliver(stripe.pay(foreign.getId())).disposition()).isEqualTo(Disposition.IGNORED);
            String other = "{\"id\":\"evt_x\",\"object\":\"event\",\"type\":\"customer.created\",\"livemode\":false,"
                    + "\"data\":{\"object\":{\"id\":\"cus_1\"}}}";
            assertThat(booking.handleWebhook(other.getBytes(StandardCharsets.UTF_8),
                    dev.sejour.booking.testkit.stripe.WebhookSigner.signatureHeader(other, WEBHOOK_SECRET,
                            clock.instant())).disposition()).isEqualTo(Disposition.IGNORED);
            assertThat(stripe.refunds()).isEmpty();
        }
    }

    @Nested
    class Signatures {

        @Test
        void forgedStaleAndForeignSignaturesAreRefusedAndChangeNothing() {
            CheckoutSession checkout = checkout(1);
            SimulatedEvent completed = stripe.pay(checkout.stripeSessionId());
            byte[] payload = completed.payloadBytes();

            assertThatThrownBy(() -> booking.handleWebhook(payload, null)).isInstanceOf(InvalidSignatureException.class);
            assertThatThrownBy(() -> booking.handleWebhook(payload, "t=1,v1=deadbeef"))
                    .isInstanceOf(InvalidSignatureException.class);
            assertThatThrownBy(() -> booking.handleWebhook(payload,
                    completed.signatureHeader("whsec_another_endpoint", clock.instant())))
                    .isInstanceOf(InvalidSignatureException.class);
            assertThatThrownBy(() -> booking.handleWebhook(payload,
                    completed.signatureHeader(WEBHOOK_SECRET, clock.instant().minus(Duration.ofMinutes(6)))))
                    .isInstanceOf(InvalidSignatureException.class);
            byte[] tampered = completed.payload().replace("paid", "paid ").getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> booking.handleWebhook(tampered,
                    completed.signatureHeader(WEBHOOK_SECRET, clock.instant())))
                    .isInstanceOf(InvalidSignatureException.class);

            assertThat(reservation(checkout).status()).isEqualTo(PENDING);
            assertThat(settled().delivered()).isEmpty();
        }

        @Test
        void aLiveEventForATestKeyIsIgnored() {
            CheckoutSession checkout = checkout(1);
            String live = stripe.pay(checkout.stripeSessionId()).payload()
                    .replaceAll("\"livemode\":\\s*false", "\"livemode\": true");

            assertThat(booking.handleWebhook(live.getBytes(StandardCharsets.UTF_8),
                    dev.sejour.booking.testkit.stripe.WebhookSigner.signatureHeader(live, WEBHOOK_SECRET,
                            clock.instant())).disposition()).isEqualTo(Disposition.IGNORED);

            assertThat(reservation(checkout).status()).isEqualTo(PENDING);
        }
    }

    @Nested
    class Expiry {

        @Test
        void anExpiredSessionGivesThePlacesBack() {
            CheckoutSession checkout = checkout(3);

            assertThat(deliver(stripe.expire(checkout.stripeSessionId())).disposition()).isEqualTo(Disposition.APPLIED);

            assertThat(reservation(checkout).status()).isEqualTo(EXPIRED);
            assertPlacesLeft(CAPACITY);
        }

        @Test
        void theSweeperExpiresTheSessionAtStripeThenReleasesTheHold() {
            CheckoutSession checkout = checkout(3);
            clock.advance(Duration.ofMinutes(32));

            SweepReport report = booking.releaseExpiredHolds();

            assertThat(report.released()).isEqualTo(1);
            assertThat(stripe.session(checkout.stripeSessionId()).status()).isEqualTo("expired");
            assertThat(reservation(checkout).status()).isEqualTo(EXPIRED);
            assertPlacesLeft(CAPACITY);
        }

        @Test
        void theSweeperFulfilsAPaymentWhoseWebhookWasLost() {
            CheckoutSession checkout = checkout(2);
            stripe.pay(checkout.stripeSessionId());
            clock.advance(Duration.ofMinutes(32));

            SweepReport report = booking.releaseExpiredHolds();

            assertThat(report.fulfilled()).isEqualTo(1);
            assertThat(reservation(checkout).status()).isEqualTo(PAID);
            assertThat(settled().delivered()).hasSize(1);
            assertPlacesLeft(8);
        }

        @Test
        void theSweeperLeavesHoldsAloneWhileStripeIsDown() {
            CheckoutSession checkout = checkout(2);
            clock.advance(Duration.ofMinutes(32));
            stripe.enqueueFault(Fault.status(503).times(5));

            SweepReport report = booking.releaseExpiredHolds();

            assertThat(report.deferred()).isEqualTo(1);
            assertThat(reservation(checkout).status()).isEqualTo(PENDING);
            stripe.clearFaults();
            assertThat(booking.releaseExpiredHolds().released()).isEqualTo(1);
        }

        @Test
        void theSweeperWaitsForADelayedPaymentThenGivesUpAfterTheGrace() {
            booking = configure(b -> b.delayedPaymentGrace(Duration.ofDays(2)));
            CheckoutSession checkout = checkout(2);
            deliver(stripe.payWithDelayedMethod(checkout.stripeSessionId()));
            clock.advance(Duration.ofHours(1));

            assertThat(booking.releaseExpiredHolds().deferred()).isEqualTo(1);
            assertPlacesLeft(8);
            clock.advance(Duration.ofMinutes(1));
            assertThat(booking.releaseExpiredHolds())
                    .as("looked at again an hour later, not at every run").isEqualTo(new SweepReport(0, 0, 0, 0));

            clock.advance(Duration.ofDays(2).minusMinutes(1));
            assertThat(booking.releaseExpiredHolds().released()).isEqualTo(1);
            assertThat(reservation(checkout).status()).isEqualTo(FAILED);
            assertPlacesLeft(CAPACITY);
        }

        @Test
        void aHoldWithoutSessionIsReleasedWithoutAskingStripe() {
            CheckoutSession other = checkout(1);
            Instant now = clock.instant();
            var orphan = Reservation.pending("res_orphan", SLUG, reservation(other).buyer(), 2,
                    PRICE.times(2), now, now.plus(Duration.ofMinutes(31)));
            stores.reservations().insertHold(orphan);
            deliver(stripe.expire(other.stripeSessionId()));
            int requestsBefore = stripe.requests().size();
            clock.advance(Duration.ofMinutes(32));

            assertThat(booking.releaseExpiredHolds().released()).isEqualTo(1);

            assertThat(stripe.requests()).hasSize(requestsBefore);
            assertPlacesLeft(CAPACITY);
        }
    }

    @Nested
    class Cancellation {

        @Test
        void theCancelUrlCarriesTheReservationToCancel() {
            CheckoutSession checkout = checkout(2);

            assertThat(stripe.session(checkout.stripeSessionId()).cancelUrl()).isEqualTo(
                    "https://sejours.example.org/reservation/annulation?reservation_id=" + checkout.reservationId());
        }

        @Test
        void aCancelledCheckoutCannotBePaidAndGivesThePlacesBackAtOnce() {
            CheckoutSession checkout = checkout(3);

            Reservation cancelled = booking.cancelCheckout(checkout.reservationId());

            assertThat(cancelled.status()).isEqualTo(EXPIRED);
            assertThat(stripe.session(checkout.stripeSessionId()).status()).isEqualTo("expired");
            assertPlacesLeft(CAPACITY);
            assertThat(booking.cancelCheckout(checkout.reservationId()).status()).isEqualTo(EXPIRED);
            assertPlacesLeft(CAPACITY);
        }

        @Test
        void aCheckoutPaidJustBeforeTheCancelIsFulfilledNotCancelled() {
            CheckoutSession checkout = checkout(2);
            stripe.pay(checkout.stripeSessionId());

            assertThat(booking.cancelCheckout(checkout.reservationId()).status()).isEqualTo(PAID);

            assertPlacesLeft(8);
            assertThat(settled().delivered()).hasSize(1);
        }

        @Test
        void aCancelWhileStripeIsDownLeavesTheHoldToTheSweeper() {
            CheckoutSession checkout = checkout(2);
            stripe.enqueueFault(Fault.status(503));

            assertThatThrownBy(() -> booking.cancelCheckout(checkout.reservationId()))
                    .isInstanceOf(PaymentProviderException.class);

            assertThat(reservation(checkout).status()).isEqualTo(PENDING);
            assertPlacesLeft(8);
        }

        @Test
        void malformedAndUnknownIdsAreRefused() {
            assertThatThrownBy(() -> booking.cancelCheckout("res_x")).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> booking.cancelCheckout(null)).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> booking.cancelCheckout("res_" + "a".repeat(24)))
                    .isInstanceOf(ReservationNotFoundException.class);
        }
    }

    @Nested
    class LatePayments {

        @Test
        void aLatePaymentTakesThePlacesAgainWhenEnoughAreLeft() {
            CheckoutSession checkout = checkout(2);
            releaseBehindStripesBack(checkout);

            assertThat(deliver(stripe.pay(checkout.stripeSessionId())).disposition()).isEqualTo(Disposition.APPLIED);

            assertThat(reservation(checkout).status()).isEqualTo(PAID);
            assertPlacesLeft(8);
            assertThat(stripe.refunds()).isEmpty();
            assertThat(settled().delivered()).extracting(Notification::kind)
                    .containsExactly(Notification.Kind.CONFIRMATION);
        }

        @Test
        void aLatePaymentIsRefundedWhenThePlacesAreGone() {
            CheckoutSession late = checkout(2);
            releaseBehindStripesBack(late);
            CheckoutSession others = checkout(9);

            SimulatedEvent completed = stripe.pay(late.stripeSessionId());
            assertThat(deliver(completed).disposition()).isEqualTo(Disposition.APPLIED);
            assertThat(deliver(completed).disposition()).isEqualTo(Disposition.DUPLICATE);

            assertThat(reservation(late).status()).isEqualTo(REFUNDED);
            assertThat(stripe.refunds()).singleElement().satisfies(r -> {
                assertThat(r.paymentIntentId()).isEqualTo(stripe.session(late.stripeSessionId()).paymentIntentId());
                assertThat(r.amount()).isEqualTo(180_000);
            });
            assertThat(settled().deliveredFor(late.reservationId())).extracting(Notification::kind)
                    .containsExactly(Notification.Kind.REFUND);
            assertThat(reservation(others).status()).isEqualTo(PENDING);
            assertPlacesLeft(1);
        }

        @Test
        void theAlwaysRefundPolicyRefundsEvenWithPlacesLeft() {
            booking = configure(b -> b.latePaymentPolicy(LatePaymentPolicy.ALWAYS_REFUND));
            CheckoutSession checkout = checkout(2);
            releaseBehindStripesBack(checkout);

            deliver(stripe.pay(checkout.stripeSessionId()));

            assertThat(reservation(checkout).status()).isEqualTo(REFUNDED);
            assertThat(stripe.refunds()).hasSize(1);
            assertPlacesLeft(CAPACITY);
        }

        @Test
        void aRefundStripeCannotMakeNowIsRetriedWithTheNextDelivery() {
            CheckoutSession late = checkout(2);
            releaseBehindStripesBack(late);
            checkout(9);
            SimulatedEvent completed = stripe.pay(late.stripeSessionId());
            stripe.enqueueFault(Fault.status(500).forPath("/v1/refunds"));

            assertThatThrownBy(() -> deliver(completed)).isInstanceOf(PaymentProviderException.class);
            assertThat(reservation(late).status()).isEqualTo(EXPIRED);

            deliver(completed);
            assertThat(reservation(late).status()).isEqualTo(REFUNDED);
            assertThat(stripe.refunds()).hasSize(1);
        }

        /** What a sweeper that could not ask Stripe would do: give the places back while the buyer pays. */
        private void releaseBehindStripesBack(CheckoutSession checkout) {
            Reservation hold = reservation(checkout);
            stores.reservations().transition(Transition.of(hold.id(), PENDING, EXPIRED, hold.places(),
                    clock.instant()));
        }
    }

    @Nested
    class Refunds {

        @Test
        void aRefundFromTheDashboardGivesThePlacesBackAndTellsTheBuyer() {
            CheckoutSession checkout = checkout(2);
            deliver(stripe.pay(checkout.stripeSessionId()));
            settled();

            SimulatedEvent refunded = stripe.refundFromDashboard(checkout.stripeSessionId());
            assertThat(deliver(refunded).disposition()).isEqualTo(Disposition.APPLIED);
            assertThat(deliver(refunded).disposition()).isEqualTo(Disposition.DUPLICATE);

            assertThat(reservation(checkout).status()).isEqualTo(REFUNDED);
            assertPlacesLeft(CAPACITY);
            assertThat(settled().delivered()).extracting(Notification::kind)
                    .containsExactly(Notification.Kind.CONFIRMATION, Notification.Kind.REFUND);
        }

        @Test
        void aConfirmationStillQueuedWhenTheRefundCameIsNotSent() throws InterruptedException {
            CountDownLatch gate = new CountDownLatch(1);
            RecordingNotifier told = new RecordingNotifier();
            booking = configure(b -> b.notificationThreads(1).notifier(notification -> {
                if (notification.reservation().buyer().email().equals("first@example.com")) {
                    awaitQuietly(gate);
                }
                told.notify(notification);
            }));
            CheckoutSession first = checkout(1, "first@example.com");
            deliver(stripe.pay(first.stripeSessionId()));   // its confirmation holds the only delivery thread
            CheckoutSession checkout = checkout(2);
            deliver(stripe.pay(checkout.stripeSessionId()));   // its confirmation waits in the queue
            deliver(stripe.refundFromDashboard(checkout.stripeSessionId()));
            gate.countDown();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> booking.notificationsInFlight() == 0);

            assertThat(told.deliveredFor(checkout.reservationId())).extracting(Notification::kind)
                    .containsExactly(Notification.Kind.REFUND);
            assertThat(told.deliveredFor(first.reservationId())).extracting(Notification::kind)
                    .containsExactly(Notification.Kind.CONFIRMATION);
        }

        private static void awaitQuietly(CountDownLatch gate) {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Test
        void aPartialRefundKeepsTheReservation() {
            CheckoutSession checkout = checkout(2);
            deliver(stripe.pay(checkout.stripeSessionId()));

            deliver(stripe.refundFromDashboard(checkout.stripeSessionId(), 10_000));

            assertThat(reservation(checkout).status()).isEqualTo(PAID);
            assertPlacesLeft(8);
        }
    }

    @Nested
    class Notifications {

        @Test
        void aFailedConfirmationIsRetriedWithBackoffUntilDeliveredOnce() {
            notifier.failNext(2);
            CheckoutSession checkout = checkout(1);
            SimulatedEvent completed = stripe.pay(checkout.stripeSessionId());

            deliver(completed);
            settled();
            assertThat(reservation(checkout).notifiedAt()).isNull();
            assertThat(outbox().notificationAttempts(checkout.reservationId())).isEqualTo(1);
            assertThat(booking.retryPendingNotifications()).as("backing off: 30 s at least").isZero();
            clock.advance(Duration.ofSeconds(29));
            assertThat(booking.retryPendingNotifications()).isZero();

            clock.advance(Duration.ofSeconds(8)); // past 30 s plus at most a fifth of jitter
            assertThat(booking.retryPendingNotifications()).isEqualTo(1);
            settled();
            assertThat(booking.retryPendingNotifications()).as("the second wait is longer").isZero();
            clock.advance(Duration.ofSeconds(59));
            assertThat(booking.retryPendingNotifications()).isZero();
            clock.advance(Duration.ofSeconds(14)); // past 60 s plus a fifth
            assertThat(booking.retryPendingNotifications()).isEqualTo(1);
            settled();
            assertThat(booking.retryPendingNotifications()).isZero();
            deliver(completed);

            assertThat(settled().delivered()).hasSize(1);
            assertThat(notifier.attempts()).isEqualTo(3);
            assertThat(reservation(checkout).status()).isEqualTo(PAID);
            assertThat(reservation(checkout).notifiedAt()).isNotNull();
        }

        @Test
        void aRedeliveredEventRetriesAFailedConfirmationOnlyOnceItsBackoffEnded() {
            notifier.failNext(1);
            CheckoutSession checkout = checkout(1);
            SimulatedEvent completed = stripe.pay(checkout.stripeSessionId());

            deliver(completed);
            settled();
            deliver(completed);
            assertThat(settled().attempts()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(37));
            deliver(completed);

            assertThat(settled().delivered()).hasSize(1);
            assertThat(notifier.attempts()).isEqualTo(2);
        }

        @Test
        void theLastAttemptFailsTheNotificationForTheOrganiserToRetrigger() {
            booking.close();
            booking = configure(b -> b.maxNotificationAttempts(3));
            notifier.failNext(3);
            CheckoutSession checkout = checkout(1);

            deliver(stripe.pay(checkout.stripeSessionId()));
            for (int i = 0; i < 10; i++) {
                settled();
                clock.advance(Duration.ofMinutes(5));
                booking.retryPendingNotifications();
            }

            assertThat(settled().attempts()).isEqualTo(3);
            assertThat(outbox().findFailedNotifications(10)).singleElement().satisfies(f -> {
                assertThat(f.reservation().id()).isEqualTo(checkout.reservationId());
                assertThat(f.attempts()).isEqualTo(3);
                assertThat(f.lastError()).isEqualTo("simulated delivery failure");
            });
            assertThat(reservation(checkout).status()).isEqualTo(PAID);

            assertThat(outbox().retryFailedNotification(checkout.reservationId())).isTrue();
            assertThat(booking.retryPendingNotifications()).isEqualTo(1);
            assertThat(settled().delivered()).hasSize(1);
            assertThat(outbox().countFailedNotifications()).isZero();
        }

        @Test
        void aPermanentFailureIsFailedAtOnce() {
            booking.close();
            booking = configure(b -> b.notifier(n -> {
                notifier.notify(n);
                throw new NotificationException("550 no such user", null, true);
            }));
            CheckoutSession checkout = checkout(1);

            deliver(stripe.pay(checkout.stripeSessionId()));
            settled();
            clock.advance(Duration.ofDays(1));

            assertThat(booking.retryPendingNotifications()).isZero();
            assertThat(outbox().findFailedNotifications(10)).singleElement()
                    .satisfies(f -> assertThat(f.attempts()).isEqualTo(1));
            assertThat(notifier.attempts()).isEqualTo(1);
        }

        @Test
        void whatAFullQueueCannotTakeWaitsInTheStoreForTheSweep() throws Exception {
            booking.close();
            CountDownLatch mailerHangs = new CountDownLatch(1);
            booking = configure(b -> b.notificationThreads(1).notificationQueueCapacity(1).notifier(n -> {
                try {
                    mailerHangs.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                notifier.notify(n);
            }));
            List<CheckoutSession> checkouts = List.of(checkoutBy("lea@example.com"), checkoutBy("zoe@example.com"),
                    checkoutBy("ines@example.com"));

            for (CheckoutSession checkout : checkouts) {
                // One being sent, one queued, one left in the store: all answered at once.
                assertThat(deliver(stripe.pay(checkout.stripeSessionId())).disposition()).isEqualTo(Disposition.APPLIED);
            }
            assertThat(booking.notificationsInFlight()).isEqualTo(2);
            assertThat(booking.retryPendingNotifications()).as("the third is still claimed").isZero();

            mailerHangs.countDown();
            settled();
            assertThat(notifier.delivered()).hasSize(2);
            clock.advance(Duration.ofMinutes(2)); // its claim ends
            assertThat(booking.retryPendingNotifications()).isEqualTo(1);
            assertThat(settled().delivered()).extracting(n -> n.reservation().id())
                    .containsExactlyInAnyOrderElementsOf(checkouts.stream().map(CheckoutSession::reservationId).toList());
        }

        private CheckoutSession checkoutBy(String email) {
            return booking.startCheckout(new CheckoutRequest(SLUG, 1, email, "Martin", "Léa"));
        }

        @Test
        void closingLetsADeliveryUnderWayFinishAndRecordsIt() throws Exception {
            booking.close();
            CountDownLatch sending = new CountDownLatch(1);
            CountDownLatch serverAnswers = new CountDownLatch(1);
            booking = configure(b -> b.notificationShutdownTimeout(Duration.ofSeconds(30)).notifier(n -> {
                sending.countDown();
                try {
                    serverAnswers.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                notifier.notify(n);
            }));
            CheckoutSession checkout = checkout(1);
            deliver(stripe.pay(checkout.stripeSessionId()));
            assertThat(sending.await(30, TimeUnit.SECONDS)).isTrue();

            BookingService closing = booking;
            Thread closer = new Thread(closing::close);
            closer.start();
            serverAnswers.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(30));

            assertThat(closer.isAlive()).isFalse();
            assertThat(notifier.delivered()).hasSize(1);
            assertThat(reservation(checkout).notifiedAt()).isNotNull();
        }

        @Test
        void aClosedServiceLeavesNotificationsDueForTheNextStart() {
            booking.close();
            CheckoutSession checkout = checkout(1);

            assertThat(deliver(stripe.pay(checkout.stripeSessionId())).disposition()).isEqualTo(Disposition.APPLIED);
            assertThat(settled().delivered()).isEmpty();
            assertThat(reservation(checkout).status()).isEqualTo(PAID);

            booking = configure(b -> b);
            assertThat(booking.retryPendingNotifications()).isEqualTo(1);
            assertThat(settled().delivered()).hasSize(1);
            assertThat(booking.retryPendingNotifications()).isZero();
        }
    }

    @Test
    void aBuilderWithoutStoresIsRefused() {
        assertThatThrownBy(() -> BookingService.builder().stripeSecretKey(SECRET_KEY).webhookSecret(WEBHOOK_SECRET)
                .baseUrl("https://x.org").build()).isInstanceOf(IllegalArgumentException.class);
    }

    /** The outbox of the in-memory stores: the reservation store itself, as with every shipped store. */
    private NotificationOutbox outbox() {
        return (NotificationOutbox) stores.reservations();
    }
}

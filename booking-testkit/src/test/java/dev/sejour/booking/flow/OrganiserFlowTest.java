package dev.sejour.booking.flow;

import static dev.sejour.booking.ReservationStatus.PAID;
import static dev.sejour.booking.ReservationStatus.PENDING;
import static dev.sejour.booking.ReservationStatus.REFUNDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sejour.booking.BookingAdmin;
import dev.sejour.booking.CheckoutRequest;
import dev.sejour.booking.CheckoutSession;
import dev.sejour.booking.ChangeRefusedException;
import dev.sejour.booking.InvalidRequestException;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationNotFoundException;
import dev.sejour.booking.ResendResult;
import dev.sejour.booking.SejourNotFoundException;
import dev.sejour.booking.SejourSummary;
import dev.sejour.booking.StatusCount;
import dev.sejour.booking.WebhookResult.Disposition;
import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.spi.ReservationCursor;
import dev.sejour.booking.testkit.stripe.RecordedRequest;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The organiser's side ({@link BookingAdmin}) on the in-memory stores and the Stripe simulator over HTTP. */
class OrganiserFlowTest extends FlowFixture {

    /** The outbox of the in-memory stores: the reservation store itself. */
    private dev.sejour.booking.spi.NotificationOutbox outbox() {
        return (dev.sejour.booking.spi.NotificationOutbox) stores.reservations();
    }

    BookingAdmin admin() {
        return booking.admin();
    }

    CheckoutSession paidCheckout(int places) {
        CheckoutSession checkout = checkout(places);
        deliver(stripe.pay(checkout.stripeSessionId()));
        return checkout;
    }

    @Nested
    class Listing {

        @Test
        void countsEveryStatusAndTheBooksBalance() {
            paidCheckout(2);
            paidCheckout(1);
            checkout(3);

            SejourSummary summary = admin().sejour(SLUG);

            assertThat(summary.counts().get(PAID)).isEqualTo(new StatusCount(2, 3));
            assertThat(summary.counts().get(PENDING)).isEqualTo(new StatusCount(1, 3));
            assertThat(summary.counts().get(REFUNDED)).isEqualTo(StatusCount.NONE);
            assertThat(summary.held()).isEqualTo(3);
            assertThat(summary.paid()).isEqualTo(3);
            assertThat(summary.sejour().placesLeft()).isEqualTo(4);
            assertThat(summary.capacity()).isEqualTo(CAPACITY);
            assertThat(admin().sejours()).extracting(s -> s.sejour().slug()).containsExactly(SLUG);
        }

        @Test
        void pagesFollowEachOtherAndFilterByStatus() {
            CheckoutSession first = paidCheckout(1);
            clock.advance(Duration.ofSeconds(1));
            CheckoutSession pending = checkout(1);
            clock.advance(Duration.ofSeconds(1));
            CheckoutSession third = paidCheckout(1);

            List<Reservation> page1 = admin().reservations(SLUG, null, null, 2);
            List<Reservation> page2 = admin().reservations(SLUG, null, ReservationCursor.after(page1.get(1)), 2);

            assertThat(page1).extracting(Reservation::id).containsExactly(first.reservationId(), pending.reservationId());
            assertThat(page2).extracting(Reservation::id).containsExactly(third.reservationId());
            assertThat(admin().reservations(SLUG, PAID, null, 10)).extracting(Reservation::id)
                    .containsExactly(first.reservationId(), third.reservationId());
            assertThatThrownBy(() -> admin().reservations("inconnu", null, null, 10))
                    .isInstanceOf(SejourNotFoundException.class);
            assertThatThrownBy(() -> admin().reservations(SLUG, null, null, 0))
                    .isInstanceOf(InvalidRequestException.class);
        }

        @Test
        void theCsvHasABomAFrenchHeaderAndNeutralisedFormulas() {
            CheckoutSession hostile = booking.startCheckout(
                    new CheckoutRequest(SLUG, 2, "eve@example.com", "=HYPERLINK(\"http://x\")", "+33; \"Eve\""));
            deliver(stripe.pay(hostile.stripeSessionId()));
            StringBuilder out = new StringBuilder();

            admin().exportCsv(SLUG, null, ZoneId.of("Europe/Paris"), out);

            String[] lines = out.toString().split("\r\n");
            assertThat(lines[0]).isEqualTo("\uFEFFreference;reserve_le;statut;nom;prenom;email;places;montant;devise;"
                    + "paye_le;session_stripe;paiement_stripe;litige");
            assertThat(lines).hasSize(2);
            assertThat(lines[1]).startsWith(hostile.reservationId() + ";")
                    .contains(";payee;\"'=HYPERLINK(\"\"http://x\"\")\";\"'+33; \"\"Eve\"\"\";eve@example.com;2;1800,00;EUR;");
        }
    }

    @Nested
    class Places {

        @Test
        void placesAreAddedAndUnsoldOnesTakenOffSaleButNeverHeldOrSoldOnes() {
            paidCheckout(3);
            checkout(2);

            assertThat(admin().adjustPlaces(SLUG, 5).placesLeft()).isEqualTo(10);
            assertThat(admin().adjustPlaces(SLUG, -10).placesLeft()).isZero();
            assertThatThrownBy(() -> admin().adjustPlaces(SLUG, -1)).isInstanceOf(ChangeRefusedException.class)
                    .hasMessageContaining("only 0 places");
            assertThatThrownBy(() -> admin().adjustPlaces("inconnu", 1)).isInstanceOf(SejourNotFoundException.class);
            assertThatThrownBy(() -> admin().adjustPlaces(SLUG, Integer.MIN_VALUE))
                    .isInstanceOf(InvalidRequestException.class);

            assertPlacesLeft(0);
            assertThat(admin().sejour(SLUG).capacity()).isEqualTo(5);
            // the rig's books check expects the first capacity: put it back as it was
            admin().adjustPlaces(SLUG, 5);
        }
    }

    @Nested
    class Refunds {

        @Test
        void aPaidReservationIsRefundedAtStripeOnceItsPlacesGoBackAndTheBuyerIsTold() {
            CheckoutSession checkout = paidCheckout(2);
            settled();   // the confirmation went out before the organiser refunds (one still queued is not sent)

            Reservation refunded = admin().refund(checkout.reservationId());
            Reservation again = admin().refund(checkout.reservationId());

            assertThat(refunded.status()).isEqualTo(REFUNDED);
            assertThat(again.status()).isEqualTo(REFUNDED);
            assertPlacesLeft(CAPACITY);
            assertThat(stripe.refunds()).singleElement()
                    .satisfies(r -> assertThat(r.paymentIntentId()).isEqualTo(reservation(checkout).paymentIntentId()));
            List<RecordedRequest> refundCalls = stripe.requests().stream()
                    .filter(r -> r.path().equals("/v1/refunds")).toList();
            assertThat(refundCalls).isNotEmpty().allSatisfy(r -> assertThat(r.idempotencyKey())
                    .isEqualTo("sejour-booking-refund-" + reservation(checkout).paymentIntentId()));
            assertThat(settled().deliveredFor(checkout.reservationId())).extracting(Notification::kind)
                    .containsExactly(Notification.Kind.CONFIRMATION, Notification.Kind.REFUND);
        }

        @Test
        void stripesRefundEventAfterwardsIsADuplicate() {
            CheckoutSession checkout = paidCheckout(1);
            admin().refund(checkout.reservationId());

            List<Disposition> later = stripe.events().stream().filter(e -> e.type().equals("charge.refunded"))
                    .map(e -> deliver(e).disposition()).toList();

            assertThat(later).allSatisfy(d -> assertThat(d).isEqualTo(Disposition.DUPLICATE));
            assertPlacesLeft(CAPACITY);
        }

        @Test
        void aPendingReservationIsNotRefundedAndNothingChanges() {
            CheckoutSession checkout = checkout(2);

            assertThatThrownBy(() -> admin().refund(checkout.reservationId()))
                    .isInstanceOf(ChangeRefusedException.class);
            assertThatThrownBy(() -> admin().refund("res_inconnue"))
                    .isInstanceOf(ReservationNotFoundException.class);

            assertThat(reservation(checkout).status()).isEqualTo(PENDING);
            assertThat(stripe.refunds()).isEmpty();
            assertPlacesLeft(8);
        }
    }

    @Nested
    class Resend {

        @Test
        void aDeliveredConfirmationIsSentAgain() {
            CheckoutSession checkout = paidCheckout(1);
            settled();

            ResendResult result = admin().resendNotification(checkout.reservationId());

            assertThat(result.action()).isEqualTo(ResendResult.Action.SENT_AGAIN);
            assertThat(settled().deliveredFor(checkout.reservationId())).hasSize(2);
        }

        @Test
        void aDeadLetteredConfirmationIsHandedToTheOutboxAgain() {
            booking.close();
            booking = configure(b -> b.maxNotificationAttempts(1));
            notifier.failNext(1);
            CheckoutSession checkout = paidCheckout(1);
            settled();
            assertThat(outbox().countFailedNotifications()).isEqualTo(1);

            ResendResult result = admin().resendNotification(checkout.reservationId());

            assertThat(result.action()).isEqualTo(ResendResult.Action.REQUEUED);
            assertThat(settled().deliveredFor(checkout.reservationId())).hasSize(1);
            assertThat(outbox().countFailedNotifications()).isZero();
        }

        @Test
        void aPendingReservationHasNothingToResend() {
            CheckoutSession checkout = checkout(1);

            assertThatThrownBy(() -> admin().resendNotification(checkout.reservationId()))
                    .isInstanceOf(ChangeRefusedException.class);
        }
    }
}

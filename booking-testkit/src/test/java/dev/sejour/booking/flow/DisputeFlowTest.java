package dev.sejour.booking.flow;

import static dev.sejour.booking.ReservationStatus.PAID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.CheckoutSession;
import dev.sejour.booking.Dispute;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.WebhookResult;
import dev.sejour.booking.WebhookResult.Disposition;
import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Disputes ({@code charge.dispute.created}, {@code charge.dispute.closed}) from the simulator: recorded on the
 * reservation, the organiser told once per state, nothing else changed, in any order and any number of times.
 */
class DisputeFlowTest extends FlowFixture {

    private CheckoutSession paidCheckout(int places) {
        CheckoutSession checkout = checkout(places);
        deliver(stripe.pay(checkout.stripeSessionId()));
        return checkout;
    }

    private NotificationOutbox outbox() {
        return (NotificationOutbox) stores.reservations();
    }

    private long organiserNotices(String reservationId, Notification.Kind kind) {
        return settled().deliveredFor(reservationId).stream().filter(n -> n.kind() == kind).count();
    }

    @Test
    void aDisputeIsRecordedAndTheOrganiserToldWhenItOpensAndWhenItCloses() {
        CheckoutSession checkout = paidCheckout(2);
        clock.advance(Duration.ofDays(3));

        SimulatedEvent opened = stripe.openDispute(checkout.stripeSessionId(), "fraudulent");
        WebhookResult first = deliver(opened);

        assertThat(first.disposition()).isEqualTo(Disposition.APPLIED);
        assertThat(first.reservationId()).isEqualTo(checkout.reservationId());
        Reservation disputed = reservation(checkout);
        Dispute dispute = disputed.dispute();
        assertThat(dispute.id()).startsWith("du_");
        assertThat(dispute.status()).isEqualTo("needs_response");
        assertThat(dispute.reason()).isEqualTo("fraudulent");
        assertThat(dispute.amount()).isEqualTo(PRICE.times(2));
        assertThat(dispute.openedAt()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(dispute.closed()).isFalse();
        assertThat(disputed.status()).isEqualTo(PAID);
        assertPlacesLeft(CAPACITY - 2);
        assertThat(organiserNotices(checkout.reservationId(), Notification.Kind.DISPUTE_OPENED)).isEqualTo(1);
        Notification notice = settled().deliveredFor(checkout.reservationId()).stream()
                .filter(n -> n.kind() == Notification.Kind.DISPUTE_OPENED).findFirst().orElseThrow();
        assertThat(notice.reservation().dispute()).isEqualTo(dispute);
        assertThat(notice.sejourTitle()).isEqualTo("Yoga aux Choseaux");

        clock.advance(Duration.ofDays(30));
        WebhookResult closed = deliver(stripe.closeDispute(checkout.stripeSessionId(), "lost"));

        assertThat(closed.disposition()).isEqualTo(Disposition.APPLIED);
        Reservation after = reservation(checkout);
        assertThat(after.dispute().status()).isEqualTo("lost");
        assertThat(after.dispute().closedAt()).isEqualTo(clock.instant());
        assertThat(after.dispute().openedAt()).isEqualTo(dispute.openedAt());
        assertThat(after.status()).isEqualTo(PAID);
        assertPlacesLeft(CAPACITY - 2);
        assertThat(organiserNotices(checkout.reservationId(), Notification.Kind.DISPUTE_CLOSED)).isEqualTo(1);
        assertThat(outbox().findDisputeNoticesDue(clock.instant().plus(Duration.ofDays(1)), 10)).isEmpty();
        StringBuilder csv = new StringBuilder();
        booking.admin().exportCsv(SLUG, null, java.time.ZoneId.of("Europe/Paris"), csv);
        assertThat(csv.toString().split("\r\n")[1]).startsWith(checkout.reservationId() + ";").endsWith(";lost");
    }

    @Test
    void duplicatesAndAClosingBeforeItsOpeningAreHarmless() {
        CheckoutSession checkout = paidCheckout(1);
        SimulatedEvent opened = stripe.openDispute(checkout.stripeSessionId(), "product_not_received");
        SimulatedEvent closed = stripe.closeDispute(checkout.stripeSessionId(), "won");

        assertThat(deliver(closed).disposition()).isEqualTo(Disposition.APPLIED);
        assertThat(deliver(opened).disposition()).isEqualTo(Disposition.DUPLICATE);
        assertThat(deliver(closed).disposition()).isEqualTo(Disposition.DUPLICATE);
        assertThat(deliver(opened).disposition()).isEqualTo(Disposition.DUPLICATE);

        Dispute dispute = reservation(checkout).dispute();
        assertThat(dispute.status()).isEqualTo("won");
        assertThat(dispute.reason()).isEqualTo("product_not_received");
        assertThat(dispute.closed()).isTrue();
        assertThat(organiserNotices(checkout.reservationId(), Notification.Kind.DISPUTE_CLOSED)).isEqualTo(1);
        assertThat(organiserNotices(checkout.reservationId(), Notification.Kind.DISPUTE_OPENED)).isZero();
        assertThat(reservation(checkout).status()).isEqualTo(PAID);
    }

    @Test
    void theSameOpeningTwiceTellsTheOrganiserOnce() {
        CheckoutSession checkout = paidCheckout(1);
        SimulatedEvent opened = stripe.openDispute(checkout.stripeSessionId(), "fraudulent");

        assertThat(deliver(opened).disposition()).isEqualTo(Disposition.APPLIED);
        assertThat(deliver(opened).disposition()).isEqualTo(Disposition.DUPLICATE);

        assertThat(organiserNotices(checkout.reservationId(), Notification.Kind.DISPUTE_OPENED)).isEqualTo(1);
    }

    @Test
    void aDisputeOfAnotherPaymentOfTheAccountIsAcknowledgedAndIgnored() {
        CheckoutSession checkout = paidCheckout(1);
        SimulatedEvent opened = stripe.openDispute(checkout.stripeSessionId(), "fraudulent");
        // The same dispute, as if its payment were another product's: the store does not know it.
        String foreign = opened.payload().replace(reservation(checkout).paymentIntentId(), "pi_another_product");

        WebhookResult result = deliver(new SimulatedEvent(opened.id(), opened.type(), opened.objectId(),
                opened.created(), foreign));

        assertThat(result.disposition()).isEqualTo(Disposition.IGNORED);
        assertThat(result.reservationId()).isNull();
        assertThat(reservation(checkout).dispute()).isNull();
    }

    @Test
    void aFailedNoticeIsRetriedFromTheOutbox() {
        CheckoutSession checkout = paidCheckout(1);
        settled();
        notifier.failNext(1);

        deliver(stripe.openDispute(checkout.stripeSessionId(), "fraudulent"));

        assertThat(organiserNotices(checkout.reservationId(), Notification.Kind.DISPUTE_OPENED)).isZero();
        assertThat(outbox().disputeNoticeAttempts(checkout.reservationId())).isEqualTo(1);
        assertThat(booking.retryPendingNotifications()).isZero();
        clock.advance(Duration.ofHours(1));
        assertThat(booking.retryPendingNotifications()).isEqualTo(1);
        assertThat(organiserNotices(checkout.reservationId(), Notification.Kind.DISPUTE_OPENED)).isEqualTo(1);
        assertThat(outbox().findDisputeNoticesDue(clock.instant().plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    void withoutAnOrganiserAddressTheDisputeIsRecordedAndNothingIsOwed() {
        notifier.withoutOrganiser();
        CheckoutSession checkout = paidCheckout(1);

        assertThat(deliver(stripe.openDispute(checkout.stripeSessionId(), "fraudulent")).disposition())
                .isEqualTo(Disposition.APPLIED);

        assertThat(reservation(checkout).dispute()).isNotNull();
        assertThat(outbox().findDisputeNoticesDue(clock.instant().plus(Duration.ofDays(1)), 10)).isEmpty();
        assertThat(organiserNotices(checkout.reservationId(), Notification.Kind.DISPUTE_OPENED)).isZero();
    }
}

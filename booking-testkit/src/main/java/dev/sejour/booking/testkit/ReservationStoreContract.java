package dev.sejour.booking.testkit;

import static dev.sejour.booking.ReservationStatus.EXPIRED;
import static dev.sejour.booking.ReservationStatus.FAILED;
import static dev.sejour.booking.ReservationStatus.PAID;
import static dev.sejour.booking.ReservationStatus.PENDING;
import static dev.sejour.booking.ReservationStatus.REFUNDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sejour.booking.Buyer;
import dev.sejour.booking.Dispute;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.StatusCount;
import dev.sejour.booking.spi.DeliveredNotification;
import dev.sejour.booking.spi.FailedNotification;
import dev.sejour.booking.spi.HoldOutcome;
import dev.sejour.booking.spi.NotificationFailure;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourForBuyer;
import dev.sejour.booking.spi.StoreException;
import dev.sejour.booking.spi.Transition;
import dev.sejour.booking.spi.TransitionOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link dev.sejour.booking.spi.ReservationStore} and its
 * {@link dev.sejour.booking.spi.NotificationOutbox} must have, including under concurrency. Extend it in your
 * store's tests and implement {@link #createStores()}, whose {@link BookingStores} carries the
 * {@link PlacesCounter} the checks inspect the store with. The outbox tests (nested {@code Notifications}
 * and {@code NotificationOutbox}) run against {@link #outbox}: the reservation store itself, unless
 * {@link #notificationOutbox} says otherwise.
 */
public abstract class ReservationStoreContract extends StoreContractSupport {

    /** Threads racing in the concurrency tests; a store may lower it if its test database is small. */
    protected int raceThreads() {
        return 64;
    }

    /**
     * Another store over the same database, as a second application instance would open it; the tests of
     * two instances race it against {@link #reservations}. Default: the same store (a store that lives in
     * one process only).
     */
    protected ReservationStore secondInstance() throws Exception {
        return reservations;
    }

    /**
     * The notification outbox of {@link #secondInstance()}. Default: that store, which must then implement
     * {@link dev.sejour.booking.spi.NotificationOutbox} (every shipped store does).
     */
    protected dev.sejour.booking.spi.NotificationOutbox secondOutbox() throws Exception {
        return asOutbox(secondInstance());
    }

    @Nested
    class Holding {

        @Test
        void aHoldTakesPlacesAndStoresThePendingReservation() {
            sejours.save(sejour("yoga", 5));
            Reservation hold = pending("yoga", 2);

            assertThat(reservations.insertHold(hold)).isEqualTo(HoldOutcome.HELD);

            assertThat(placesLeft("yoga")).isEqualTo(3);
            assertThat(reservations.findById(hold.id())).contains(hold);
        }

        @Test
        void everyFieldRoundTrips() {
            sejours.save(sejour("yoga", 5));
            Reservation hold = Reservation.pending("res_roundtrip", "yoga",
                    new Buyer("Dupont-Lefèvre", "Zoé 🌿", "zoe+yoga@exemple.fr"), 3, Money.of(135_000, "eur"),
                    T0, T0.plusSeconds(1860));

            reservations.insertHold(hold);

            assertThat(reservations.findById("res_roundtrip")).contains(hold);
        }

        @Test
        void theLastPlacesCanBeHeld() {
            sejours.save(sejour("yoga", 2));

            assertThat(reservations.insertHold(pending("yoga", 2))).isEqualTo(HoldOutcome.HELD);

            assertThat(placesLeft("yoga")).isZero();
        }

        @Test
        void aHoldForMorePlacesThanLeftChangesNothing() {
            sejours.save(sejour("yoga", 2));
            Reservation hold = pending("yoga", 3);

            assertThat(reservations.insertHold(hold)).isEqualTo(HoldOutcome.NOT_ENOUGH_PLACES);

            assertThat(placesLeft("yoga")).isEqualTo(2);
            assertThat(reservations.findById(hold.id())).isEmpty();
        }

        @Test
        void aHoldOnAnUnknownSejourChangesNothing() {
            Reservation hold = pending("nowhere", 1);

            assertThat(reservations.insertHold(hold)).isEqualTo(HoldOutcome.SEJOUR_NOT_FOUND);

            assertThat(reservations.findById(hold.id())).isEmpty();
        }

        @Test
        void aHoldWithAnIdAlreadyTakenFailsAndTakesNoPlace() {
            sejours.save(sejour("yoga", 5));
            Reservation first = held("yoga", 2);
            Reservation sameId = Reservation.pending(first.id(), "yoga", first.buyer(), 1, Money.of(45_000, "eur"),
                    T0, T0.plusSeconds(60));

            assertThatThrownBy(() -> reservations.insertHold(sameId)).isInstanceOf(StoreException.class);

            assertThat(placesLeft("yoga")).isEqualTo(3);
            assertThat(reservations.findById(first.id())).contains(first);
        }

        @Test
        void unknownReservationsAreNotFound() {
            assertThat(reservations.findById("res_missing")).isEmpty();
            assertThat(reservations.findByStripeSessionId("cs_test_missing")).isEmpty();
            assertThat(reservations.findByPaymentIntentId("pi_missing")).isEmpty();
        }
    }

    /**
     * {@code insertReleased}: a paid session whose reservation the store lost is rebuilt, and recorded
     * holding no places when none can be given, so that its refund is recorded like any late payment.
     */
    @Nested
    class ReleasedReservations {

        @Test
        void aReleasedReservationIsStoredWithoutTouchingThePlaces() {
            sejours.save(sejour("yoga", 5));
            Reservation released = pending("yoga", 2).withStripeSessionId("cs_test_lost").withStatus(EXPIRED);

            assertThat(reservations.insertReleased(released)).isTrue();

            assertThat(placesLeft("yoga")).isEqualTo(5);
            assertThat(reservations.findById(released.id())).contains(released);
            assertThat(reservations.findByStripeSessionId("cs_test_lost")).contains(released);
            assertThat(countPlaces("yoga")).isEqualTo(PlacesCount.NONE);
        }

        @Test
        void anIdOrSessionAlreadyStoredChangesNothing() {
            sejours.save(sejour("yoga", 5));
            Reservation held = held(pending("yoga", 2).withStripeSessionId("cs_test_held"));
            Reservation sameId = held.withStatus(EXPIRED).withStripeSessionId("cs_test_other");
            Reservation sameSession = pending("yoga", 1).withStripeSessionId("cs_test_held").withStatus(FAILED);

            assertThat(reservations.insertReleased(sameId)).isFalse();
            assertThat(reservations.insertReleased(sameSession)).isFalse();

            assertThat(reservations.findById(held.id())).contains(held);
            assertThat(reservations.findById(sameSession.id())).isEmpty();
            assertThat(placesLeft("yoga")).isEqualTo(3);
        }

        @Test
        void aReleasedReservationMovesOnLikeAnyOther() {
            sejours.save(sejour("yoga", 5));
            Reservation refunded = pending("yoga", 2).withStatus(EXPIRED);
            Reservation retaken = pending("yoga", 2).withStatus(EXPIRED);
            reservations.insertReleased(refunded);
            reservations.insertReleased(retaken);

            assertThat(reservations.transition(new Transition(refunded.id(), EXPIRED, REFUNDED, 0, null, "pi_r", T0)))
                    .isEqualTo(TransitionOutcome.APPLIED);
            assertThat(reservations.transition(new Transition(retaken.id(), EXPIRED, PAID, -2, null, "pi_t", T0)))
                    .isEqualTo(TransitionOutcome.APPLIED);

            assertThat(placesLeft("yoga")).isEqualTo(3);
            assertThat(countPlaces("yoga")).isEqualTo(new PlacesCount(0, 2));
        }

        @Test
        void aStatusThatHoldsPlacesIsRefused() {
            sejours.save(sejour("yoga", 5));

            assertThatThrownBy(() -> reservations.insertReleased(pending("yoga", 1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> reservations.insertReleased(pending("yoga", 1).withStatus(PAID)))
                    .isInstanceOf(IllegalArgumentException.class);

            assertThat(placesLeft("yoga")).isEqualTo(5);
        }

        @Test
        void racingRebuildsOfOneReservationStoreItOnceAndKeepTheBooksBalanced() throws Exception {
            sejours.save(sejour("yoga", 4));
            Reservation rebuilt = pending("yoga", 3).withStripeSessionId("cs_test_race");

            // What concurrent deliveries of one paid session do: hold its places, or record it released.
            List<String> outcomes = race(raceThreads(), i -> {
                if (i % 2 == 0) {
                    try {
                        return reservations.insertHold(rebuilt).name();
                    } catch (StoreException alreadyStored) {
                        return "DUPLICATE";
                    }
                }
                return reservations.insertReleased(rebuilt.withStatus(EXPIRED)) ? "RELEASED" : "DUPLICATE";
            });

            assertThat(outcomes).filteredOn(o -> o.equals("HELD") || o.equals("RELEASED")).hasSize(1);
            Reservation stored = reservations.findById(rebuilt.id()).orElseThrow();
            assertThat(placesLeft("yoga")).isEqualTo(stored.status() == PENDING ? 1 : 4);
            assertThat(placesLeft("yoga") + countPlaces("yoga").occupied()).isEqualTo(4);
        }
    }

    @Nested
    class Sessions {

        @Test
        void aSessionIsAttachedOnceAndFoundById() {
            sejours.save(sejour("yoga", 5));
            Reservation hold = held("yoga", 1);

            assertThat(reservations.attachSession(hold.id(), "cs_test_1")).isTrue();
            assertThat(reservations.attachSession(hold.id(), "cs_test_1")).isTrue();
            assertThat(reservations.attachSession(hold.id(), "cs_test_2")).isFalse();

            assertThat(reservations.findByStripeSessionId("cs_test_1")).map(Reservation::id).contains(hold.id());
            assertThat(reservations.findByStripeSessionId("cs_test_2")).isEmpty();
        }

        @Test
        void aSessionCannotBelongToTwoReservations() {
            sejours.save(sejour("yoga", 5));
            Reservation first = held("yoga", 1);
            Reservation second = held("yoga", 1);
            reservations.attachSession(first.id(), "cs_test_shared");

            assertThat(reservations.attachSession(second.id(), "cs_test_shared")).isFalse();

            assertThat(reservations.findById(second.id()).orElseThrow().stripeSessionId()).isNull();
        }

        @Test
        void attachingToAnUnknownReservationFails() {
            assertThat(reservations.attachSession("res_missing", "cs_test_1")).isFalse();
        }
    }

    @Nested
    class Transitions {

        @Test
        void payingRecordsSessionPaymentAndTimeAndKeepsThePlaces() {
            sejours.save(sejour("yoga", 5));
            Reservation hold = held("yoga", 2);
            Instant paidAt = T0.plusSeconds(60);

            TransitionOutcome outcome = reservations.transition(
                    new Transition(hold.id(), PENDING, PAID, 0, "cs_test_p", "pi_p", paidAt));

            assertThat(outcome).isEqualTo(TransitionOutcome.APPLIED);
            Reservation paid = reservations.findById(hold.id()).orElseThrow();
            assertThat(paid.status()).isEqualTo(PAID);
            assertThat(paid.stripeSessionId()).isEqualTo("cs_test_p");
            assertThat(paid.paymentIntentId()).isEqualTo("pi_p");
            assertThat(paid.paidAt()).isEqualTo(paidAt);
            assertThat(placesLeft("yoga")).isEqualTo(3);
            assertThat(reservations.findByPaymentIntentId("pi_p")).map(Reservation::id).contains(hold.id());
        }

        @Test
        void nullSessionAndPaymentKeepTheStoredOnes() {
            sejours.save(sejour("yoga", 5));
            Reservation hold = held("yoga", 1);
            reservations.attachSession(hold.id(), "cs_test_keep");

            reservations.transition(Transition.of(hold.id(), PENDING, EXPIRED, 1, T0));

            Reservation expired = reservations.findById(hold.id()).orElseThrow();
            assertThat(expired.stripeSessionId()).isEqualTo("cs_test_keep");
            assertThat(expired.paymentIntentId()).isNull();
            assertThat(expired.paidAt()).isNull();
        }

        @Test
        void releasingGivesThePlacesBack() {
            sejours.save(sejour("yoga", 5));
            Reservation hold = held("yoga", 2);

            assertThat(reservations.transition(Transition.of(hold.id(), PENDING, EXPIRED, 2, T0)))
                    .isEqualTo(TransitionOutcome.APPLIED);

            assertThat(placesLeft("yoga")).isEqualTo(5);
            assertThat(reservations.findById(hold.id()).orElseThrow().status()).isEqualTo(EXPIRED);
        }

        @Test
        void aTransitionFromAnotherStatusChangesNothing() {
            sejours.save(sejour("yoga", 5));
            Reservation hold = held("yoga", 2);
            reservations.transition(Transition.of(hold.id(), PENDING, EXPIRED, 2, T0));

            assertThat(reservations.transition(Transition.of(hold.id(), PENDING, FAILED, 2, T0)))
                    .isEqualTo(TransitionOutcome.STALE);

            assertThat(placesLeft("yoga")).isEqualTo(5);
            assertThat(reservations.findById(hold.id()).orElseThrow().status()).isEqualTo(EXPIRED);
        }

        @Test
        void takingPlacesBackFailsWhenTooFewAreLeftAndChangesNothing() {
            sejours.save(sejour("yoga", 2));
            Reservation late = held("yoga", 2);
            reservations.transition(Transition.of(late.id(), PENDING, EXPIRED, 2, T0));
            held("yoga", 1);

            TransitionOutcome outcome = reservations.transition(
                    new Transition(late.id(), EXPIRED, PAID, -2, "cs_test_late", "pi_late", T0));

            assertThat(outcome).isEqualTo(TransitionOutcome.NOT_ENOUGH_PLACES);
            assertThat(reservations.findById(late.id()).orElseThrow().status()).isEqualTo(EXPIRED);
            assertThat(reservations.findById(late.id()).orElseThrow().paymentIntentId()).isNull();
            assertThat(placesLeft("yoga")).isEqualTo(1);
        }

        @Test
        void aStaleTransitionIsStaleEvenWhenItsPlacesCouldNotBeTaken() {
            // A payment already taken by another delivery must not look like "no place left" (a refund).
            sejours.save(sejour("yoga", 2));
            Reservation late = held("yoga", 2);
            reservations.transition(Transition.of(late.id(), PENDING, EXPIRED, 2, T0));
            reservations.transition(new Transition(late.id(), EXPIRED, PAID, -2, null, "pi_first", T0));

            assertThat(reservations.transition(new Transition(late.id(), EXPIRED, PAID, -2, null, "pi_again", T0)))
                    .isEqualTo(TransitionOutcome.STALE);

            assertThat(placesLeft("yoga")).isZero();
            assertThat(reservations.findById(late.id()).orElseThrow().paymentIntentId()).isEqualTo("pi_first");
        }

        @Test
        void takingPlacesBackSucceedsWhenEnoughAreLeft() {
            sejours.save(sejour("yoga", 3));
            Reservation late = held("yoga", 2);
            reservations.transition(Transition.of(late.id(), PENDING, EXPIRED, 2, T0));

            assertThat(reservations.transition(new Transition(late.id(), EXPIRED, PAID, -2, null, "pi_late", T0)))
                    .isEqualTo(TransitionOutcome.APPLIED);

            assertThat(placesLeft("yoga")).isEqualTo(1);
        }

        @Test
        void anUnknownReservationIsNotFound() {
            assertThat(reservations.transition(Transition.of("res_missing", PENDING, PAID, 0, T0)))
                    .isEqualTo(TransitionOutcome.NOT_FOUND);
        }

        @Test
        void aTransitionMakesTheNewStatusDueForNotification() {
            sejours.save(sejour("yoga", 5));
            Reservation hold = held("yoga", 1);
            reservations.transition(new Transition(hold.id(), PENDING, PAID, 0, null, "pi_n", T0));
            outbox.markNotified(hold.id(), PAID, T0.plusSeconds(1));

            reservations.transition(Transition.of(hold.id(), PAID, REFUNDED, 1, T0.plusSeconds(2)));

            Reservation refunded = reservations.findById(hold.id()).orElseThrow();
            assertThat(refunded.notifiedAt()).isNull();
            assertThat(outbox.findNotificationsDue(T0.plusSeconds(3), 10)).extracting(Reservation::id)
                    .containsExactly(hold.id());
        }
    }

    @Nested
    class Queries {

        @Test
        void expiredHoldsArePendingOnesPastTheirEndOldestFirst() {
            sejours.save(sejour("yoga", 10));
            Reservation later = held(pending("yoga", 1, T0.plusSeconds(200)));
            Reservation earlier = held(pending("yoga", 1, T0.plusSeconds(100)));
            Reservation exactlyNow = held(pending("yoga", 1, T0.plusSeconds(300)));
            held(pending("yoga", 1, T0.plusSeconds(301)));
            Reservation paid = held(pending("yoga", 1, T0.plusSeconds(50)));
            reservations.transition(new Transition(paid.id(), PENDING, PAID, 0, null, "pi_q", T0));

            assertThat(reservations.findExpiredHolds(T0.plusSeconds(300), 10)).extracting(Reservation::id)
                    .containsExactly(earlier.id(), later.id(), exactlyNow.id());
            assertThat(reservations.findExpiredHolds(T0.plusSeconds(300), 2)).hasSize(2);
        }

        @Test
        void anExtendedHoldLeavesTheExpiredOnesUntilItsNewEnd() {
            sejours.save(sejour("yoga", 10));
            Reservation kept = held(pending("yoga", 1, T0.plusSeconds(100)));
            Reservation other = held(pending("yoga", 1, T0.plusSeconds(200)));

            assertThat(reservations.extendHold(kept.id(), T0.plusSeconds(3600))).isTrue();

            assertThat(reservations.findById(kept.id()).orElseThrow().expiresAt()).isEqualTo(T0.plusSeconds(3600));
            assertThat(reservations.findExpiredHolds(T0.plusSeconds(300), 10)).extracting(Reservation::id)
                    .containsExactly(other.id());
            assertThat(reservations.findExpiredHolds(T0.plusSeconds(3600), 10)).extracting(Reservation::id)
                    .containsExactly(other.id(), kept.id());
        }

        @Test
        void aHoldIsNeitherShortenedNorExtendedOnceSettled() {
            sejours.save(sejour("yoga", 10));
            Reservation hold = held(pending("yoga", 1, T0.plusSeconds(100)));
            Reservation paid = paid("yoga", 1);

            assertThat(reservations.extendHold(hold.id(), T0.plusSeconds(50))).isFalse();
            assertThat(reservations.extendHold(hold.id(), T0.plusSeconds(100))).isFalse();
            assertThat(reservations.extendHold(paid.id(), T0.plusSeconds(9999))).isFalse();
            assertThat(reservations.extendHold("res_missing", T0.plusSeconds(9999))).isFalse();

            assertThat(reservations.findById(hold.id()).orElseThrow().expiresAt()).isEqualTo(T0.plusSeconds(100));
        }

        @Test
        void placesAreCountedByWhatHoldsThem() {
            sejours.save(sejour("yoga", 20));
            sejours.save(sejour("other", 20));
            held("yoga", 2);
            Reservation paid = held("yoga", 3);
            reservations.transition(new Transition(paid.id(), PENDING, PAID, 0, null, "pi_c", T0));
            Reservation expired = held("yoga", 4);
            reservations.transition(Transition.of(expired.id(), PENDING, EXPIRED, 4, T0));
            held("other", 5);

            assertThat(countPlaces("yoga")).isEqualTo(new PlacesCount(2, 3));
            assertThat(countPlaces("nowhere")).isEqualTo(PlacesCount.NONE);
        }
    }

    @Nested
    class Notifications {

        @Test
        void paidAndRefundedReservationsAreDueUntilNotified() {
            sejours.save(sejour("yoga", 10));
            Reservation paid = paid("yoga", 1);
            Reservation refunded = paid("yoga", 1);
            reservations.transition(Transition.of(refunded.id(), PAID, REFUNDED, 1, T0));
            held("yoga", 1);

            assertThat(outbox.findNotificationsDue(T0, 10)).extracting(Reservation::id)
                    .containsExactlyInAnyOrder(paid.id(), refunded.id());

            assertThat(outbox.markNotified(paid.id(), PAID, T0.plusSeconds(5))).isTrue();

            assertThat(outbox.findNotificationsDue(T0, 10)).extracting(Reservation::id)
                    .containsExactly(refunded.id());
            assertThat(reservations.findById(paid.id()).orElseThrow().notifiedAt()).isEqualTo(T0.plusSeconds(5));
        }

        @Test
        void aClaimIsExclusiveUntilItEnds() {
            sejours.save(sejour("yoga", 10));
            Reservation paid = paid("yoga", 1);

            assertThat(outbox.claimNotification(paid.id(), PAID, T0, T0.plusSeconds(60))).isTrue();
            assertThat(outbox.claimNotification(paid.id(), PAID, T0.plusSeconds(59), T0.plusSeconds(120)))
                    .isFalse();
            assertThat(outbox.findNotificationsDue(T0.plusSeconds(30), 10)).isEmpty();

            assertThat(outbox.findNotificationsDue(T0.plusSeconds(60), 10)).hasSize(1);
            assertThat(outbox.claimNotification(paid.id(), PAID, T0.plusSeconds(60), T0.plusSeconds(120)))
                    .isTrue();
        }

        @Test
        void aTransitionCanTakeTheClaimWithTheNewStatus() {
            sejours.save(sejour("yoga", 10));
            Reservation hold = held("yoga", 1);

            reservations.transition(new Transition(hold.id(), PENDING, PAID, 0, null, "pi_claim", T0)
                    .withNotificationClaim(T0.plusSeconds(60)));

            assertThat(outbox.claimNotification(hold.id(), PAID, T0.plusSeconds(1), T0.plusSeconds(90)))
                    .isFalse();
            assertThat(outbox.findNotificationsDue(T0.plusSeconds(1), 10)).isEmpty();
            assertThat(outbox.findNotificationsDue(T0.plusSeconds(60), 10)).extracting(Reservation::id)
                    .containsExactly(hold.id());
            assertThat(outbox.markNotified(hold.id(), PAID, T0.plusSeconds(2))).isTrue();
        }

        @Test
        void aReleasedClaimMakesTheNotificationDueAgain() {
            sejours.save(sejour("yoga", 10));
            Reservation paid = paid("yoga", 1);
            outbox.claimNotification(paid.id(), PAID, T0, T0.plusSeconds(60));

            outbox.releaseNotificationClaim(paid.id());

            assertThat(outbox.claimNotification(paid.id(), PAID, T0.plusSeconds(1), T0.plusSeconds(60)))
                    .isTrue();
        }

        @Test
        void noClaimOnAnotherStatusOrAfterNotification() {
            sejours.save(sejour("yoga", 10));
            Reservation paid = paid("yoga", 1);

            assertThat(outbox.claimNotification(paid.id(), REFUNDED, T0, T0.plusSeconds(60))).isFalse();
            outbox.markNotified(paid.id(), PAID, T0);
            assertThat(outbox.claimNotification(paid.id(), PAID, T0, T0.plusSeconds(60))).isFalse();
            assertThat(outbox.markNotified(paid.id(), REFUNDED, T0)).isFalse();
        }
    }

    /** The notification outbox: backoff, dead letters, re-trigger, and two instances sending once. */
    @Nested
    class NotificationOutbox {

        private NotificationFailure failure(Reservation r, int attempt, Instant at, @Nullable Instant retryAt,
                String error) {
            return new NotificationFailure(r.id(), r.status(), attempt, at, retryAt, error);
        }

        @Test
        void aFailedAttemptIsRecordedWithItsBackoffAndIsDueOnlyWhenItEnds() {
            sejours.save(sejour("yoga", 10));
            Reservation paid = paid("yoga", 1);
            assertThat(outbox.notificationAttempts(paid.id())).isZero();
            assertThat(outbox.claimNotification(paid.id(), PAID, T0, T0.plusSeconds(120))).isTrue();

            assertThat(outbox.recordNotificationFailure(
                    failure(paid, 1, T0.plusSeconds(1), T0.plusSeconds(31), "421 try later"))).isTrue();

            assertThat(outbox.notificationAttempts(paid.id())).isEqualTo(1);
            assertThat(outbox.findNotificationsDue(T0.plusSeconds(30), 10)).isEmpty();
            assertThat(outbox.claimNotification(paid.id(), PAID, T0.plusSeconds(30), T0.plusSeconds(90)))
                    .isFalse();
            assertThat(outbox.findNotificationsDue(T0.plusSeconds(31), 10)).extracting(Reservation::id)
                    .containsExactly(paid.id());
            assertThat(outbox.countFailedNotifications()).isZero();
        }

        @Test
        void dueNotificationsComeOldestDueFirstAndOnlyWhenDue() {
            sejours.save(sejour("yoga", 10));
            Reservation never = paid("yoga", 1);
            Reservation late = paid("yoga", 1);
            Reservation early = paid("yoga", 1);
            outbox.recordNotificationFailure(failure(late, 1, T0, T0.plusSeconds(20), "late"));
            outbox.recordNotificationFailure(failure(early, 1, T0, T0.plusSeconds(10), "early"));

            assertThat(outbox.findNotificationsDue(T0.plusSeconds(5), 10)).extracting(Reservation::id)
                    .containsExactly(never.id());
            assertThat(outbox.findNotificationsDue(T0.plusSeconds(15), 10)).extracting(Reservation::id)
                    .containsExactly(never.id(), early.id());
            assertThat(outbox.findNotificationsDue(T0.plusSeconds(30), 10)).extracting(Reservation::id)
                    .containsExactly(never.id(), early.id(), late.id());
            assertThat(outbox.findNotificationsDue(T0.plusSeconds(30), 2)).extracting(Reservation::id)
                    .containsExactly(never.id(), early.id());
        }

        @Test
        void attemptsAreCountedOnceEach() {
            sejours.save(sejour("yoga", 10));
            Reservation paid = paid("yoga", 1);

            assertThat(outbox.recordNotificationFailure(failure(paid, 2, T0, T0.plusSeconds(30), "skip")))
                    .as("attempt 2 before attempt 1").isFalse();
            assertThat(outbox.recordNotificationFailure(failure(paid, 1, T0, T0.plusSeconds(30), "one")))
                    .isTrue();
            assertThat(outbox.recordNotificationFailure(failure(paid, 1, T0, T0.plusSeconds(30), "again")))
                    .as("the same attempt twice").isFalse();
            assertThat(outbox.recordNotificationFailure(failure(paid, 2, T0.plusSeconds(30),
                    T0.plusSeconds(90), "two"))).isTrue();
            assertThat(outbox.notificationAttempts(paid.id())).isEqualTo(2);
        }

        @Test
        void theLastAttemptMakesADeadLetterThatIsListedCountedAndNeverDue() {
            sejours.save(sejour("yoga", 10));
            Reservation paid = paid("yoga", 1);
            Reservation other = paid("yoga", 1);
            outbox.recordNotificationFailure(failure(paid, 1, T0, T0.plusSeconds(30), "421 busy"));
            String longError = "550 " + "é".repeat(NotificationFailure.MAX_ERROR_LENGTH * 2);

            assertThat(outbox.recordNotificationFailure(failure(paid, 2, T0.plusSeconds(40), null, longError)))
                    .isTrue();

            assertThat(outbox.countFailedNotifications()).isEqualTo(1);
            List<FailedNotification> failed = outbox.findFailedNotifications(10);
            assertThat(failed).hasSize(1);
            assertThat(failed.get(0).reservation().id()).isEqualTo(paid.id());
            assertThat(failed.get(0).attempts()).isEqualTo(2);
            assertThat(failed.get(0).failedAt()).isEqualTo(T0.plusSeconds(40));
            assertThat(failed.get(0).lastError()).startsWith("550 éé")
                    .hasSizeLessThanOrEqualTo(NotificationFailure.MAX_ERROR_LENGTH);
            assertThat(outbox.findNotificationsDue(T0.plus(Duration.ofDays(30)), 10)).extracting(Reservation::id)
                    .containsExactly(other.id());
            assertThat(outbox.claimNotification(paid.id(), PAID, T0.plus(Duration.ofDays(30)), T0.plus(Duration.ofDays(31)))).isFalse();
            assertThat(outbox.recordNotificationFailure(failure(paid, 3, T0, T0.plusSeconds(30), "more")))
                    .isFalse();
        }

        @Test
        void aPermanentFailureIsADeadLetterAtOnce() {
            sejours.save(sejour("yoga", 10));
            Reservation paid = paid("yoga", 1);

            assertThat(outbox.recordNotificationFailure(failure(paid, 1, T0, null, "550 no such user")))
                    .isTrue();

            assertThat(outbox.findFailedNotifications(10)).extracting(FailedNotification::attempts)
                    .containsExactly(1);
            assertThat(outbox.findNotificationsDue(T0.plus(Duration.ofDays(1)), 10)).isEmpty();
        }

        @Test
        void deadLettersAreListedEarliestFailedFirst() {
            sejours.save(sejour("yoga", 10));
            Reservation second = paid("yoga", 1);
            Reservation first = paid("yoga", 1);
            outbox.recordNotificationFailure(failure(second, 1, T0.plusSeconds(20), null, "b"));
            outbox.recordNotificationFailure(failure(first, 1, T0.plusSeconds(10), null, "a"));

            assertThat(outbox.findFailedNotifications(10)).extracting(f -> f.reservation().id())
                    .containsExactly(first.id(), second.id());
            assertThat(outbox.findFailedNotifications(1)).extracting(f -> f.reservation().id())
                    .containsExactly(first.id());
        }

        @Test
        void aRetriggeredDeadLetterIsDueAtOnceWithItsAttemptsReset() {
            sejours.save(sejour("yoga", 10));
            Reservation paid = paid("yoga", 1);
            outbox.recordNotificationFailure(failure(paid, 1, T0, null, "550 no such user"));

            assertThat(outbox.retryFailedNotification(paid.id())).isTrue();

            assertThat(outbox.retryFailedNotification(paid.id())).as("no longer failed").isFalse();
            assertThat(outbox.countFailedNotifications()).isZero();
            assertThat(outbox.notificationAttempts(paid.id())).isZero();
            assertThat(outbox.findNotificationsDue(T0, 10)).extracting(Reservation::id)
                    .containsExactly(paid.id());
            assertThat(outbox.claimNotification(paid.id(), PAID, T0, T0.plusSeconds(60))).isTrue();
            assertThat(outbox.markNotified(paid.id(), PAID, T0.plusSeconds(1))).isTrue();
            assertThat(outbox.retryFailedNotification("res_unknown")).isFalse();
        }

        @Test
        void aNewStatusStartsItsNotificationAfresh() {
            sejours.save(sejour("yoga", 10));
            Reservation paid = paid("yoga", 1);
            outbox.recordNotificationFailure(failure(paid, 1, T0, null, "550 no such user"));

            reservations.transition(Transition.of(paid.id(), PAID, REFUNDED, 1, T0.plusSeconds(5)));

            assertThat(outbox.countFailedNotifications()).isZero();
            assertThat(outbox.notificationAttempts(paid.id())).isZero();
            assertThat(outbox.findNotificationsDue(T0.plusSeconds(5), 10)).extracting(Reservation::id)
                    .containsExactly(paid.id());
            assertThat(outbox.recordNotificationFailure(failure(paid, 1, T0, T0.plusSeconds(30), "stale")))
                    .as("about the old status").isFalse();
        }

        @Test
        void deliveriesAreRecordedTogetherSkippingThoseWhoseStatusChanged() {
            sejours.save(sejour("yoga", 10));
            Reservation first = paid("yoga", 1);
            Reservation second = paid("yoga", 1);
            Reservation refunded = paid("yoga", 1);
            reservations.transition(Transition.of(refunded.id(), PAID, REFUNDED, 1, T0));

            int marked = outbox.markAllNotified(List.of(
                    new DeliveredNotification(first.id(), PAID, T0.plusSeconds(1)),
                    new DeliveredNotification(second.id(), PAID, T0.plusSeconds(2)),
                    new DeliveredNotification(refunded.id(), PAID, T0.plusSeconds(3))));

            assertThat(marked).isEqualTo(2);
            assertThat(reservations.findById(first.id()).orElseThrow().notifiedAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(reservations.findById(second.id()).orElseThrow().notifiedAt()).isEqualTo(T0.plusSeconds(2));
            assertThat(outbox.findNotificationsDue(T0.plusSeconds(5), 10)).extracting(Reservation::id)
                    .containsExactly(refunded.id());
            assertThat(outbox.markAllNotified(List.of())).isZero();
        }

        @Test
        void twoInstancesRetryingTogetherSendOnce() throws Exception {
            sejours.save(sejour("yoga", 10));
            Reservation paid = paid("yoga", 1);
            var other = secondOutbox();
            outbox.recordNotificationFailure(failure(paid, 1, T0, T0.plusSeconds(30), "421 busy"));
            Instant retry = T0.plusSeconds(31);

            // Each instance's sweep sees it due, and sends only with the claim; then records the outcome.
            List<Boolean> sent = race(raceThreads(), i -> {
                var store = i % 2 == 0 ? outbox : other;
                for (Reservation due : store.findNotificationsDue(retry, 10)) {
                    if (store.claimNotification(due.id(), PAID, retry, retry.plusSeconds(120))) {
                        return store.markNotified(due.id(), PAID, retry);
                    }
                }
                return false;
            });

            assertThat(sent).filteredOn(Boolean::booleanValue).hasSize(1);
            assertThat(other.findNotificationsDue(retry.plusSeconds(600), 10)).isEmpty();
        }

        @Test
        void twoInstancesRecordingTheSameFailedAttemptCountItOnce() throws Exception {
            sejours.save(sejour("yoga", 10));
            Reservation paid = paid("yoga", 1);
            var other = secondOutbox();

            List<Boolean> recorded = race(raceThreads(), i -> (i % 2 == 0 ? outbox : other)
                    .recordNotificationFailure(failure(paid, 1, T0, T0.plusSeconds(30), "421 busy " + i)));

            assertThat(recorded).filteredOn(Boolean::booleanValue).hasSize(1);
            assertThat(other.notificationAttempts(paid.id())).isEqualTo(1);
        }
    }

    @Nested
    class Concurrency {

        @Test
        void racingBuyersNeverTakeMoreThanThePlacesLeft() throws Exception {
            sejours.save(sejour("yoga", 10));
            int threads = raceThreads();

            List<HoldOutcome> outcomes = race(threads, i -> reservations.insertHold(pending("yoga", 1)));

            assertThat(outcomes).filteredOn(o -> o == HoldOutcome.HELD).hasSize(10);
            assertThat(outcomes).filteredOn(o -> o == HoldOutcome.NOT_ENOUGH_PLACES).hasSize(threads - 10);
            assertThat(placesLeft("yoga")).isZero();
            assertThat(countPlaces("yoga")).isEqualTo(new PlacesCount(10, 0));
        }

        @Test
        void racingBuyersOfDifferentSizesNeverOversell() throws Exception {
            sejours.save(sejour("yoga", 17));

            List<HoldOutcome> outcomes = race(raceThreads(), i -> reservations.insertHold(pending("yoga", 1 + i % 3)));

            PlacesCount count = countPlaces("yoga");
            assertThat(placesLeft("yoga")).isBetween(0, 2);
            assertThat(placesLeft("yoga") + count.held()).isEqualTo(17);
            assertThat(outcomes).contains(HoldOutcome.NOT_ENOUGH_PLACES);
        }

        @Test
        void exactlyOneOfManyIdenticalTransitionsWins() throws Exception {
            sejours.save(sejour("yoga", 10));
            Reservation hold = held("yoga", 3);

            List<TransitionOutcome> outcomes = race(raceThreads(),
                    i -> reservations.transition(Transition.of(hold.id(), PENDING, EXPIRED, 3, T0)));

            assertThat(outcomes).filteredOn(o -> o == TransitionOutcome.APPLIED).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o == TransitionOutcome.STALE).hasSize(raceThreads() - 1);
            assertThat(placesLeft("yoga")).isEqualTo(10);
        }

        @Test
        void racingDeliveriesOfALatePaymentTakeThePlacesOnceAndNeverLackThem() throws Exception {
            sejours.save(sejour("yoga", 10));
            Reservation late = held("yoga", 2);
            reservations.transition(Transition.of(late.id(), PENDING, EXPIRED, 2, T0));

            List<TransitionOutcome> outcomes = race(raceThreads(), i -> reservations.transition(
                    new Transition(late.id(), EXPIRED, PAID, -2, null, "pi_late", T0)));

            // A loser must hear STALE: NOT_ENOUGH_PLACES would make the booking flow refund a paid buyer.
            assertThat(outcomes).filteredOn(o -> o == TransitionOutcome.APPLIED).hasSize(1);
            assertThat(outcomes).containsOnly(TransitionOutcome.APPLIED, TransitionOutcome.STALE);
            assertThat(placesLeft("yoga")).isEqualTo(8);
        }

        @Test
        void competingTransitionsOfOneReservationApplyOnce() throws Exception {
            sejours.save(sejour("yoga", 10));
            Reservation hold = held("yoga", 2);

            List<TransitionOutcome> outcomes = race(raceThreads(), i -> switch (i % 3) {
                case 0 -> reservations.transition(new Transition(hold.id(), PENDING, PAID, 0, null, "pi_r", T0));
                case 1 -> reservations.transition(Transition.of(hold.id(), PENDING, EXPIRED, 2, T0));
                default -> reservations.transition(Transition.of(hold.id(), PENDING, FAILED, 2, T0));
            });

            assertThat(outcomes).filteredOn(o -> o == TransitionOutcome.APPLIED).hasSize(1);
            Reservation after = reservations.findById(hold.id()).orElseThrow();
            PlacesCount count = countPlaces("yoga");
            assertThat(placesLeft("yoga") + count.occupied()).isEqualTo(10);
            assertThat(placesLeft("yoga")).isEqualTo(after.status() == PAID ? 8 : 10);
        }

        @Test
        void holdsAndReleasesRacingKeepTheBooksBalanced() throws Exception {
            sejours.save(sejour("yoga", 8));

            race(raceThreads(), i -> {
                Reservation hold = pending("yoga", 1 + i % 2);
                if (reservations.insertHold(hold) == HoldOutcome.HELD && i % 3 == 0) {
                    reservations.transition(Transition.of(hold.id(), PENDING, EXPIRED, hold.places(), T0));
                }
                return null;
            });

            PlacesCount count = countPlaces("yoga");
            assertThat(placesLeft("yoga")).isNotNegative();
            assertThat(placesLeft("yoga") + count.occupied()).isEqualTo(8);
        }

        @Test
        void onlyOneInstanceClaimsANotification() throws Exception {
            sejours.save(sejour("yoga", 10));
            Reservation paid = paid("yoga", 1);

            List<Boolean> claims = race(raceThreads(),
                    i -> outbox.claimNotification(paid.id(), PAID, T0, T0.plusSeconds(60)));

            assertThat(claims).filteredOn(Boolean::booleanValue).hasSize(1);
        }

        @Test
        void lateBuyersRacingForReleasedPlacesNeverOversell() throws Exception {
            sejours.save(sejour("yoga", 6));
            List<Reservation> late = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Reservation hold = held("yoga", 1);
                reservations.transition(Transition.of(hold.id(), PENDING, EXPIRED, 1, T0));
                late.add(hold);
            }

            race(raceThreads(), i -> i < 6
                    ? reservations.transition(new Transition(late.get(i).id(), EXPIRED, PAID, -1, null, "pi_" + i, T0))
                    : reservations.insertHold(pending("yoga", 1)));

            PlacesCount count = countPlaces("yoga");
            assertThat(placesLeft("yoga")).isZero();
            assertThat(count.occupied()).isEqualTo(6);
        }
    }

    /**
     * The per-buyer limit ({@code insertHold(pending, max, replaced)}) and the replacement of a buyer's own
     * pending hold, alone and racing.
     */
    @Nested
    class BuyerLimits {

        @Test
        void aBuyerHoldsUpToTheLimitAcrossSejoursAndNoMore() {
            sejours.save(sejour("yoga", 5));
            sejours.save(sejour("surf", 5));

            assertThat(reservations.insertHold(of("zoe@exemple.fr", "yoga", 1), 2, null)).isEqualTo(HoldOutcome.HELD);
            assertThat(reservations.insertHold(of("zoe@exemple.fr", "surf", 1), 2, null)).isEqualTo(HoldOutcome.HELD);
            Reservation third = of("zoe@exemple.fr", "surf", 1);

            assertThat(reservations.insertHold(third, 2, null)).isEqualTo(HoldOutcome.TOO_MANY_PENDING);

            assertThat(reservations.findById(third.id())).isEmpty();
            assertThat(placesLeft("yoga")).isEqualTo(4);
            assertThat(placesLeft("surf")).isEqualTo(4);
        }

        @Test
        void theLimitCountsTheAddressWhateverItsCase() {
            sejours.save(sejour("yoga", 5));
            reservations.insertHold(of("Zoe@Exemple.FR", "yoga", 1), 1, null);

            assertThat(reservations.insertHold(of("zoe@exemple.fr", "yoga", 1), 1, null))
                    .isEqualTo(HoldOutcome.TOO_MANY_PENDING);
            assertThat(reservations.findPendingByBuyer("zoe@exemple.fr")).hasSize(1);
        }

        @Test
        void otherBuyersAndSettledHoldsDoNotCount() {
            sejours.save(sejour("yoga", 5));
            Reservation released = of("zoe@exemple.fr", "yoga", 1);
            reservations.insertHold(released, 1, null);
            reservations.transition(Transition.of(released.id(), PENDING, EXPIRED, 1, T0));
            reservations.insertHold(of("marc@exemple.fr", "yoga", 1), 1, null);

            assertThat(reservations.insertHold(of("zoe@exemple.fr", "yoga", 1), 1, null)).isEqualTo(HoldOutcome.HELD);
        }

        @Test
        void aHoldOverTheLimitOnAnUnknownOrFullSejourSaysWhy() {
            sejours.save(sejour("yoga", 1));

            assertThat(reservations.insertHold(of("zoe@exemple.fr", "nowhere", 1), 2, null))
                    .isEqualTo(HoldOutcome.SEJOUR_NOT_FOUND);
            assertThat(reservations.insertHold(of("zoe@exemple.fr", "yoga", 2), 2, null))
                    .isEqualTo(HoldOutcome.NOT_ENOUGH_PLACES);
            assertThat(reservations.findPendingByBuyer("zoe@exemple.fr")).isEmpty();
            assertThat(placesLeft("yoga")).isEqualTo(1);
        }

        @Test
        void pendingHoldsOfABuyerAreListedOldestFirst() {
            sejours.save(sejour("yoga", 5));
            Reservation first = Reservation.pending("res_a_first", "yoga", new Buyer("A", "B", "zoe@exemple.fr"), 1,
                    Money.of(45_000, "eur"), T0, T0.plusSeconds(900));
            Reservation second = Reservation.pending("res_0_second", "yoga", new Buyer("A", "B", "ZOE@exemple.fr"), 1,
                    Money.of(45_000, "eur"), T0.plusSeconds(1), T0.plusSeconds(901));
            reservations.insertHold(first, 5, null);
            reservations.insertHold(second, 5, null);
            reservations.insertHold(of("marc@exemple.fr", "yoga", 1), 5, null);

            assertThat(reservations.findPendingByBuyer("zoe@exemple.fr")).containsExactly(first, second);
        }

        @Test
        void aSejourReadForABuyerCountsOnlyTheirPendingPlacesOfIt() {
            sejours.save(sejour("yoga", 10));
            sejours.save(sejour("surf", 10));
            reservations.insertHold(of("zoe@exemple.fr", "yoga", 2), 5, null);
            reservations.insertHold(of("zoe@exemple.fr", "yoga", 1), 5, null);
            reservations.insertHold(of("zoe@exemple.fr", "surf", 3), 5, null);
            reservations.insertHold(of("marc@exemple.fr", "yoga", 4), 5, null);
            Reservation expired = of("zoe@exemple.fr", "yoga", 1);
            reservations.insertHold(expired, 5, null);
            reservations.transition(Transition.of(expired.id(), PENDING, EXPIRED, 1, T0));

            SejourForBuyer zoe = sejours.findBySlugForBuyer("yoga", "zoe@exemple.fr").orElseThrow();
            SejourForBuyer nobody = sejours.findBySlugForBuyer("yoga", "nobody@exemple.fr").orElseThrow();

            assertThat(zoe.sejour()).isEqualTo(sejours.findBySlug("yoga").orElseThrow());
            assertThat(zoe.sejour().placesLeft()).isEqualTo(3);
            // A store may leave the buyer's places unread (the default); if it reads them, they are exact.
            if (zoe.buyerPendingPlaces().isPresent()) {
                assertThat(zoe.buyerPendingPlaces().getAsInt()).isEqualTo(3);
            }
            if (nobody.buyerPendingPlaces().isPresent()) {
                assertThat(nobody.buyerPendingPlaces().getAsInt()).isZero();
            }
            assertThat(sejours.findBySlugForBuyer("nowhere", "zoe@exemple.fr")).isEmpty();
        }

        @Test
        void aReplacementReleasesTheEarlierHoldAndMayTakeItsPlaces() {
            sejours.save(sejour("yoga", 3));
            Reservation earlier = of("zoe@exemple.fr", "yoga", 3);
            reservations.insertHold(earlier, 1, null);
            Reservation again = of("zoe@exemple.fr", "yoga", 3);

            assertThat(reservations.insertHold(again, 1, earlier.id())).isEqualTo(HoldOutcome.HELD);

            assertThat(reservations.findById(earlier.id()).orElseThrow().status()).isEqualTo(EXPIRED);
            assertThat(reservations.findById(again.id())).contains(again);
            assertThat(placesLeft("yoga")).isZero();
            assertThat(countPlaces("yoga")).isEqualTo(new PlacesCount(3, 0));
        }

        @Test
        void aReplacementOfAnotherSejourGivesItsPlacesBackThere() {
            sejours.save(sejour("yoga", 3));
            sejours.save(sejour("surf", 3));
            Reservation earlier = of("zoe@exemple.fr", "yoga", 2);
            reservations.insertHold(earlier, 1, null);

            assertThat(reservations.insertHold(of("zoe@exemple.fr", "surf", 1), 1, earlier.id()))
                    .isEqualTo(HoldOutcome.HELD);

            assertThat(placesLeft("yoga")).isEqualTo(3);
            assertThat(placesLeft("surf")).isEqualTo(2);
        }

        @Test
        void aReplacementOfAHoldNoLongerPendingOrOfAnotherBuyerChangesNothing() {
            sejours.save(sejour("yoga", 5));
            Reservation settled = of("zoe@exemple.fr", "yoga", 1);
            reservations.insertHold(settled, 2, null);
            reservations.transition(Transition.of(settled.id(), PENDING, EXPIRED, 1, T0));
            Reservation marcs = of("marc@exemple.fr", "yoga", 1);
            reservations.insertHold(marcs, 2, null);
            Reservation attempt = of("zoe@exemple.fr", "yoga", 1);

            assertThat(reservations.insertHold(attempt, 2, settled.id())).isEqualTo(HoldOutcome.REPLACED_NOT_PENDING);
            assertThat(reservations.insertHold(attempt, 2, marcs.id())).isEqualTo(HoldOutcome.REPLACED_NOT_PENDING);
            assertThat(reservations.insertHold(attempt, 2, "res_missing")).isEqualTo(HoldOutcome.REPLACED_NOT_PENDING);

            assertThat(reservations.findById(attempt.id())).isEmpty();
            assertThat(reservations.findById(marcs.id()).orElseThrow().status()).isEqualTo(PENDING);
            assertThat(placesLeft("yoga")).isEqualTo(4);
        }

        @Test
        void aReplacementThatLacksPlacesHoldsNothingNewAndKeepsTheBooksBalanced() {
            sejours.save(sejour("yoga", 3));
            Reservation earlier = of("zoe@exemple.fr", "yoga", 1);
            reservations.insertHold(earlier, 2, null);
            Reservation bigger = of("zoe@exemple.fr", "yoga", 4);

            assertThat(reservations.insertHold(bigger, 2, earlier.id())).isEqualTo(HoldOutcome.NOT_ENOUGH_PLACES);

            assertThat(reservations.findById(bigger.id())).isEmpty();
            assertThat(placesLeft("yoga") + countPlaces("yoga").occupied()).isEqualTo(3);
        }

        @Test
        void racingHoldsOfOneAddressNeverExceedTheLimit() throws Exception {
            sejours.save(sejour("yoga", 100));
            sejours.save(sejour("surf", 100));

            List<HoldOutcome> outcomes = race(raceThreads(), i -> reservations.insertHold(
                    of(i % 2 == 0 ? "zoe@exemple.fr" : "ZOE@exemple.fr", i % 3 == 0 ? "surf" : "yoga", 1), 2, null));

            assertThat(outcomes).filteredOn(o -> o == HoldOutcome.HELD).hasSize(2);
            assertThat(outcomes).filteredOn(o -> o == HoldOutcome.TOO_MANY_PENDING).hasSize(raceThreads() - 2);
            assertThat(reservations.findPendingByBuyer("zoe@exemple.fr")).hasSize(2);
            assertThat(placesLeft("yoga") + placesLeft("surf")).isEqualTo(198);
        }

        @Test
        void racingReplacementsOfOneHoldReplaceItOnce() throws Exception {
            sejours.save(sejour("yoga", 4));
            Reservation earlier = of("zoe@exemple.fr", "yoga", 2);
            reservations.insertHold(earlier, 2, null);

            List<HoldOutcome> outcomes = race(raceThreads(), i -> reservations.insertHold(
                    of("zoe@exemple.fr", "yoga", 2), 2, earlier.id()));

            assertThat(outcomes).filteredOn(o -> o == HoldOutcome.HELD).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o == HoldOutcome.REPLACED_NOT_PENDING).hasSize(raceThreads() - 1);
            assertThat(placesLeft("yoga")).isEqualTo(2);
            assertThat(countPlaces("yoga")).isEqualTo(new PlacesCount(2, 0));
        }

        @Test
        void racingBuyersWithinTheirLimitsNeverOversell() throws Exception {
            sejours.save(sejour("yoga", 10));

            List<HoldOutcome> outcomes = race(raceThreads(), i -> reservations.insertHold(
                    of("buyer" + (i % 8) + "@exemple.fr", "yoga", 1), 2, null));

            assertThat(outcomes).filteredOn(o -> o == HoldOutcome.HELD).hasSize(10);
            assertThat(placesLeft("yoga")).isZero();
            assertThat(countPlaces("yoga")).isEqualTo(new PlacesCount(10, 0));
        }

        private Reservation of(String email, String slug, int places) {
            return Reservation.pending("res_" + UUID.randomUUID().toString().replace("-", ""), slug,
                    new Buyer("Devillers", "Zoé", email), places, Money.of(45_000L * places, "eur"), T0,
                    T0.plusSeconds(900));
        }
    }

    /** Disputes recorded on a reservation, and the organiser's notice of them (see {@code recordDispute}). */
    @Nested
    class Disputes {

        private final Instant opened = T0.plusSeconds(3600);
        private final Instant closedAt = T0.plusSeconds(7200);

        private Dispute open(String id) {
            return new Dispute(id, "needs_response", "fraudulent", Money.of(90_000, "eur"), opened, null);
        }

        private Dispute closed(String id, String outcome) {
            return new Dispute(id, outcome, "fraudulent", Money.of(90_000, "eur"), opened, closedAt);
        }

        /** An open dispute in {@code status}: an inquiry's ({@code warning_…}) or a chargeback's. */
        private Dispute openWith(String id, String status) {
            return new Dispute(id, status, "fraudulent", Money.of(90_000, "eur"), opened, null);
        }

        @Test
        void anInquiryEscalatedToAChargebackIsRecordedOnceWithANewNoticeDue() {
            sejours.save(sejour("yoga", 5));
            Reservation paid = paid("yoga", 1);
            reservations.recordDispute(paid.id(), openWith("du_1", "warning_needs_response"), T0);
            outbox.claimDisputeNotice(paid.id(), "warning_needs_response", T0, T0.plusSeconds(60));
            outbox.finishDisputeNotice(paid.id(), "warning_needs_response", 0, null);

            assertThat(reservations.recordDispute(paid.id(), openWith("du_1", "needs_response"),
                    T0.plusSeconds(10))).isTrue();
            assertThat(reservations.recordDispute(paid.id(), openWith("du_1", "needs_response"),
                    T0.plusSeconds(11))).isFalse();
            // A change within the chargeback step is not a step.
            assertThat(reservations.recordDispute(paid.id(), openWith("du_1", "under_review"),
                    T0.plusSeconds(12))).isFalse();

            Reservation now = reservations.findById(paid.id()).orElseThrow();
            assertThat(now.dispute()).isEqualTo(openWith("du_1", "needs_response"));
            assertThat(now.status()).isEqualTo(PAID);
            assertThat(outbox.findDisputeNoticesDue(T0.plusSeconds(12), 10)).containsExactly(now);
            assertThat(outbox.disputeNoticeAttempts(paid.id())).isZero();
        }

        @Test
        void aChangeWithinTheInquiryStepIsNotRecorded() {
            sejours.save(sejour("yoga", 5));
            Reservation paid = paid("yoga", 1);
            reservations.recordDispute(paid.id(), openWith("du_1", "warning_needs_response"), T0);

            assertThat(reservations.recordDispute(paid.id(), openWith("du_1", "warning_under_review"), T0)).isFalse();

            assertThat(reservations.findById(paid.id()).orElseThrow().dispute())
                    .isEqualTo(openWith("du_1", "warning_needs_response"));
        }

        @Test
        void anInquiryAfterTheChargebackIsNotRecorded() {
            sejours.save(sejour("yoga", 5));
            Reservation paid = paid("yoga", 1);
            reservations.recordDispute(paid.id(), openWith("du_1", "needs_response"), T0);

            assertThat(reservations.recordDispute(paid.id(), openWith("du_1", "warning_needs_response"), T0))
                    .isFalse();

            assertThat(reservations.findById(paid.id()).orElseThrow().dispute())
                    .isEqualTo(openWith("du_1", "needs_response"));
        }

        @Test
        void anEscalationOfAnotherDisputeIsNotRecorded() {
            sejours.save(sejour("yoga", 5));
            Reservation paid = paid("yoga", 1);
            reservations.recordDispute(paid.id(), openWith("du_1", "warning_needs_response"), T0);

            assertThat(reservations.recordDispute(paid.id(), openWith("du_2", "needs_response"), T0)).isFalse();

            assertThat(reservations.findById(paid.id()).orElseThrow().dispute())
                    .isEqualTo(openWith("du_1", "warning_needs_response"));
        }

        @Test
        void theClosingAfterTheEscalationIsRecorded() {
            sejours.save(sejour("yoga", 5));
            Reservation paid = paid("yoga", 1);
            reservations.recordDispute(paid.id(), openWith("du_1", "warning_needs_response"), T0);
            reservations.recordDispute(paid.id(), openWith("du_1", "needs_response"), T0);

            assertThat(reservations.recordDispute(paid.id(), closed("du_1", "lost"), T0.plusSeconds(10))).isTrue();

            assertThat(reservations.findById(paid.id()).orElseThrow().dispute()).isEqualTo(closed("du_1", "lost"));
        }

        @Test
        void anEscalationAfterTheClosingIsNotRecorded() {
            sejours.save(sejour("yoga", 5));
            Reservation paid = paid("yoga", 1);
            reservations.recordDispute(paid.id(), openWith("du_1", "warning_needs_response"), T0);
            reservations.recordDispute(paid.id(), closed("du_1", "warning_closed"), T0);

            assertThat(reservations.recordDispute(paid.id(), openWith("du_1", "needs_response"), T0)).isFalse();

            assertThat(reservations.findById(paid.id()).orElseThrow().dispute())
                    .isEqualTo(closed("du_1", "warning_closed"));
        }

        @Test
        void racingEscalationsAndClosingsEndClosedAndApplyEachStepAtMostOnce() throws Exception {
            sejours.save(sejour("yoga", 5));
            Reservation paid = paid("yoga", 1);
            reservations.recordDispute(paid.id(), openWith("du_1", "warning_needs_response"), T0);
            int threads = Math.min(raceThreads(), 16);
            ReservationStore other = secondInstance();
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                ReservationStore store = k % 2 == 0 ? reservations : other;
                Dispute news = k % 2 == 0 ? openWith("du_1", "needs_response") : closed("du_1", "lost");
                tasks.add(() -> store.recordDispute(paid.id(), news, T0));
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            int closings = 0;
            int escalations = 0;
            try {
                List<Future<Boolean>> results = pool.invokeAll(tasks);
                for (int k = 0; k < threads; k++) {
                    if (results.get(k).get()) {
                        closings += k % 2;
                        escalations += 1 - k % 2;
                    }
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(closings).isEqualTo(1);
            assertThat(escalations).isBetween(0, 1);
            assertThat(reservations.findById(paid.id()).orElseThrow().dispute()).isEqualTo(closed("du_1", "lost"));
        }

        @Test
        void aDisputeIsRecordedWithItsNoticeDueAndNothingElseChanges() {
            sejours.save(sejour("yoga", 5));
            Reservation paid = paid("yoga", 2);

            assertThat(reservations.recordDispute(paid.id(), open("du_1"), T0)).isTrue();

            Reservation disputed = reservations.findById(paid.id()).orElseThrow();
            assertThat(disputed).isEqualTo(paid.withDispute(open("du_1")));
            assertThat(disputed.status()).isEqualTo(PAID);
            assertThat(placesLeft("yoga")).isEqualTo(3);
            assertThat(reservations.findByPaymentIntentId(Objects.requireNonNull(paid.paymentIntentId())))
                    .contains(disputed);
            assertThat(outbox.findDisputeNoticesDue(T0, 10)).containsExactly(disputed);
            assertThat(outbox.findDisputeNoticesDue(T0.minusMillis(1), 10)).isEmpty();
            assertThat(outbox.disputeNoticeAttempts(paid.id())).isZero();
            // The buyer's notification is another matter: untouched.
            assertThat(outbox.findNotificationsDue(T0, 10)).extracting(Reservation::id).contains(paid.id());
        }

        @Test
        void theSameOpeningTwiceChangesNothing() {
            sejours.save(sejour("yoga", 5));
            Reservation paid = paid("yoga", 1);
            reservations.recordDispute(paid.id(), open("du_1"), T0);
            assertThat(outbox.claimDisputeNotice(paid.id(), "needs_response", T0, T0.plusSeconds(60))).isTrue();

            assertThat(reservations.recordDispute(paid.id(), open("du_1"), T0.plusSeconds(1))).isFalse();

            assertThat(outbox.findDisputeNoticesDue(T0.plusSeconds(1), 10)).isEmpty();
        }

        @Test
        void theClosingRecordsTheOutcomeAndMakesANewNoticeDue() {
            sejours.save(sejour("yoga", 5));
            Reservation paid = paid("yoga", 1);
            reservations.recordDispute(paid.id(), open("du_1"), T0);
            outbox.claimDisputeNotice(paid.id(), "needs_response", T0, T0.plusSeconds(60));
            outbox.finishDisputeNotice(paid.id(), "needs_response", 2, T0.plusSeconds(120));

            assertThat(reservations.recordDispute(paid.id(), closed("du_1", "lost"), T0.plusSeconds(10))).isTrue();

            Reservation now = reservations.findById(paid.id()).orElseThrow();
            assertThat(now.dispute()).isEqualTo(closed("du_1", "lost"));
            assertThat(Objects.requireNonNull(now.dispute()).closed()).isTrue();
            assertThat(now.status()).isEqualTo(PAID);
            assertThat(outbox.disputeNoticeAttempts(paid.id())).isZero();
            assertThat(outbox.findDisputeNoticesDue(T0.plusSeconds(10), 10)).containsExactly(now);
            // The opening's notice, still being sent, cannot finish over the closing's.
            assertThat(outbox.finishDisputeNotice(paid.id(), "needs_response", 0, null)).isFalse();
            assertThat(outbox.claimDisputeNotice(paid.id(), "needs_response", T0.plusSeconds(10), T0.plusSeconds(70)))
                    .isFalse();
        }

        @Test
        void anOpeningAfterTheClosingChangesNothing() {
            sejours.save(sejour("yoga", 5));
            Reservation paid = paid("yoga", 1);

            assertThat(reservations.recordDispute(paid.id(), closed("du_1", "won"), T0)).isTrue();
            assertThat(reservations.recordDispute(paid.id(), open("du_1"), T0)).isFalse();
            assertThat(reservations.recordDispute(paid.id(), closed("du_1", "won"), T0)).isFalse();

            assertThat(reservations.findById(paid.id()).orElseThrow().dispute()).isEqualTo(closed("du_1", "won"));
        }

        @Test
        void anotherDisputeDoesNotReplaceTheRecordedOne() {
            sejours.save(sejour("yoga", 5));
            Reservation paid = paid("yoga", 1);
            reservations.recordDispute(paid.id(), open("du_1"), T0);

            assertThat(reservations.recordDispute(paid.id(), closed("du_2", "lost"), T0)).isFalse();

            assertThat(reservations.findById(paid.id()).orElseThrow().dispute()).isEqualTo(open("du_1"));
        }

        @Test
        void anUnknownReservationRecordsNothing() {
            assertThat(reservations.recordDispute("res_missing", open("du_1"), T0)).isFalse();
            assertThat(outbox.findDisputeNoticesDue(T0, 10)).isEmpty();
        }

        @Test
        void withoutADueTimeNoNoticeIsOwed() {
            sejours.save(sejour("yoga", 5));
            Reservation paid = paid("yoga", 1);

            assertThat(reservations.recordDispute(paid.id(), open("du_1"), null)).isTrue();

            assertThat(reservations.findById(paid.id()).orElseThrow().dispute()).isEqualTo(open("du_1"));
            assertThat(outbox.findDisputeNoticesDue(T0.plusSeconds(86_400), 10)).isEmpty();
            assertThat(outbox.claimDisputeNotice(paid.id(), "needs_response", T0, T0.plusSeconds(60))).isFalse();
        }

        @Test
        void aNoticeClaimIsExclusiveUntilItEndsAndAFailureBacksOff() {
            sejours.save(sejour("yoga", 5));
            Reservation paid = paid("yoga", 1);
            reservations.recordDispute(paid.id(), open("du_1"), T0);

            assertThat(outbox.claimDisputeNotice(paid.id(), "needs_response", T0, T0.plusSeconds(60))).isTrue();
            assertThat(outbox.claimDisputeNotice(paid.id(), "needs_response", T0.plusSeconds(59), T0.plusSeconds(90)))
                    .isFalse();
            assertThat(outbox.findDisputeNoticesDue(T0.plusSeconds(59), 10)).isEmpty();
            assertThat(outbox.claimDisputeNotice(paid.id(), "under_review", T0.plusSeconds(60), T0.plusSeconds(90)))
                    .isFalse();

            assertThat(outbox.finishDisputeNotice(paid.id(), "needs_response", 1, T0.plusSeconds(300))).isTrue();

            assertThat(outbox.disputeNoticeAttempts(paid.id())).isEqualTo(1);
            assertThat(outbox.findDisputeNoticesDue(T0.plusSeconds(299), 10)).isEmpty();
            assertThat(outbox.findDisputeNoticesDue(T0.plusSeconds(300), 10)).extracting(Reservation::id)
                    .containsExactly(paid.id());
            assertThat(outbox.claimDisputeNotice(paid.id(), "needs_response", T0.plusSeconds(300), T0.plusSeconds(360)))
                    .isTrue();
            assertThat(outbox.finishDisputeNotice(paid.id(), "needs_response", 1, null)).isTrue();

            assertThat(outbox.findDisputeNoticesDue(T0.plusSeconds(86_400), 10)).isEmpty();
            assertThat(outbox.finishDisputeNotice(paid.id(), "needs_response", 1, null)).isFalse();
        }

        @Test
        void noticesDueComeEarliestFirst() {
            sejours.save(sejour("yoga", 5));
            Reservation first = paid("yoga", 1);
            Reservation second = paid("yoga", 1);
            reservations.recordDispute(second.id(), open("du_2"), T0);
            reservations.recordDispute(first.id(), open("du_1"), T0.plusSeconds(5));

            assertThat(outbox.findDisputeNoticesDue(T0.plusSeconds(5), 10)).extracting(Reservation::id)
                    .containsExactly(second.id(), first.id());
            assertThat(outbox.findDisputeNoticesDue(T0.plusSeconds(5), 1)).extracting(Reservation::id)
                    .containsExactly(second.id());
        }

        @Test
        void aTransitionKeepsTheDispute() {
            sejours.save(sejour("yoga", 5));
            Reservation paid = paid("yoga", 2);
            reservations.recordDispute(paid.id(), closed("du_1", "lost"), null);

            assertThat(reservations.transition(Transition.of(paid.id(), PAID, REFUNDED, 2, T0)))
                    .isEqualTo(TransitionOutcome.APPLIED);

            Reservation refunded = reservations.findById(paid.id()).orElseThrow();
            assertThat(refunded.status()).isEqualTo(REFUNDED);
            assertThat(refunded.dispute()).isEqualTo(closed("du_1", "lost"));
            assertThat(reservations.findBySejour("yoga", REFUNDED, null, 10)).containsExactly(refunded);
        }

        @Test
        void aDisputeAtTheLengthsTheLibraryRecordsWithAnyCharacterIsHeldAsItIs() {
            sejours.save(sejour("yoga", 5));
            Reservation paid = paid("yoga", 1);
            // The longest of each field the library records (Dispute.MAX_*), with accents and emoji.
            String reason = Dispute.clip("fraude présumée 🙂 ".repeat(20));
            String status = "é".repeat(Dispute.MAX_STATUS_LENGTH);
            String id = "du_" + "x".repeat(Dispute.MAX_ID_LENGTH - 3);
            Dispute dispute = new Dispute(id, status, reason, Money.of(Long.MAX_VALUE, "usd"), opened, null);

            assertThat(reservations.recordDispute(paid.id(), dispute, T0)).isTrue();

            assertThat(reservations.findById(paid.id()).orElseThrow().dispute()).isEqualTo(dispute);
        }

        @Test
        void racingOpeningsAndClosingsEndClosedAndApplyTheClosingOnce() throws Exception {
            sejours.save(sejour("yoga", 5));
            Reservation paid = paid("yoga", 1);
            int threads = Math.min(raceThreads(), 16);
            ReservationStore other = secondInstance();
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                ReservationStore store = k % 2 == 0 ? reservations : other;
                Dispute news = k % 2 == 0 ? open("du_1") : closed("du_1", "won");
                tasks.add(() -> store.recordDispute(paid.id(), news, T0));
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            int closings = 0;
            int applied = 0;
            try {
                List<Future<Boolean>> results = pool.invokeAll(tasks);
                for (int k = 0; k < threads; k++) {
                    if (results.get(k).get()) {
                        applied++;
                        closings += k % 2;
                    }
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(closings).isEqualTo(1);
            assertThat(applied).isBetween(1, 2);
            assertThat(reservations.findById(paid.id()).orElseThrow().dispute()).isEqualTo(closed("du_1", "won"));
        }
    }

    Reservation held(String slug, int places) {
        return held(pending(slug, places));
    }

    Reservation held(Reservation hold) {
        assertThat(reservations.insertHold(hold)).isEqualTo(HoldOutcome.HELD);
        return hold;
    }

    Reservation paid(String slug, int places) {
        Reservation hold = held(slug, places);
        String intent = "pi_" + hold.id();
        assertThat(reservations.transition(new Transition(hold.id(), PENDING, PAID, 0, null, intent, T0)))
                .isEqualTo(TransitionOutcome.APPLIED);
        return reservations.findById(hold.id()).orElseThrow();
    }

    /** What the organiser's side asks of a store: a séjour's reservations, paged; places changed by delta. */
    @Nested
    class OrganiserSide {

        private Reservation heldAt(String slug, int places, Instant createdAt, String id) {
            Reservation hold = Reservation.pending(id, slug, new Buyer("Martin", "Léa", "lea@example.com"), places,
                    Money.of(45_000L * places, "eur"), createdAt, createdAt.plusSeconds(1860));
            assertThat(reservations.insertHold(hold)).isEqualTo(HoldOutcome.HELD);
            return reservations.findById(id).orElseThrow();
        }

        /** Places held and paid, counted from the organiser's listing. */
        private int occupied(String slug) {
            int occupied = 0;
            for (Reservation r : allOf(slug, null)) {
                occupied += r.status() == PENDING || r.status() == PAID ? r.places() : 0;
            }
            return occupied;
        }

        private List<Reservation> allOf(String slug, dev.sejour.booking.@Nullable ReservationStatus status) {
            List<Reservation> all = new ArrayList<>();
            dev.sejour.booking.spi.ReservationCursor after = null;
            while (true) {
                List<Reservation> page = reservations.findBySejour(slug, status, after, 3);
                all.addAll(page);
                if (page.size() < 3) {
                    return all;
                }
                after = dev.sejour.booking.spi.ReservationCursor.after(page.get(page.size() - 1));
            }
        }

        /** The store's counts per status, every status present ({@link StatusCount#NONE} when absent). */
        private java.util.Map<dev.sejour.booking.ReservationStatus, StatusCount> counted(String slug) {
            java.util.Map<dev.sejour.booking.ReservationStatus, StatusCount> counts = reservations.countBySejour(slug);
            java.util.Map<dev.sejour.booking.ReservationStatus, StatusCount> all =
                    new java.util.EnumMap<>(dev.sejour.booking.ReservationStatus.class);
            for (dev.sejour.booking.ReservationStatus status : dev.sejour.booking.ReservationStatus.values()) {
                all.put(status, counts.getOrDefault(status, StatusCount.NONE));
            }
            return all;
        }

        @Test
        void reservationsAreCountedPerStatusAsTheListingShowsThem() {
            sejours.save(sejour("yoga", 50));
            sejours.save(sejour("other", 50));
            paid("yoga", 2);
            paid("yoga", 1);
            held("yoga", 3);
            Reservation expired = held("yoga", 4);
            reservations.transition(Transition.of(expired.id(), PENDING, EXPIRED, 4, T0));
            Reservation refunded = paid("yoga", 5);
            reservations.transition(Transition.of(refunded.id(), PAID, REFUNDED, 5, T0));
            held("other", 7);

            java.util.Map<dev.sejour.booking.ReservationStatus, StatusCount> counts = counted("yoga");

            assertThat(counts.get(PAID)).isEqualTo(new StatusCount(2, 3));
            assertThat(counts.get(PENDING)).isEqualTo(new StatusCount(1, 3));
            assertThat(counts.get(EXPIRED)).isEqualTo(new StatusCount(1, 4));
            assertThat(counts.get(REFUNDED)).isEqualTo(new StatusCount(1, 5));
            assertThat(counts.get(FAILED)).isEqualTo(StatusCount.NONE);
            java.util.Map<dev.sejour.booking.ReservationStatus, StatusCount> listed =
                    new java.util.EnumMap<>(dev.sejour.booking.ReservationStatus.class);
            for (dev.sejour.booking.ReservationStatus status : dev.sejour.booking.ReservationStatus.values()) {
                List<Reservation> ofStatus = allOf("yoga", status);
                listed.put(status, new StatusCount(ofStatus.size(),
                        ofStatus.stream().mapToInt(Reservation::places).sum()));
            }
            assertThat(counts).isEqualTo(listed);
            assertThat(counted("other").get(PENDING)).isEqualTo(new StatusCount(1, 7));
            assertThat(counted("nowhere")).allSatisfy((status, count) -> assertThat(count).isEqualTo(StatusCount.NONE));
        }

        @Test
        void aSejoursReservationsArePagedByCreationTimeThenIdWithoutGapsOrRepeats() {
            sejours.save(sejour("yoga", 50));
            sejours.save(sejour("other", 50));
            heldAt("other", 1, T0, "res_other0000000000000000000000");
            List<String> expected = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                // Two reservations share each creation time, stored in the reverse of their id order: the id
                // breaks the tie.
                Instant at = T0.plusSeconds(60L * k);
                heldAt("yoga", 1, at, "res_b" + k);
                heldAt("yoga", 1, at, "res_a" + k);
                expected.add("res_a" + k);
                expected.add("res_b" + k);
            }

            List<Reservation> listed = allOf("yoga", null);

            assertThat(listed).extracting(Reservation::id).containsExactlyElementsOf(expected);
            assertThat(listed).allSatisfy(r -> assertThat(r.sejourSlug()).isEqualTo("yoga"));
        }

        @Test
        void aStatusFilterListsOnlyThatStatus() {
            sejours.save(sejour("yoga", 10));
            Reservation kept = paid("yoga", 2);
            Reservation released = pending("yoga", 1);
            reservations.insertHold(released);
            reservations.transition(Transition.of(released.id(), PENDING, EXPIRED, 1, T0));

            assertThat(reservations.findBySejour("yoga", PAID, null, 10)).extracting(Reservation::id)
                    .containsExactly(kept.id());
            assertThat(reservations.findBySejour("yoga", EXPIRED, null, 10)).extracting(Reservation::id)
                    .containsExactly(released.id());
            assertThat(reservations.findBySejour("yoga", REFUNDED, null, 10)).isEmpty();
            assertThat(reservations.findBySejour("unknown", null, null, 10)).isEmpty();
        }

        @Test
        void placesAreAddedAndTakenOffSaleDownToZeroButNoFurther() {
            sejours.save(sejour("yoga", 5));
            paid("yoga", 2);

            assertThat(sejours.adjustPlaces("yoga", 4)).map(dev.sejour.booking.Sejour::placesLeft).contains(7);
            assertThat(sejours.adjustPlaces("yoga", -7)).map(dev.sejour.booking.Sejour::placesLeft).contains(0);
            assertThat(sejours.adjustPlaces("yoga", -1)).isEmpty();
            assertThat(placesLeft("yoga")).isZero();
            assertThat(occupied("yoga")).isEqualTo(2);
            assertThat(sejours.adjustPlaces("unknown", 1)).isEmpty();
            assertThat(sejours.findBySlug("unknown")).isEmpty();
        }

        @Test
        void aRefusedReductionChangesNothingAndKeepsTitleAndPrice() {
            dev.sejour.booking.Sejour yoga = sejour("yoga", 3);
            sejours.save(yoga);

            assertThat(sejours.adjustPlaces("yoga", -4)).isEmpty();
            assertThat(sejours.adjustPlaces("yoga", 0)).contains(yoga);

            assertThat(sejours.findBySlug("yoga")).contains(yoga);
        }

        @Test
        void capacityChangesRacingHoldsNeverOversellNorTakeHeldPlaces() throws Exception {
            sejours.save(sejour("yoga", 20));

            List<Integer> applied = race(raceThreads(), i -> {
                if (i % 2 == 0) {
                    return reservations.insertHold(pending("yoga", 1)) == HoldOutcome.HELD ? 0 : null;
                }
                int delta = i % 4 == 1 ? -3 : 2;
                return sejours.adjustPlaces("yoga", delta).isPresent() ? delta : null;
            });

            int added = applied.stream().filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).sum();
            assertThat(placesLeft("yoga")).isNotNegative();
            assertThat(placesLeft("yoga") + occupied("yoga")).isEqualTo(20 + added);
        }
    }

    @FunctionalInterface
    interface Racer<T> {
        @Nullable T run(int index) throws Exception;
    }

    /** Starts all racers at once and answers their results; fails if one throws or the race hangs. */
    <T> List<T> race(int threads, Racer<T> racer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Callable<T> task = () -> {
                    ready.countDown();
                    go.await();
                    return racer.run(index);
                };
                futures.add(pool.submit(task));
            }
            ready.await(30, TimeUnit.SECONDS);
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}

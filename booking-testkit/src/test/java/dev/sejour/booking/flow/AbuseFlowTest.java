package dev.sejour.booking.flow;

import static dev.sejour.booking.ReservationStatus.EXPIRED;
import static dev.sejour.booking.ReservationStatus.PAID;
import static dev.sejour.booking.ReservationStatus.PENDING;
import static dev.sejour.booking.ReservationStatus.REFUNDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sejour.booking.CheckoutAlreadyPaidException;
import dev.sejour.booking.CheckoutRequest;
import dev.sejour.booking.CheckoutSession;
import dev.sejour.booking.ErrorCode;
import dev.sejour.booking.NotEnoughPlacesException;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.SweepReport;
import dev.sejour.booking.TooManyPendingCheckoutsException;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.testkit.stripe.Fault;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What a hostile or confused buyer can do with holds: the limit, resuming, replacing, short holds. */
class AbuseFlowTest extends FlowFixture {

    static final String SURF = "surf";
    static final String SKI = "ski";
    static final String ZOE = "zoe@exemple.fr";

    @BeforeEach
    void moreSejours() {
        stores.sejours().save(new Sejour(SURF, "Surf", PRICE, 5));
        stores.sejours().save(new Sejour(SKI, "Ski", PRICE, 5));
    }

    CheckoutSession checkout(String slug, int places, String email) {
        return booking.startCheckout(new CheckoutRequest(slug, places, email, "Martin", "Zoé"));
    }

    int sessionsCreated() {
        return (int) stripe.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/v1/checkout/sessions")).count();
    }

    @Nested
    class PerBuyerLimit {

        @Test
        void aThirdPendingCheckoutOfOneAddressIsRefusedAndHoldsNothing() {
            checkout(SLUG, 1, ZOE);
            checkout(SURF, 1, "  Zoe@Exemple.FR ");

            assertThatThrownBy(() -> checkout(SKI, 1, "ZOE@exemple.fr"))
                    .isInstanceOf(TooManyPendingCheckoutsException.class)
                    .hasMessageContaining("2 checkout(s) in progress")
                    .extracting(e -> ((TooManyPendingCheckoutsException) e).errorCode())
                    .isEqualTo(ErrorCode.TOO_MANY_PENDING_CHECKOUTS);

            assertThat(stores.sejours().findBySlug(SKI).orElseThrow().placesLeft()).isEqualTo(5);
            assertThat(sessionsCreated()).isEqualTo(2);
        }

        @Test
        void theLimitIsASetting() {
            booking = configure(b -> b.maxPendingCheckoutsPerEmail(1));
            checkout(SLUG, 1, ZOE);

            assertThatThrownBy(() -> checkout(SURF, 1, ZOE)).isInstanceOf(TooManyPendingCheckoutsException.class);
        }

        @Test
        void aFinishedCheckoutFreesItsSlot() {
            CheckoutSession paid = checkout(SLUG, 1, ZOE);
            checkout(SURF, 1, ZOE);
            deliver(stripe.pay(paid.stripeSessionId()));

            assertThat(checkout(SKI, 1, ZOE).resumed()).isFalse();
        }

        @Test
        void parallelCheckoutsOfOneAddressNeverExceedTheLimit() throws Exception {
            List<Object> outcomes = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(12);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    String slug = List.of(SLUG, SURF, SKI).get(i % 3);
                    futures.add(pool.submit(() -> {
                        try {
                            outcomes.add(checkout(slug, 1, ZOE));
                        } catch (RuntimeException e) {
                            outcomes.add(e);
                        }
                    }));
                }
                for (Future<?> future : futures) {
                    future.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(stores.reservations().findPendingByBuyer(ZOE)).hasSizeLessThanOrEqualTo(2);
            assertThat(outcomes).filteredOn(o -> o instanceof CheckoutSession).isNotEmpty();
        }
    }

    @Nested
    class ResumeOrReplace {

        @Test
        void theSameCheckoutAgainResumesTheOpenSessionWithoutANewHold() {
            CheckoutSession first = checkout(SLUG, 2, ZOE);

            CheckoutSession again = checkout(SLUG, 2, "Zoe@exemple.fr");

            assertThat(again.resumed()).isTrue();
            assertThat(again.reservationId()).isEqualTo(first.reservationId());
            assertThat(again.url()).isEqualTo(first.url());
            assertThat(sessionsCreated()).isEqualTo(1);
            assertPlacesLeft(CAPACITY - 2);
        }

        @Test
        void otherPlacesReplaceTheEarlierCheckoutWhoseSessionEndsAtStripe() {
            CheckoutSession first = checkout(SLUG, 2, ZOE);

            CheckoutSession bigger = checkout(SLUG, 3, ZOE);

            assertThat(bigger.resumed()).isFalse();
            assertThat(stripe.session(first.stripeSessionId()).status()).isEqualTo("expired");
            assertThat(reservation(first).status()).isEqualTo(EXPIRED);
            assertThat(reservation(bigger).status()).isEqualTo(PENDING);
            assertPlacesLeft(CAPACITY - 3);
        }

        @Test
        void aBuyerWhoHeldTheLastPlacesCanStartAgain() {
            CheckoutSession all = checkout(SLUG, CAPACITY, ZOE);
            assertPlacesLeft(0);

            CheckoutSession fewer = checkout(SLUG, CAPACITY - 1, ZOE);

            assertThat(reservation(all).status()).isEqualTo(EXPIRED);
            assertThat(reservation(fewer).status()).isEqualTo(PENDING);
            assertPlacesLeft(1);
            assertThat(reservation(checkout(1)).status()).as("another buyer gets the one left").isEqualTo(PENDING);
            assertPlacesLeft(0);
        }

        @Test
        void aReplacementDoesNotCountAgainstTheLimit() {
            booking = configure(b -> b.maxPendingCheckoutsPerEmail(1));
            checkout(SLUG, 2, ZOE);

            assertThat(checkout(SLUG, 1, ZOE).resumed()).isFalse();
            assertThat(stores.reservations().findPendingByBuyer(ZOE)).hasSize(1);
        }

        @Test
        void anEarlierCheckoutPaidMeanwhileIsFulfilledAndNothingNewIsHeld() {
            CheckoutSession first = checkout(SLUG, 2, ZOE);
            stripe.pay(first.stripeSessionId()); // its webhook has not come yet

            assertThatThrownBy(() -> checkout(SLUG, 3, ZOE)).isInstanceOf(CheckoutAlreadyPaidException.class)
                    .extracting(e -> ((CheckoutAlreadyPaidException) e).reservationId()).isEqualTo(first.reservationId());

            assertThat(reservation(first).status()).isEqualTo(PAID);
            assertThat(settled().delivered()).hasSize(1);
            assertThat(sessionsCreated()).isEqualTo(1);
            assertPlacesLeft(CAPACITY - 2);
        }

        @Test
        void aDelayedPaymentUnderWayKeepsItsPlacesBesideTheNewCheckout() {
            CheckoutSession first = checkout(SLUG, 2, ZOE);
            deliver(stripe.payWithDelayedMethod(first.stripeSessionId()));

            CheckoutSession second = checkout(SLUG, 2, ZOE);

            assertThat(second.reservationId()).isNotEqualTo(first.reservationId());
            assertThat(reservation(first).status()).isEqualTo(PENDING);
            assertPlacesLeft(CAPACITY - 4);
        }

        @Test
        void anotherBuyersCheckoutIsNeverTouched() {
            CheckoutSession marc = checkout(SLUG, 2, "marc@exemple.fr");

            checkout(SLUG, 2, ZOE);

            assertThat(reservation(marc).status()).isEqualTo(PENDING);
            assertThat(stripe.session(marc.stripeSessionId()).isOpen()).isTrue();
        }
    }

    @Nested
    class CheapRefusals {

        @Test
        void aSoldOutSejourIsRefusedWithoutAWriteOrAStripeCall() {
            checkout(CAPACITY - 1);
            List<String> writes = new CopyOnWriteArrayList<>();
            ReservationStore counted = counting(stores.reservations(), writes);
            booking = configure(b -> b.stores(stores.sejours(), counted));
            int requests = stripe.requests().size();

            for (int i = 0; i < 20; i++) {
                assertThatThrownBy(() -> checkout(2)).isInstanceOf(NotEnoughPlacesException.class);
            }

            assertThat(writes).isEmpty();
            assertThat(stripe.requests()).hasSize(requests);
            assertPlacesLeft(1);
        }

        private ReservationStore counting(ReservationStore store, List<String> writes) {
            return (ReservationStore) Proxy.newProxyInstance(ReservationStore.class.getClassLoader(),
                    // The store and its notification outbox, as one object like the real store.
                    new Class<?>[] {ReservationStore.class, NotificationOutbox.class}, (proxy, method, args) -> {
                        if (!method.getName().startsWith("find") && !method.getName().equals("countPlaces")) {
                            writes.add(method.getName());
                        }
                        try {
                            return method.invoke(store, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    @Nested
    class BoundedStripeLookups {

        long retrieves(String sessionId) {
            return stripe.requests().stream()
                    .filter(r -> r.method().equals("GET") && r.path().equals("/v1/checkout/sessions/" + sessionId))
                    .count();
        }

        @Test
        void aBurstOfLookupsOfAPendingReservationAsksStripeOncePerInterval() throws Exception {
            CheckoutSession checkout = checkout(2);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> burst = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    burst.add(pool.submit(() -> booking.findReservation(checkout.stripeSessionId())));
                }
                for (Future<?> lookup : burst) {
                    assertThat(lookup.get(60, TimeUnit.SECONDS)).extracting("status").isEqualTo(PENDING);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(retrieves(checkout.stripeSessionId())).isEqualTo(1);

            clock.advance(Duration.ofSeconds(4));
            booking.findReservation(checkout.stripeSessionId());
            assertThat(retrieves(checkout.stripeSessionId())).isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
            booking.findReservation(checkout.stripeSessionId());
            assertThat(retrieves(checkout.stripeSessionId())).isEqualTo(2);
        }

        @Test
        void aPaymentIsSeenAtTheNextLookupAfterTheInterval() {
            CheckoutSession checkout = checkout(2);
            booking.findReservation(checkout.stripeSessionId());
            stripe.pay(checkout.stripeSessionId()); // its webhook has not come

            assertThat(booking.findReservation(checkout.stripeSessionId()).status()).as("from the store")
                    .isEqualTo(PENDING);
            clock.advance(Duration.ofSeconds(5));
            assertThat(booking.findReservation(checkout.stripeSessionId()).status()).isEqualTo(PAID);
            assertThat(retrieves(checkout.stripeSessionId())).isEqualTo(2);
        }

        @Test
        void theIntervalIsASetting() {
            booking = configure(b -> b.stripeLookupInterval(Duration.ofSeconds(30)));
            CheckoutSession checkout = checkout(2);
            booking.findReservation(checkout.stripeSessionId());
            clock.advance(Duration.ofSeconds(29));
            booking.findReservation(checkout.stripeSessionId());

            assertThat(retrieves(checkout.stripeSessionId())).isEqualTo(1);
        }
    }

    @Nested
    class PaymentMethods {

        @Test
        void theBuilderMayRestrictThePaymentMethodTypes() {
            booking = configure(b -> b.paymentMethodTypes("card", "link"));

            checkout(1);

            var create = stripe.requests().stream().filter(r -> r.path().equals("/v1/checkout/sessions"))
                    .findFirst().orElseThrow();
            assertThat(create.param("payment_method_types[0]")).isEqualTo("card");
            assertThat(create.param("payment_method_types[1]")).isEqualTo("link");
        }

        @Test
        void byDefaultStripeChoosesFromTheDashboard() {
            checkout(1);

            var create = stripe.requests().stream().filter(r -> r.path().equals("/v1/checkout/sessions"))
                    .findFirst().orElseThrow();
            assertThat(create.param("payment_method_types[0]")).isNull();
        }
    }

    @Nested
    class ShortHolds {

        @BeforeEach
        void fiveMinuteHolds() {
            booking = configure(b -> b.holdDuration(Duration.ofMinutes(5)));
        }

        @Test
        void theSessionOutlivesStripesMinimumAndTheSweeperEndsItWithTheHold() {
            CheckoutSession checkout = checkout(3);
            assertThat(checkout.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
            assertThat(stripe.session(checkout.stripeSessionId()).expiresAt())
                    .isEqualTo(clock.instant().plus(Duration.ofMinutes(31)));
            clock.advance(Duration.ofMinutes(4));
            assertThat(booking.releaseExpiredHolds()).isEqualTo(new SweepReport(0, 0, 0, 0));

            clock.advance(Duration.ofMinutes(2));
            SweepReport report = booking.releaseExpiredHolds();

            assertThat(report.released()).isEqualTo(1);
            assertThat(stripe.session(checkout.stripeSessionId()).status()).isEqualTo("expired");
            assertThat(reservation(checkout).status()).isEqualTo(EXPIRED);
            assertPlacesLeft(CAPACITY);
        }

        @Test
        void aPaymentJustBeforeTheSweeperIsFulfilled() {
            CheckoutSession checkout = checkout(3);
            clock.advance(Duration.ofMinutes(6));
            stripe.pay(checkout.stripeSessionId()); // after the hold's end, before the sweeper's run

            assertThat(booking.releaseExpiredHolds().fulfilled()).isEqualTo(1);

            assertThat(reservation(checkout).status()).isEqualTo(PAID);
            assertPlacesLeft(CAPACITY - 3);
        }

        @Test
        void aPaymentAfterTheReleaseTakesPlacesIfAnyAreLeft() {
            CheckoutSession checkout = checkout(3);
            clock.advance(Duration.ofMinutes(6));
            // Stripe refuses the expiry (as if the buyer were confirming the payment at that instant):
            // the places go back while the session can still be paid.
            stripe.enqueueFault(Fault.status(400).forPath("/v1/checkout/sessions/" + checkout.stripeSessionId()
                    + "/expire"));
            assertThat(booking.releaseExpiredHolds().released()).isEqualTo(1);
            assertPlacesLeft(CAPACITY);

            deliver(stripe.pay(checkout.stripeSessionId()));

            assertThat(reservation(checkout).status()).isEqualTo(PAID);
            assertPlacesLeft(CAPACITY - 3);
        }

        @Test
        void aPaymentAfterTheReleaseIsRefundedWhenThePlacesAreGone() {
            CheckoutSession checkout = checkout(3);
            clock.advance(Duration.ofMinutes(6));
            stripe.enqueueFault(Fault.status(400).forPath("/v1/checkout/sessions/" + checkout.stripeSessionId()
                    + "/expire"));
            booking.releaseExpiredHolds();
            checkout(CAPACITY - 1);

            deliver(stripe.pay(checkout.stripeSessionId()));

            assertThat(reservation(checkout).status()).isEqualTo(REFUNDED);
            assertThat(stripe.refunds()).hasSize(1);
            assertPlacesLeft(1);
        }
    }
}

package dev.sejour.booking;

import dev.sejour.booking.spi.ReservationStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the places of holds whose time ran out and whose Stripe events never came. Before releasing
 * a hold it asks Stripe: a payment whose webhook was lost is fulfilled, an open session is expired first
 * so nobody can pay for places that went back on sale.
 */
final class HoldSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(HoldSweeper.class);

    private final ReservationStore reservations;
    private final StripeGateway stripe;
    private final Fulfilment fulfilment;
    private static final Duration DELAYED_PAYMENT_RECHECK = Duration.ofHours(1);

    private final Duration holdDuration;
    private final Duration delayedPaymentGrace;
    private final int batchSize;

    HoldSweeper(ReservationStore reservations, StripeGateway stripe, Fulfilment fulfilment, Duration holdDuration,
                Duration delayedPaymentGrace, int batchSize) {
        this.reservations = reservations;
        this.stripe = stripe;
        this.fulfilment = fulfilment;
        this.holdDuration = holdDuration;
        this.delayedPaymentGrace = delayedPaymentGrace;
        this.batchSize = batchSize;
    }

    SweepReport sweep(Instant now) {
        int repaired = reservations.repair(now);
        int released = 0;
        int fulfilled = 0;
        int deferred = 0;
        for (Reservation hold : reservations.findExpiredHolds(now, batchSize)) {
            try {
                switch (settle(hold, now)) {
                    case RELEASED -> released++;
                    case FULFILLED -> fulfilled++;
                    case DEFERRED -> deferred++;
                    case UNCHANGED -> { }
                }
            } catch (PaymentProviderException e) {
                deferred++;
            } catch (RuntimeException e) {
                deferred++;
                LOG.warn("Could not settle expired hold {}", hold.id(), e);
            }
        }
        if (released + fulfilled + deferred + repaired > 0) {
            LOG.info("Expired holds: {} released, {} fulfilled, {} deferred, {} repaired", released, fulfilled,
                    deferred, repaired);
        }
        return new SweepReport(released, fulfilled, deferred, repaired);
    }

    enum Settlement { RELEASED, FULFILLED, DEFERRED, UNCHANGED }

    /**
     * Settles one pending hold with Stripe now: fulfils it if paid, keeps it while a delayed payment is
     * under way, otherwise expires its session and releases its places.
     */
    Settlement settle(Reservation hold, Instant now) {
        if (hold.stripeSessionId() == null) {
            // No session was ever attached: nobody was sent to pay. A payment made through a session
            // created just before a crash would still find the reservation by its metadata, as a late payment.
            return released(fulfilment.release(hold, ReservationStatus.EXPIRED));
        }
        Optional<SessionState> state = stripe.retrieveSession(hold.stripeSessionId());
        if (state.isPresent() && state.get().isOpen()) {
            state = stripe.expireSession(hold.stripeSessionId());
        }
        if (state.isEmpty()) {
            return released(fulfilment.release(hold, ReservationStatus.EXPIRED));
        }
        SessionState session = state.get();
        if (session.isPaid()) {
            fulfilment.paid(session);
            return Settlement.FULFILLED;
        }
        Instant graceEnd = hold.createdAt().plus(holdDuration).plus(delayedPaymentGrace);
        if (session.isComplete() && now.isBefore(graceEnd)) {
            // A delayed method (SEPA, ACH) is processing: its result comes as an async event. Look again
            // later, not at every run, so that such holds do not crowd out the newly expired ones.
            Instant nextLook = now.plus(DELAYED_PAYMENT_RECHECK);
            reservations.extendHold(hold.id(), nextLook.isBefore(graceEnd) ? nextLook : graceEnd);
            return Settlement.DEFERRED;
        }
        return released(fulfilment.release(hold, session.isComplete() ? ReservationStatus.FAILED
                : ReservationStatus.EXPIRED));
    }

    private static Settlement released(boolean applied) {
        return applied ? Settlement.RELEASED : Settlement.UNCHANGED;
    }
}

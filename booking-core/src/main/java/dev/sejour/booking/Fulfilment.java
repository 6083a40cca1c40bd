package dev.sejour.booking;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sejour.booking.WebhookResult.Disposition;
import dev.sejour.booking.spi.HoldOutcome;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import dev.sejour.booking.spi.StoreException;
import dev.sejour.booking.spi.Transition;
import dev.sejour.booking.spi.TransitionOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reservation state machine. Every change is a compare-and-set in the store; when another
 * instance or a duplicate event moved the reservation first, the step re-reads it and decides again, so
 * the same news applied twice, or in any order, ends in the same state.
 */
final class Fulfilment {

    private static final Logger LOG = LoggerFactory.getLogger(Fulfilment.class);
    // A reservation has five statuses and moves forward only; more rounds than this means a store bug.
    private static final int MAX_ROUNDS = 8;

    record Outcome(Disposition disposition, @Nullable String reservationId) {
        static Outcome ignored() {
            return new Outcome(Disposition.IGNORED, null);
        }
    }

    private final ReservationStore reservations;
    private final SejourStore sejours;
    private final StripeGateway stripe;
    private final NotificationDispatcher notifications;
    private final LatePaymentPolicy latePaymentPolicy;
    private final Clock clock;

    Fulfilment(ReservationStore reservations, SejourStore sejours, StripeGateway stripe,
               NotificationDispatcher notifications, LatePaymentPolicy latePaymentPolicy, Clock clock) {
        this.reservations = reservations;
        this.sejours = sejours;
        this.stripe = stripe;
        this.notifications = notifications;
        this.latePaymentPolicy = latePaymentPolicy;
        this.clock = clock;
    }

    /**
     * A paid session as a webhook's payload shows it (at the endpoint's API version). When the payload
     * unambiguously matches a reservation still pending, or already paid by it, that is applied without
     * asking Stripe; anything else (another amount, another session, a late payment, an unknown
     * reservation naming ours) is decided by {@link #paid} on the session retrieved from Stripe at the
     * library's pinned version, as the success page and the sweeper decide: the paths cannot disagree.
     */
    Outcome paidFromEvent(SessionState payload) {
        Optional<Reservation> found = locate(payload);
        if (found.isPresent() && belongsTo(found.get(), payload) && payload.charges(found.get().amount())) {
            Reservation reservation = found.get();
            switch (reservation.status()) {
                case PENDING -> {
                    Transition pay = transition(reservation, ReservationStatus.PENDING, ReservationStatus.PAID, 0,
                            payload);
                    if (reservations.transition(pay) == TransitionOutcome.APPLIED) {
                        LOG.info("Reservation {} paid (session {})", reservation.id(), payload.id());
                        return notified(pay.applyTo(reservation));
                    }
                    // It moved meanwhile (released?): what happens now is irreversible, ask Stripe.
                }
                case PAID -> {
                    notifications.submitIfDue(reservation);
                    return new Outcome(Disposition.DUPLICATE, reservation.id());
                }
                case REFUNDED -> {
                    return new Outcome(Disposition.DUPLICATE, reservation.id());
                }
                case EXPIRED, FAILED -> {
                    // A late payment: places or a refund, decided on the retrieved session.
                }
            }
        } else if (found.isEmpty() && !LibraryMetadata.namesReservation(payload)) {
            LOG.info("Paid session {} belongs to no reservation of this application: ignored", payload.id());
            return Outcome.ignored();
        }
        if (payload.id() == null) {
            return Outcome.ignored();
        }
        Optional<SessionState> retrieved = stripe.retrieveSession(payload.id());
        if (retrieved.isEmpty() || !retrieved.get().isPaid()) {
            LOG.warn("Session {} of a paid event is {} at Stripe: nothing decided", payload.id(),
                    retrieved.map(s -> "not paid (" + s.paymentStatus() + ")").orElse("unknown"));
            return new Outcome(Disposition.IGNORED, found.map(Reservation::id).orElse(null));
        }
        return paid(retrieved.get());
    }

    /**
     * The session, as retrieved from Stripe, is paid: the places become the buyer's, or the money goes back
     * if they cannot. A session naming a reservation the store does not know is rebuilt from its metadata
     * first (see {@link #restore}); one without the library's metadata is another application's payment.
     */
    Outcome paid(SessionState session) {
        Optional<Reservation> found = locate(session);
        if (found.isPresent()) {
            return settlePaid(found.get(), session);
        }
        if (!LibraryMetadata.namesReservation(session)) {
            LOG.info("Paid session {} belongs to no reservation of this application: ignored", session.id());
            return Outcome.ignored();
        }
        Optional<Reservation> rebuilt = LibraryMetadata.rebuild(session, clock.instant());
        if (rebuilt.isEmpty()) {
            LOG.error("Paid session {} names reservation {}, which the store does not know, but its metadata lacks {}:"
                    + " it cannot be rebuilt and the payment is kept; refund it from Stripe's dashboard if no place"
                    + " was given", session.id(), session.metadata().get(SessionState.METADATA_RESERVATION_ID),
                    LibraryMetadata.missing(session));
            return Outcome.ignored();
        }
        if (sejours.findBySlug(rebuilt.get().sejourSlug()).isEmpty()) {
            // No séjour to give places of (deleted since?): the money goes back, nothing to record it on.
            LOG.error("Paid session {} names reservation {} of séjour '{}', neither of which exists any more:"
                    + " refunding the payment", session.id(), rebuilt.get().id(), rebuilt.get().sejourSlug());
            if (session.paymentIntentId() != null) {
                stripe.refund(session.paymentIntentId(), rebuilt.get().id());
            }
            return new Outcome(Disposition.IGNORED, rebuilt.get().id());
        }
        if (session.paymentIntentId() != null && stripe.refundedInFull(session.paymentIntentId())) {
            // Refunded while the store did not know the reservation (from the dashboard, during the outage that
            // lost it): that refund's event found nothing to change and will not come again, so no place and no
            // confirmation for money that is back with the buyer.
            return restoreRefunded(rebuilt.get(), session);
        }
        Optional<Reservation> restored = restore(rebuilt.get());
        if (restored.isEmpty()) {
            // Another delivery of this payment stored it first and logged it: go on as a duplicate would.
            Reservation stored = reservations.findById(rebuilt.get().id()).orElseThrow(() -> new StoreException(
                    "reservation " + rebuilt.get().id() + " was neither stored here nor by another delivery"));
            return settlePaid(stored, session);
        }
        Reservation stored = restored.get();
        Outcome outcome = settlePaid(stored, session);
        LOG.error("Paid session {} named reservation {} ({} place(s) of '{}', {}, {}), which the store did not know:"
                + " rebuilt from the session's metadata, now {}", session.id(), stored.id(), stored.places(),
                stored.sejourSlug(), stored.amount(), stored.buyer().email(),
                reservations.findById(stored.id()).map(r -> r.status().code()).orElse("missing"));
        return outcome;
    }

    /**
     * Stores a rebuilt reservation so that the usual compare-and-sets settle it: holding its places if the
     * late-payment policy allows and they are left (then it is paid like any hold), otherwise as released,
     * holding none (then it goes through the late-payment policy: refunded). Two deliveries racing here
     * store it once: the loser gets empty and goes on with the winner's reservation.
     *
     * @return the reservation as stored by this call; empty if another delivery stored it first
     */
    private Optional<Reservation> restore(Reservation rebuilt) {
        if (latePaymentPolicy == LatePaymentPolicy.TAKE_PLACES_IF_AVAILABLE) {
            try {
                if (reservations.insertHold(rebuilt) == HoldOutcome.HELD) {
                    return Optional.of(rebuilt);
                }
            } catch (StoreException e) {
                // Most likely the id is taken by another delivery's rebuild; if not, the store failed.
                if (reservations.findById(rebuilt.id()).isPresent()) {
                    return Optional.empty();
                }
                throw e;
            }
        }
        Reservation released = rebuilt.withStatus(ReservationStatus.EXPIRED);
        return reservations.insertReleased(released) ? Optional.of(released) : Optional.empty();
    }

    /**
     * Stores a rebuilt reservation whose payment Stripe already refunded in full: released (holding no
     * place), then refunded with the usual compare-and-set, so the buyer is told of the refund once. A delivery
     * racing here finds the reservation stored and moves it on the same way.
     */
    private Outcome restoreRefunded(Reservation rebuilt, SessionState session) {
        // Stored refunded in one write: stored released first, a concurrent delivery of the same payment would
        // find it released and take places again as a late payment (a confirmation for refunded money).
        Reservation released = rebuilt.withStatus(ReservationStatus.REFUNDED)
                .withPaymentIntentId(session.paymentIntentId());
        boolean stored = reservations.insertReleased(released);
        if (stored) {
            notifications.submitIfDue(released);
        }
        Reservation current = stored ? released : reload(released);
        Outcome outcome = new Outcome(stored ? Disposition.APPLIED : Disposition.DUPLICATE, current.id());
        for (int round = 0; round < MAX_ROUNDS && current.status() != ReservationStatus.REFUNDED; round++) {
            // Paid only if another delivery rebuilt it before the refund: the places go back then.
            int places = current.status().occupiesPlaces() ? current.places() : 0;
            Transition refund = transition(current, current.status(), ReservationStatus.REFUNDED, places, session);
            if (reservations.transition(refund) == TransitionOutcome.APPLIED) {
                outcome = notified(refund.applyTo(current));
                break;
            }
            current = reload(current);
        }
        if (stored) {
            LOG.error("Paid session {} named reservation {} ({} place(s) of '{}', {}, {}), which the store did not"
                    + " know, and its payment was refunded already: rebuilt from the session's metadata as {}",
                    session.id(), released.id(), released.places(), released.sejourSlug(), released.amount(),
                    released.buyer().email(), ReservationStatus.REFUNDED.code());
        }
        return outcome;
    }

    private Outcome settlePaid(Reservation reservation, SessionState session) {
        if (!belongsTo(reservation, session) || !session.charges(reservation.amount())) {
            return refundForeignPayment(reservation, session);
        }
        boolean refunded = false;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            switch (reservation.status()) {
                case PENDING -> {
                    Transition pay = transition(reservation, ReservationStatus.PENDING, ReservationStatus.PAID, 0,
                            session);
                    if (reservations.transition(pay) == TransitionOutcome.APPLIED) {
                        LOG.info("Reservation {} paid (session {})", reservation.id(), session.id());
                        return notified(pay.applyTo(reservation));
                    }
                }
                case PAID -> {
                    if (!refunded) {
                        notifications.submitIfDue(reservation);
                        return new Outcome(Disposition.DUPLICATE, reservation.id());
                    }
                    // Refunded by this call while another delivery took the places: give them back.
                    Transition giveBack = transition(reservation, ReservationStatus.PAID, ReservationStatus.REFUNDED,
                            reservation.places(), session);
                    if (reservations.transition(giveBack) == TransitionOutcome.APPLIED) {
                        return notified(giveBack.applyTo(reservation));
                    }
                }
                case EXPIRED, FAILED -> {
                    if (session.paymentIntentId() == null) {
                        LOG.error("Late payment for reservation {} has no payment intent: cannot refund",
                                reservation.id());
                        return new Outcome(Disposition.IGNORED, reservation.id());
                    }
                    if (!refunded && latePaymentPolicy == LatePaymentPolicy.TAKE_PLACES_IF_AVAILABLE) {
                        Transition retake = transition(reservation, reservation.status(), ReservationStatus.PAID,
                                -reservation.places(), session);
                        TransitionOutcome taken = reservations.transition(retake);
                        if (taken == TransitionOutcome.APPLIED) {
                            LOG.info("Late payment for reservation {}: places taken again", reservation.id());
                            return notified(retake.applyTo(reservation));
                        }
                        if (taken == TransitionOutcome.STALE) {
                            reservation = reload(reservation);
                            continue;
                        }
                    }
                    if (!refunded) {
                        String refund = stripe.refund(session.paymentIntentId(), reservation.id());
                        refunded = true;
                        LOG.info("Late payment for reservation {} refunded ({}): no place left to give",
                                reservation.id(), refund);
                    }
                    Transition refund = transition(reservation, reservation.status(), ReservationStatus.REFUNDED, 0,
                            session);
                    if (reservations.transition(refund) == TransitionOutcome.APPLIED) {
                        return notified(refund.applyTo(reservation));
                    }
                }
                case REFUNDED -> {
                    return new Outcome(Disposition.DUPLICATE, reservation.id());
                }
            }
            reservation = reload(reservation);
        }
        throw new StoreException("reservation " + reservation.id() + " kept changing while being fulfilled");
    }

    /** A delayed payment failed: the places go back. */
    Outcome paymentFailed(SessionState session) {
        return releaseFor(session, ReservationStatus.FAILED);
    }

    /** The session expired unpaid: the places go back. */
    Outcome expired(SessionState session) {
        return releaseFor(session, ReservationStatus.EXPIRED);
    }

    /** Gives a pending reservation's places back; a no-op if it moved on meanwhile. */
    boolean release(Reservation reservation, ReservationStatus to) {
        return reservations.transition(Transition.of(reservation.id(), ReservationStatus.PENDING, to,
                reservation.places(), clock.instant())) == TransitionOutcome.APPLIED;
    }

    /** A charge was refunded outside the library (Stripe's dashboard): the reservation gives its places back. */
    Outcome chargeRefunded(JsonNode charge) {
        String paymentIntentId = SessionState.idOf(charge.get("payment_intent"));
        if (paymentIntentId == null) {
            return Outcome.ignored();
        }
        if (!charge.path("refunded").asBoolean(false)) {
            LOG.info("Partial refund of payment {}: the reservation keeps its places", paymentIntentId);
            return Outcome.ignored();
        }
        Optional<Reservation> found = reservations.findByPaymentIntentId(paymentIntentId);
        if (found.isEmpty()) {
            return refundedBeforeItsPaymentWasApplied(charge, paymentIntentId);
        }
        Reservation reservation = found.get();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (reservation.status() != ReservationStatus.PAID) {
                return new Outcome(Disposition.DUPLICATE, reservation.id());
            }
            Transition refund = Transition.of(reservation.id(), ReservationStatus.PAID, ReservationStatus.REFUNDED,
                    reservation.places(), clock.instant()).withNotificationClaim(notifications.claimUntil());
            if (reservations.transition(refund) == TransitionOutcome.APPLIED) {
                LOG.info("Reservation {} refunded from Stripe: places given back", reservation.id());
                return notified(refund.applyTo(reservation));
            }
            reservation = reload(reservation);
        }
        throw new StoreException("reservation " + reservation.id() + " kept changing while being refunded");
    }

    /**
     * The buyer's bank opened ({@code charge.dispute.created}), escalated from an inquiry to a chargeback
     * ({@code charge.dispute.updated} or {@code charge.dispute.funds_withdrawn}, with the dispute's current
     * status) or closed ({@code charge.dispute.closed}) a dispute on a payment: recorded on the reservation of
     * that payment intent, with the organiser's notice due in the same write, and nothing else changes (the
     * organiser decides). The store's conditional write (see {@link Dispute#isOvertakenBy}) makes a repeated
     * event, a change within the same step, or an earlier step after a later one, a duplicate. A payment no
     * reservation has is first looked up at Stripe (see {@link #applyPaymentNotAppliedYet}); a payment of no
     * reservation of this library (another product of the merchant's account) is acknowledged and ignored.
     *
     * @throws PaymentProviderException Stripe could not be asked about a payment unknown here: nothing changed,
     *     Stripe redelivers the event
     */
    Outcome disputed(JsonNode object, boolean closed) {
        String disputeId = SessionState.text(object.get("id"));
        String paymentIntentId = SessionState.idOf(object.get("payment_intent"));
        String status = SessionState.text(object.get("status"));
        String currency = SessionState.text(object.get("currency"));
        Money amount = disputedAmount(object.get("amount"), currency);
        if (disputeId == null || status == null || amount == null || disputeId.length() > Dispute.MAX_ID_LENGTH
                || status.length() > Dispute.MAX_STATUS_LENGTH) {
            // Answered 200: Stripe would retry a failure for days, and the same payload would fail each time.
            LOG.warn("Dispute event without a usable id, status, amount or currency (dispute {}, status {},"
                    + " amount {} {}): ignored", abbreviated(disputeId), abbreviated(status),
                    object.get("amount"), abbreviated(currency));
            return Outcome.ignored();
        }
        if (paymentIntentId == null) {
            LOG.warn("Dispute {} (charge {}) names no payment_intent (a webhook endpoint at an API version older"
                    + " than the dispute's payment_intent field?): ignored; look it up in Stripe's dashboard",
                    disputeId, SessionState.idOf(object.get("charge")));
            return Outcome.ignored();
        }
        Optional<Reservation> found = reservations.findByPaymentIntentId(paymentIntentId);
        if (found.isEmpty()) {
            found = applyPaymentNotAppliedYet(paymentIntentId, disputeId);
        }
        if (found.isEmpty()) {
            LOG.info("Dispute {} of payment {} (charge {}) concerns no reservation of this application: ignored",
                    disputeId, paymentIntentId, SessionState.idOf(object.get("charge")));
            return Outcome.ignored();
        }
        Reservation reservation = found.get();
        Instant now = clock.instant();
        long created = object.path("created").asLong(0);
        Dispute dispute = new Dispute(disputeId, status, Dispute.clip(SessionState.text(object.get("reason"))),
                amount,
                created > 0 ? Instant.ofEpochSecond(created) : now, closed ? now : null);
        boolean tellOrganiser = notifications.notifiesOrganiser();
        if (!reservations.recordDispute(reservation.id(), dispute, tellOrganiser ? now : null)) {
            LOG.info("Dispute {} ({}) of reservation {}: already recorded, or overtaken by a later step", disputeId,
                    status, reservation.id());
            return new Outcome(Disposition.DUPLICATE, reservation.id());
        }
        Dispute before = reservation.dispute();
        if (closed) {
            LOG.warn("Dispute {} of reservation {} closed: {} ({} disputed); the reservation stays {}", disputeId,
                    reservation.id(), status, dispute.amount(), reservation.status().code());
        } else if (before != null && before.id().equals(disputeId)) {
            LOG.warn("Dispute {} of reservation {}: the inquiry became a chargeback ({}, {} withdrawn); the"
                    + " reservation stays {}", disputeId, reservation.id(), status, dispute.amount(),
                    reservation.status().code());
        } else {
            LOG.warn("Dispute {} opened on reservation {} ({}, reason {}, {} disputed); the reservation stays {}",
                    disputeId, reservation.id(), status, dispute.reason(), dispute.amount(),
                    reservation.status().code());
        }
        if (tellOrganiser) {
            notifications.submitDisputeNotice(reservation.withDispute(dispute));
        } else {
            LOG.warn("Dispute {} of reservation {} ({}): nobody is told, the notifier has no organiser address",
                    disputeId, reservation.id(), status);
        }
        return new Outcome(Disposition.APPLIED, reservation.id());
    }

    /**
     * A dispute may name a payment whose {@code checkout.session.completed} was never applied (the reservation
     * still pending, or lost in a restored backup). Stripe is asked for the Checkout Session of that payment
     * intent; when it is paid and carries this library's metadata, it is applied exactly as its completed event
     * would be ({@link #paid}: paid, or rebuilt, or refunded as a late payment), and the dispute is then
     * recorded on the reservation that payment settled.
     *
     * @return the reservation of that payment; empty when Stripe lists no session for it, or not a paid one of
     *     this library
     * @throws PaymentProviderException Stripe could not be asked
     */
    private Optional<Reservation> applyPaymentNotAppliedYet(String paymentIntentId, String disputeId) {
        Optional<SessionState> listed = stripe.findSessionOfPayment(paymentIntentId);
        if (listed.isEmpty() || !listed.get().isPaid() || !paymentIntentId.equals(listed.get().paymentIntentId())
                || !LibraryMetadata.namesReservation(listed.get())) {
            return Optional.empty();
        }
        SessionState session = listed.get();
        LOG.warn("Dispute {} names payment {} of session {} (reservation {}), which was never applied here:"
                + " applying the payment first", disputeId, paymentIntentId, session.id(), session.reservationId());
        try {
            paid(session);
        } catch (ChangeRefusedException e) {
            // A late payment's refund refused because the dispute is closed: the bank moved the money already.
            LOG.warn("Payment {} of dispute {} could not be refunded as a late payment: {}", paymentIntentId,
                    disputeId, e.getMessage());
        }
        Optional<Reservation> settled = reservations.findByPaymentIntentId(paymentIntentId);
        return settled.isPresent() ? settled
                : locate(session).filter(r -> belongsTo(r, session) && session.charges(r.amount()));
    }

    /** The disputed amount, or null if it is not a whole non-negative number with a three-letter currency. */
    private static @Nullable Money disputedAmount(@Nullable JsonNode amount, @Nullable String currency) {
        if (amount == null || !amount.isIntegralNumber() || !amount.canConvertToLong() || amount.asLong() < 0
                || currency == null || !currency.matches("[A-Za-z]{3}")) {
            return null;
        }
        return Money.of(amount.asLong(), currency);
    }

    /** A value from the payload, short enough for one log line. */
    private static @Nullable String abbreviated(@Nullable String value) {
        return value == null || value.length() <= 60 ? value : value.substring(0, 60) + "…(" + value.length() + ")";
    }

    /**
     * The organiser refunds a paid reservation: the whole payment at Stripe first (its idempotency key is the
     * payment's, the same as every refund of it here, so a repeat, or a refund racing a late-payment refund,
     * is one refund), then the compare-and-set to refunded with its places back and the buyer's notice. When
     * Stripe's {@code charge.refunded} event comes, it finds the reservation refunded: a duplicate. A
     * reservation refunded already is answered as it is.
     *
     * @throws ChangeRefusedException the reservation is not paid, or has no payment intent
     */
    Reservation refundByOrganiser(Reservation reservation) {
        if (reservation.status() == ReservationStatus.REFUNDED) {
            return reservation;
        }
        if (reservation.status() != ReservationStatus.PAID) {
            throw new ChangeRefusedException("reservation " + reservation.id() + " is "
                    + reservation.status().code() + ": only a paid reservation can be refunded");
        }
        if (reservation.paymentIntentId() == null) {
            throw new ChangeRefusedException("reservation " + reservation.id()
                    + " has no payment intent recorded: refund it from Stripe's dashboard");
        }
        String refund = stripe.refund(reservation.paymentIntentId(), reservation.id());
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (reservation.status() == ReservationStatus.REFUNDED) {
                return reservation;
            }
            if (reservation.status() != ReservationStatus.PAID) {
                throw new StoreException("reservation " + reservation.id() + " is " + reservation.status().code()
                        + " although its payment was just refunded");
            }
            Transition transition = Transition.of(reservation.id(), ReservationStatus.PAID,
                    ReservationStatus.REFUNDED, reservation.places(), clock.instant())
                    .withNotificationClaim(notifications.claimUntil());
            if (reservations.transition(transition) == TransitionOutcome.APPLIED) {
                LOG.info("Reservation {} refunded by the organiser ({}): places given back", reservation.id(), refund);
                Reservation refunded = transition.applyTo(reservation);
                notified(refunded);
                return refunded;
            }
            reservation = reload(reservation);
        }
        throw new StoreException("reservation " + reservation.id() + " kept changing while being refunded");
    }

    /**
     * Stripe does not order events: the refund of a payment may arrive before the payment itself
     * ({@code checkout.session.completed} or {@code async_payment_succeeded}) was applied, while the
     * reservation is still pending, or released. The charge carries the reservation id (Stripe copies the
     * payment intent's metadata); Stripe is asked whether that reservation's session was paid by this very
     * payment intent, so another payment carrying the same metadata cannot touch it. The reservation then
     * ends refunded at once (its held places go back, no confirmation is sent), and the payment event, when
     * it comes, finds it refunded: a duplicate.
     */
    private Outcome refundedBeforeItsPaymentWasApplied(JsonNode charge, String paymentIntentId) {
        String reservationId = SessionState.text(charge.path("metadata").get(SessionState.METADATA_RESERVATION_ID));
        Optional<Reservation> found = reservationId == null ? Optional.empty() : reservations.findById(reservationId);
        String sessionId = found.map(Reservation::stripeSessionId).orElse(null);
        if (found.isEmpty() || sessionId == null) {
            return Outcome.ignored();
        }
        Reservation reservation = found.get();
        Optional<SessionState> session = stripe.retrieveSession(sessionId);
        if (session.isEmpty() || !paymentIntentId.equals(session.get().paymentIntentId())) {
            LOG.info("Refunded payment {} is not the payment of reservation {}: ignored", paymentIntentId,
                    reservation.id());
            return Outcome.ignored();
        }
        for (int round = 0; round < MAX_ROUNDS; round++) {
            ReservationStatus status = reservation.status();
            switch (status) {
                case PENDING, PAID, EXPIRED, FAILED -> {
                    // Pending and paid reservations hold places, released ones do not; the payment may have
                    // been applied meanwhile (paid): the same refund then.
                    int places = status.occupiesPlaces() ? reservation.places() : 0;
                    Transition refund = new Transition(reservation.id(), status, ReservationStatus.REFUNDED, places,
                            session.get().id(), paymentIntentId, clock.instant())
                            .withNotificationClaim(notifications.claimUntil());
                    if (reservations.transition(refund) == TransitionOutcome.APPLIED) {
                        LOG.info("Reservation {} refunded from Stripe ({} when the refund came): places given back",
                                reservation.id(), status.code());
                        return notified(refund.applyTo(reservation));
                    }
                }
                case REFUNDED -> {
                    return new Outcome(Disposition.DUPLICATE, reservation.id());
                }
            }
            reservation = reload(reservation);
        }
        throw new StoreException("reservation " + reservation.id() + " kept changing while being refunded");
    }

    private Outcome releaseFor(SessionState session, ReservationStatus to) {
        Optional<Reservation> found = locate(session);
        if (found.isEmpty() || !belongsTo(found.get(), session)) {
            return Outcome.ignored();
        }
        Reservation reservation = found.get();
        if (reservation.status() != ReservationStatus.PENDING) {
            return new Outcome(Disposition.DUPLICATE, reservation.id());
        }
        if (release(reservation, to)) {
            LOG.info("Reservation {} {}: places given back", reservation.id(), to.code());
            return new Outcome(Disposition.APPLIED, reservation.id());
        }
        return new Outcome(Disposition.DUPLICATE, reservation.id());
    }

    /**
     * A payment that does not match its reservation (another amount or another session carrying our
     * reservation id) was not made through this library's checkout: refund it and leave the reservation.
     */
    private Outcome refundForeignPayment(Reservation reservation, SessionState session) {
        LOG.error("Session {} does not match reservation {} (amount {} {}, currency_conversion {}, expected {},"
                + " session {}): refunded", session.id(), reservation.id(), session.amountTotal(), session.currency(),
                session.currencyConversion(), reservation.amount(), reservation.stripeSessionId());
        if (session.paymentIntentId() != null) {
            stripe.refund(session.paymentIntentId(), reservation.id());
        }
        return new Outcome(Disposition.IGNORED, reservation.id());
    }

    /** A transition that records the session's ids and, when its new status is to be told, claims that. */
    private Transition transition(Reservation reservation, ReservationStatus from, ReservationStatus to,
                                  int placesDelta, SessionState session) {
        Transition transition = new Transition(reservation.id(), from, to, placesDelta, session.id(),
                session.paymentIntentId(), clock.instant());
        return NotificationDispatcher.needsNotification(to)
                ? transition.withNotificationClaim(notifications.claimUntil()) : transition;
    }

    /**
     * The winner of a transition that claimed its notification hands it to the delivery threads, with no
     * further read or write, and answers at once: the mail server never holds up the request.
     */
    private Outcome notified(Reservation moved) {
        notifications.submitClaimed(moved);
        return new Outcome(Disposition.APPLIED, moved.id());
    }

    private Reservation reload(Reservation reservation) {
        return reservations.findById(reservation.id())
                .orElseThrow(() -> new StoreException("reservation " + reservation.id() + " disappeared"));
    }

    private Optional<Reservation> locate(SessionState session) {
        if (session.reservationId() != null) {
            Optional<Reservation> byId = reservations.findById(session.reservationId());
            if (byId.isPresent()) {
                return byId;
            }
        }
        return session.id() == null ? Optional.empty() : reservations.findByStripeSessionId(session.id());
    }

    private static boolean belongsTo(Reservation reservation, SessionState session) {
        return reservation.stripeSessionId() == null || reservation.stripeSessionId().equals(session.id());
    }
}

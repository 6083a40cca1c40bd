package dev.sejour.booking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import dev.sejour.booking.WebhookResult.Disposition;
import dev.sejour.booking.spi.BookingObserver;
import dev.sejour.booking.spi.HoldOutcome;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.Notifier;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourForBuyer;
import dev.sejour.booking.spi.SejourStore;
import dev.sejour.booking.spi.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sells places of séjours through Stripe Checkout without overselling, losing a paid reservation or
 * keeping money for a place not given.
 *
 * <p>Places are held when the checkout starts and given back when it ends unpaid; Stripe's events move
 * each reservation by compare-and-set in the store, so duplicates and any order are harmless, and any
 * number of instances may share one store. Buyers are told by a few threads the service owns, never in the
 * request that changed their reservation; {@link #close()} stops them. Thread-safe; build one per application:
 *
 * <pre>{@code
 * BookingService booking = BookingService.builder()
 *         .stripeSecretKey(System.getenv("STRIPE_SECRET_KEY"))
 *         .webhookSecret(System.getenv("STRIPE_WEBHOOK_SECRET"))
 *         .baseUrl("https://example.org")
 *         .stores(sejourStore, reservationStore)
 *         .notifier(notifier)
 *         .build();
 * BookingMaintenance maintenance = BookingMaintenance.start(booking, Duration.ofMinutes(1));
 * }</pre>
 *
 * <p>{@link BookingMaintenance} runs {@link #releaseExpiredHolds()} and {@link #retryPendingNotifications()}
 * on a daemon thread; an application with its own scheduler may call them itself instead.
 */
public final class BookingService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BookingService.class);
    /** Replaced in the cancel URL by the reservation's id, so the page the buyer returns to can cancel it. */
    public static final String RESERVATION_ID_PLACEHOLDER = "{RESERVATION_ID}";
    // Stripe's ids are about 70 characters; anything much longer is not one.
    private static final int MAX_SESSION_ID_LENGTH = 255;
    // What Stripe's Checkout Session ids look like; anything else is not worth a request to Stripe.
    private static final Pattern CHECKOUT_SESSION_ID = Pattern.compile("cs_(test|live)_[A-Za-z0-9]{1,240}");
    // Stripe's bounds on a Checkout Session's expires_at, measured by its clock when it creates the session.
    private static final Duration STRIPE_MIN_SESSION = Duration.ofMinutes(30);
    private static final Duration STRIPE_MAX_SESSION = Duration.ofHours(24);
    private static final Duration STRIPE_CLOCK_MARGIN = Duration.ofMinutes(1);
    /** A checkout is resumed only with this much of its hold left; a shorter rest is replaced by a new one. */
    private static final Duration MIN_RESUMABLE = Duration.ofMinutes(2);
    // Sessions remembered by the success page's lookup throttle: ~100 bytes each, a few MB at most.
    private static final long MAX_THROTTLED_SESSIONS = 10_000;
    /** Bounds of {@link Builder#holdDuration(Duration)}. */
    public static final Duration MIN_HOLD = Duration.ofMinutes(5);
    public static final Duration MAX_HOLD = Duration.ofHours(24);
    /** Bound of {@link Builder#delayedPaymentGrace(Duration)}: SEPA Direct Debit's longest settlement. */
    public static final Duration MAX_DELAYED_PAYMENT_GRACE = Duration.ofDays(14);

    private final SejourStore sejours;
    private final ReservationStore reservations;
    private final Clock clock;
    private final Duration holdDuration;
    private final int maxPendingCheckoutsPerEmail;
    private final String successUrl;
    private final String cancelUrl;
    private final boolean livemode;
    private final int batchSize;
    private final CheckoutValidator validator;
    private final StripeGateway stripe;
    private final WebhookVerifier webhooks;
    private final NotificationDispatcher notifications;
    private final Fulfilment fulfilment;
    private final HoldSweeper sweeper;
    private final BookingAdmin admin;
    private final SessionLookupThrottle lookups;
    private final BookingObserver observer;

    private BookingService(Builder b) {
        // build() checked the required settings.
        this.sejours = Objects.requireNonNull(b.sejours);
        this.reservations = Objects.requireNonNull(b.reservations);
        // Stores keep milliseconds: instants handed out must read back equal.
        this.clock = Clock.tick(b.clock, Duration.ofMillis(1));
        this.holdDuration = b.holdDuration;
        this.maxPendingCheckoutsPerEmail = b.maxPendingCheckoutsPerEmail;
        this.successUrl = b.successUrl != null ? b.successUrl
                : b.baseUrl + "/reservation/confirmation?session_id={CHECKOUT_SESSION_ID}";
        this.cancelUrl = b.cancelUrl != null ? b.cancelUrl
                : b.baseUrl + "/reservation/annulation?reservation_id=" + RESERVATION_ID_PLACEHOLDER;
        this.livemode = b.livemode != null ? b.livemode : isLiveKey(b.stripeSecretKey);
        this.batchSize = b.batchSize;
        this.validator = new CheckoutValidator(b.maxPlacesPerOrder);
        this.stripe = new StripeGateway(b.stripeClient != null ? b.stripeClient : defaultClient(b), b.adaptivePricing,
                b.paymentMethodTypes);
        this.webhooks = new WebhookVerifier(Objects.requireNonNull(b.webhookSecret), b.webhookTolerance, clock,
                new ObjectMapper());
        this.notifications = new NotificationDispatcher(b.outbox(), reservations, sejours, b.notifier, clock,
                b.notificationClaim, new NotificationBackoff(b.notificationRetryDelay, b.maxNotificationRetryDelay,
                        b.maxNotificationAttempts), b.notificationThreads, b.notificationQueueCapacity,
                b.notificationShutdownTimeout);
        this.fulfilment = new Fulfilment(reservations, sejours, stripe, notifications, b.latePaymentPolicy, clock);
        this.admin = new BookingAdmin(sejours, reservations, b.outbox(), fulfilment, notifications);
        this.lookups = new SessionLookupThrottle(b.stripeLookupInterval, MAX_THROTTLED_SESSIONS, clock);
        this.sweeper = new HoldSweeper(reservations, stripe, fulfilment, b.holdDuration, b.delayedPaymentGrace,
                b.batchSize);
        this.observer = b.observer;
    }

    private static StripeClient defaultClient(Builder b) {
        StripeClient.StripeClientBuilder client = StripeClient.builder()
                .setApiKey(b.stripeSecretKey)
                .setConnectTimeout(Math.toIntExact(b.stripeConnectTimeout.toMillis()))
                .setReadTimeout(Math.toIntExact(b.stripeReadTimeout.toMillis()))
                .setMaxNetworkRetries(b.stripeMaxNetworkRetries);
        if (b.stripeApiBase != null) {
            client.setApiBase(b.stripeApiBase);
        }
        return client.build();
    }

    private static boolean isLiveKey(@Nullable String key) {
        return key != null && (key.startsWith("sk_live_") || key.startsWith("rk_live_"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Holds the places and creates the Stripe Checkout Session the buyer pays on.
     *
     * <p>One address has at most {@link Builder#maxPendingCheckoutsPerEmail(int)} pending checkouts. A buyer
     * who starts again for a séjour they already have a pending checkout for replaces it: if they ask for
     * the same number of places and that session is still open at Stripe, its URL is answered again
     * ({@link CheckoutSession#resumed()}, nothing new held); otherwise the earlier session is expired at
     * Stripe and its places are given back in the same step as the new hold. A request for more places than
     * are left is refused after reads only, without a write.
     *
     * @throws InvalidRequestException a field is missing or invalid
     * @throws SejourNotFoundException no séjour has the slug
     * @throws NotEnoughPlacesException fewer places are left than asked for
     * @throws TooManyPendingCheckoutsException the address already has as many pending checkouts as allowed
     * @throws CheckoutAlreadyPaidException the buyer's earlier checkout for this séjour was paid meanwhile
     * @throws PaymentProviderException Stripe failed; the hold was released
     */
    public CheckoutSession startCheckout(CheckoutRequest request) {
        CheckoutSession session;
        try {
            session = checkout(request);
        } catch (RuntimeException e) {
            tell(() -> observer.checkoutFinished(BookingObserver.failureCode(e)));
            throw e;
        }
        tell(() -> observer.checkoutFinished(BookingObserver.CHECKOUT_STARTED));
        return session;
    }

    /** Tells the observer; its failure never changes the answer (see {@link BookingObserver}). */
    private void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("The booking observer failed", e);
        }
    }

    private CheckoutSession checkout(CheckoutRequest request) {
        CheckoutRequest valid = validator.validate(request);
        Buyer buyer = new Buyer(valid.lastName(), valid.firstName(), valid.email());
        SejourForBuyer read = sejours.findBySlugForBuyer(valid.slug(), buyer.normalisedEmail())
                .orElseThrow(() -> new SejourNotFoundException("no séjour '" + valid.slug() + "'"));
        Sejour sejour = read.sejour();
        Money amount;
        try {
            amount = sejour.pricePerPlace().times(valid.places());
        } catch (ArithmeticException e) {
            throw new InvalidRequestException("nbPlaces is too large for this séjour's price");
        }
        if (read.buyerPendingPlaces().isPresent()
                && sejour.placesLeft() + read.buyerPendingPlaces().getAsInt() < valid.places()) {
            // Not even the buyer's own pending checkouts of this séjour could make up the places: refused
            // after this one read (a rush on a sold-out séjour mostly ends here).
            throw notEnoughPlaces(sejour);
        }
        // Reads only: the buyer's earlier pending checkout of this séjour, and whether enough places could
        // be left at all. The refusals the read above could not decide end here, without a write transaction.
        Optional<Reservation> earlier = reservations.findPendingByBuyer(buyer.normalisedEmail()).stream()
                .filter(r -> r.sejourSlug().equals(sejour.slug()))
                .reduce((first, second) -> second);
        int couldBeLeft = sejour.placesLeft() + earlier.map(Reservation::places).orElse(0);
        if (couldBeLeft < valid.places()) {
            throw notEnoughPlaces(sejour);
        }
        String replaced = null;
        if (earlier.isPresent()) {
            EarlierCheckout decided = resumeOrEnd(earlier.get(), valid.places());
            if (decided.resumed() != null) {
                return decided.resumed();
            }
            replaced = decided.replace() ? earlier.get().id() : null;
        }
        Instant now = clock.instant();
        Reservation hold = Reservation.pending(Ids.newReservationId(), sejour.slug(), buyer, valid.places(), amount,
                now, now.plus(holdDuration));
        HoldOutcome outcome = reservations.insertHold(hold, maxPendingCheckoutsPerEmail, replaced);
        if (outcome == HoldOutcome.REPLACED_NOT_PENDING) {
            // The earlier checkout ended meanwhile (its webhook came): a plain new hold then.
            replaced = null;
            outcome = reservations.insertHold(hold, maxPendingCheckoutsPerEmail, null);
        } else if (outcome != HoldOutcome.HELD && replaced != null) {
            // Its session is expired at Stripe already: nobody can pay for it any more.
            fulfilment.release(earlier.get(), ReservationStatus.EXPIRED);
        }
        switch (outcome) {
            case NOT_ENOUGH_PLACES -> throw notEnoughPlaces(sejour);
            case SEJOUR_NOT_FOUND -> throw new SejourNotFoundException("no séjour '" + sejour.slug() + "'");
            case TOO_MANY_PENDING -> throw new TooManyPendingCheckoutsException(
                    "this email address already has " + maxPendingCheckoutsPerEmail + " checkout(s) in progress;"
                            + " finish or cancel one, or wait until it expires");
            case REPLACED_NOT_PENDING -> throw new StoreException("the store answered " + outcome
                    + " to a hold that replaced nothing");
            case HELD -> { }
        }
        if (replaced != null) {
            LOG.info("Reservation {} replaced by {} (same buyer, same séjour)", replaced, hold.id());
        }
        StripeGateway.CreatedSession session;
        try {
            session = stripe.createCheckoutSession(hold, sejour, successUrl,
                    cancelUrl.replace(RESERVATION_ID_PLACEHOLDER, hold.id()), stripeExpiry(now, hold.expiresAt()));
        } catch (RuntimeException e) {
            // Whatever went wrong (Stripe down, an answer stripe-java could not read), nobody can pay
            // for this hold: give the places back now rather than at its expiry.
            releaseAfterFailedCheckout(hold);
            throw e;
        }
        if (!reservations.attachSession(hold.id(), session.id())) {
            LOG.warn("Reservation {} already had another session than {}", hold.id(), session.id());
        }
        LOG.info("Checkout started: reservation {} holds {} place(s) of {} until {} (session {})", hold.id(),
                hold.places(), hold.sejourSlug(), hold.expiresAt(), session.id());
        return new CheckoutSession(hold.id(), session.id(), session.url(), hold.expiresAt());
    }

    /** What becomes of the buyer's earlier checkout: resumed as it is, replaced, or kept beside the new one. */
    private record EarlierCheckout(@Nullable CheckoutSession resumed, boolean replace) {
        static final EarlierCheckout REPLACE = new EarlierCheckout(null, true);
        static final EarlierCheckout KEEP = new EarlierCheckout(null, false);
    }

    /**
     * The buyer's earlier pending checkout of the same séjour: answered again if it asks for the same places
     * and its session is still open with time left; otherwise its session is ended at Stripe and the caller
     * replaces it. A payment that arrived meanwhile is fulfilled and reported; a delayed payment under way
     * keeps its hold.
     */
    private EarlierCheckout resumeOrEnd(Reservation earlier, int places) {
        if (earlier.stripeSessionId() == null) {
            // Its session was never attached (a crash between the two): nobody was sent to pay for it.
            return EarlierCheckout.REPLACE;
        }
        Instant now = clock.instant();
        Optional<SessionState> state = stripe.retrieveSession(earlier.stripeSessionId());
        if (state.isPresent() && state.get().isOpen() && earlier.places() == places && state.get().url() != null
                && earlier.expiresAt().isAfter(now.plus(MIN_RESUMABLE))) {
            LOG.info("Checkout of reservation {} resumed by its buyer", earlier.id());
            return new EarlierCheckout(new CheckoutSession(earlier.id(), earlier.stripeSessionId(),
                    state.get().url(), earlier.expiresAt(), true), false);
        }
        if (state.isPresent() && state.get().isOpen()) {
            state = stripe.expireSession(earlier.stripeSessionId());
        }
        if (state.isPresent() && state.get().isPaid() && state.get().livemode() == livemode) {
            fulfilment.paid(state.get());
            throw new CheckoutAlreadyPaidException("your earlier checkout for this séjour has just been paid;"
                    + " its confirmation is on its way", earlier.id());
        }
        if (state.isPresent() && state.get().isComplete() && !state.get().isPaid()) {
            // A delayed payment (SEPA, ACH) is under way: it keeps its places, and counts as pending.
            return EarlierCheckout.KEEP;
        }
        return EarlierCheckout.REPLACE;
    }

    private static NotEnoughPlacesException notEnoughPlaces(Sejour sejour) {
        return new NotEnoughPlacesException("not enough places left for '" + sejour.slug() + "'");
    }

    /**
     * Stripe's {@code expires_at}: the hold's end, but at least Stripe's 30 minutes after creation (plus a
     * margin for the clocks) and less than its 24 hours; a shorter hold is ended by the sweeper, which
     * expires the session at Stripe first.
     */
    private static Instant stripeExpiry(Instant now, Instant holdEnd) {
        Instant earliest = now.plus(STRIPE_MIN_SESSION).plus(STRIPE_CLOCK_MARGIN);
        Instant latest = now.plus(STRIPE_MAX_SESSION).minus(STRIPE_CLOCK_MARGIN);
        Instant wanted = holdEnd.isBefore(earliest) ? earliest : holdEnd;
        return wanted.isAfter(latest) ? latest : wanted;
    }

    private void releaseAfterFailedCheckout(Reservation hold) {
        try {
            fulfilment.release(hold, ReservationStatus.FAILED);
        } catch (RuntimeException e) {
            // The hold has an expiry: the sweeper gives the places back if this release could not.
            LOG.error("Could not release hold {} after Stripe failed; the sweeper will", hold.id(), e);
        }
    }

    /**
     * Verifies a Stripe webhook over its raw bytes and applies the event. Answer 2xx to Stripe whenever
     * this returns; on an exception, the {@link BookingException#errorCode()} says which status.
     *
     * @param payload the request body exactly as received
     * @param signatureHeader the {@code Stripe-Signature} header
     * @throws InvalidSignatureException the signature is missing, wrong or outside the tolerance window
     * @throws InvalidRequestException a correctly signed payload that is not an event
     * @throws PaymentProviderException a refund was due, or a dispute's payment unknown here had to be looked
     *     up, and Stripe failed (Stripe will retry the event)
     * @throws dev.sejour.booking.spi.StoreException the store failed (Stripe will retry the event)
     */
    public WebhookResult handleWebhook(byte[] payload, @Nullable String signatureHeader) {
        long started = System.nanoTime();
        WebhookResult result;
        try {
            result = verifyAndApply(payload, signatureHeader);
        } catch (RuntimeException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            tell(() -> observer.webhookHandled("unknown", BookingObserver.failureCode(e), took));
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        tell(() -> observer.webhookHandled(String.valueOf(result.type()), BookingObserver.disposition(result), took));
        return result;
    }

    private WebhookResult verifyAndApply(byte[] payload, @Nullable String signatureHeader) {
        WebhookEvent event = webhooks.verify(payload, signatureHeader);
        // Every line logged while the event is applied (here, in the stores, in the notifier) names it.
        String outerEventId = MDC.get("eventId");
        MDC.put("eventId", String.valueOf(event.id()));
        try {
            return apply(event);
        } finally {
            if (outerEventId == null) {
                MDC.remove("eventId");
            } else {
                MDC.put("eventId", outerEventId);
            }
        }
    }

    private WebhookResult apply(WebhookEvent event) {
        if (event.livemode() != livemode) {
            LOG.warn("Ignored {} event {}: livemode={} but the secret key is a {} key", event.type(), event.id(),
                    event.livemode(), livemode ? "live" : "test");
            return new WebhookResult(event.id(), event.type(), Disposition.IGNORED, null);
        }
        Fulfilment.Outcome outcome = switch (event.type()) {
            case WebhookEvent.SESSION_COMPLETED -> {
                SessionState session = SessionState.fromJson(event.object());
                yield session.isPaid() ? fulfilment.paidFromEvent(session) : awaitDelayedPayment(session);
            }
            case WebhookEvent.ASYNC_PAYMENT_SUCCEEDED ->
                    fulfilment.paidFromEvent(SessionState.fromJson(event.object()));
            case WebhookEvent.ASYNC_PAYMENT_FAILED -> fulfilment.paymentFailed(SessionState.fromJson(event.object()));
            case WebhookEvent.SESSION_EXPIRED -> fulfilment.expired(SessionState.fromJson(event.object()));
            case WebhookEvent.CHARGE_REFUNDED -> fulfilment.chargeRefunded(event.object());
            // An inquiry escalated to a chargeback keeps its id: Stripe tells it with updated and
            // funds_withdrawn, each carrying the dispute's current status; the store's forward rule decides.
            case WebhookEvent.DISPUTE_CREATED, WebhookEvent.DISPUTE_UPDATED, WebhookEvent.DISPUTE_FUNDS_WITHDRAWN,
                    WebhookEvent.DISPUTE_CLOSED ->
                    fulfilment.disputed(event.object(), WebhookEvent.DISPUTE_CLOSED.equals(event.type()));
            // funds_reinstated (a won dispute's money back) is followed by charge.dispute.closed, which tells it.
            default -> Fulfilment.Outcome.ignored();
        };
        if (outcome.disposition() == Disposition.APPLIED && event.type().startsWith(WebhookEvent.DISPUTE_PREFIX)) {
            boolean closed = WebhookEvent.DISPUTE_CLOSED.equals(event.type());
            String status = event.object().path("status").asText("unknown");
            tell(() -> observer.disputeRecorded(closed, status));
        }
        LOG.debug("Webhook {} {}: {} (reservation {})", event.type(), event.id(), outcome.disposition(),
                outcome.reservationId());
        return new WebhookResult(event.id(), event.type(), outcome.disposition(), outcome.reservationId());
    }

    private Fulfilment.Outcome awaitDelayedPayment(SessionState session) {
        LOG.info("Session {} completed with a delayed payment method: holding places until it settles",
                session.id());
        return new Fulfilment.Outcome(Disposition.IGNORED, session.reservationId());
    }

    /**
     * The reservation of a Checkout Session, for the confirmation page. While it is still pending, asks
     * Stripe and fulfils it if it is paid (the buyer may be back before the webhook); if Stripe cannot be
     * reached, answers the pending reservation so the page can poll. Stripe is asked about one session at
     * most once per {@link Builder#stripeLookupInterval(Duration)} on this instance; requests within that
     * interval reuse that lookup's answer (concurrent ones wait for it).
     *
     * <p>A session id the store does not know, shaped like a Checkout Session id of the key's mode, is looked
     * up at Stripe: if it is paid and carries this library's metadata, its reservation was lost (a crash, a
     * restored backup) and is rebuilt as the webhook would rebuild it (places if left, otherwise a refund).
     *
     * @throws InvalidRequestException the session id is missing, too long or has control characters
     * @throws ReservationNotFoundException no reservation has that session, and Stripe knows no paid session
     *     of this library by that id
     * @throws PaymentProviderException the session is unknown here and Stripe could not be asked
     */
    public Reservation findReservation(@Nullable String stripeSessionId) {
        if (stripeSessionId == null || stripeSessionId.isBlank()) {
            throw new InvalidRequestException("session_id is required");
        }
        if (stripeSessionId.length() > MAX_SESSION_ID_LENGTH) {
            throw new InvalidRequestException("session_id is at most " + MAX_SESSION_ID_LENGTH + " characters");
        }
        if (stripeSessionId.chars().anyMatch(Character::isISOControl)) {
            // Never a Stripe id; and PostgreSQL refuses a NUL in a text parameter (that would be a 500).
            throw new InvalidRequestException("session_id is not a Checkout Session id");
        }
        Optional<Reservation> known = reservations.findByStripeSessionId(stripeSessionId);
        if (known.isEmpty()) {
            return recoverUnknownSession(stripeSessionId)
                    .orElseThrow(() -> new ReservationNotFoundException("no reservation for this session"));
        }
        Reservation reservation = known.get();
        if (reservation.status() != ReservationStatus.PENDING) {
            return reservation;
        }
        try {
            Optional<SessionState> session = lookups.lookUp(stripeSessionId, stripe::retrieveSession);
            if (session.isPresent() && session.get().isPaid() && session.get().livemode() == livemode) {
                fulfilment.paid(session.get());
                return reservations.findById(reservation.id()).orElse(reservation);
            }
        } catch (PaymentProviderException e) {
            LOG.debug("Stripe unreachable while looking up pending reservation {}", reservation.id());
        }
        return reservation;
    }

    /**
     * The reservation of a paid session of this library that the store does not know, rebuilt; empty for
     * anything else (not a Checkout Session id of the key's mode, unknown to Stripe, unpaid, another
     * application's session, or one that ended refunded without its reservation being found by this id).
     */
    private Optional<Reservation> recoverUnknownSession(String sessionId) {
        if (!CHECKOUT_SESSION_ID.matcher(sessionId).matches()
                || sessionId.startsWith(livemode ? "cs_test_" : "cs_live_")) {
            return Optional.empty();
        }
        Optional<SessionState> session = lookUpUnknownSession(sessionId);
        if (session.isEmpty() || !session.get().isPaid() || session.get().livemode() != livemode
                || !LibraryMetadata.namesReservation(session.get())) {
            return Optional.empty();
        }
        fulfilment.paid(session.get());
        return reservations.findByStripeSessionId(sessionId);
    }

    /**
     * Asks Stripe about a session id the store does not know, at most once per lookup interval per id on
     * this instance (the throttle shared with pending lookups: within the interval, its answer is reused). The only way the
     * success page reaches Stripe for an id nobody checked out here, so the one place to bound such lookups.
     */
    private Optional<SessionState> lookUpUnknownSession(String sessionId) {
        return lookups.lookUp(sessionId, stripe::retrieveSession);
    }

    /**
     * The buyer gave up on Stripe Checkout (its cancel URL carries the reservation id): expires the session at
     * Stripe so it can no longer be paid, and gives the places back at once instead of at the hold's end. If
     * the session was paid meanwhile, the payment is fulfilled instead; a delayed payment already under way
     * keeps its places. Idempotent: a reservation that is no longer pending is answered as it is.
     *
     * @param reservationId the id the cancel URL carried (unguessable: only the buyer knows it)
     * @return the reservation afterwards
     * @throws InvalidRequestException the id is malformed
     * @throws ReservationNotFoundException no reservation has that id
     * @throws PaymentProviderException Stripe could not be asked; the hold stays until the sweeper settles it
     */
    public Reservation cancelCheckout(@Nullable String reservationId) {
        if (reservationId == null || !Ids.isReservationId(reservationId)) {
            throw new InvalidRequestException("reservation_id is malformed");
        }
        Reservation reservation = reservations.findById(reservationId)
                .orElseThrow(() -> new ReservationNotFoundException("no reservation " + reservationId));
        if (reservation.status() != ReservationStatus.PENDING) {
            return reservation;
        }
        sweeper.settle(reservation, clock.instant());
        LOG.info("Checkout of reservation {} cancelled by the buyer", reservationId);
        return reservations.findById(reservationId).orElse(reservation);
    }

    /**
     * Releases holds whose expiry passed, by the service's clock, without news from Stripe; at most
     * {@link Builder#batchSize} per call. Asks Stripe before releasing each one. {@link BookingMaintenance}
     * calls it every interval; an application with its own scheduler may call it every minute or so (any
     * instance, concurrently is fine).
     */
    public SweepReport releaseExpiredHolds() {
        return sweeper.sweep(clock.instant());
    }

    /**
     * The sweep of the notification outbox: hands every notification that is due (never handed over, left
     * by a full queue, a crash or a restart, or whose backoff ended) to the delivery threads, at most
     * {@code batchSize} and no more than their queue has room for. Notifications still backing off wait
     * for their time (by the service's clock), however often this runs. {@link BookingMaintenance} calls it
     * every interval; an application with its own scheduler may call it every minute or so (any instance,
     * concurrently is fine). It does not wait for the deliveries.
     *
     * @return how many notifications were handed over now
     */
    public int retryPendingNotifications() {
        return notifications.sweep(batchSize);
    }

    /** Notifications handed to the delivery threads and not finished yet (queued or being sent). */
    public int notificationsInFlight() {
        return notifications.inFlight();
    }

    /**
     * Stops the notification threads: deliveries under way may finish for up to
     * {@link Builder#notificationShutdownTimeout}; those still queued stay due in the store and are sent by
     * the next sweep, here or on another instance. Requests already in progress still commit; their
     * notifications stay due likewise. Idempotent.
     */
    @Override
    public void close() {
        notifications.close();
    }

    /** Every séjour, by slug, for a public catalogue. */
    public List<Sejour> sejours() {
        return sejours.findAll();
    }

    /**
     * One séjour, for a public catalogue.
     *
     * @throws SejourNotFoundException no séjour has the slug
     */
    public Sejour sejour(String slug) {
        if (slug == null || slug.isBlank()) {
            throw new SejourNotFoundException("no séjour " + slug);
        }
        return sejours.findBySlug(slug).orElseThrow(() -> new SejourNotFoundException("no séjour " + slug));
    }

    /** The organiser's side of this service: reservations, CSV export, places, refunds, resends. */
    public BookingAdmin admin() {
        return admin;
    }

    /** Settings of a {@link BookingService}; every duration and limit has a safe default. */
    public static final class Builder {

        private @Nullable SejourStore sejours;
        private @Nullable ReservationStore reservations;
        private @Nullable NotificationOutbox outbox;
        private Notifier notifier = Notifier.none();
        private @Nullable StripeClient stripeClient;
        private @Nullable Boolean livemode;
        private @Nullable String stripeSecretKey;
        private @Nullable String webhookSecret;
        private @Nullable String baseUrl;
        private @Nullable String stripeApiBase;
        private @Nullable String successUrl;
        private @Nullable String cancelUrl;
        private Duration holdDuration = Duration.ofMinutes(15);
        private int maxPlacesPerOrder = 10;
        private int maxPendingCheckoutsPerEmail = 2;
        private List<String> paymentMethodTypes = List.of();
        private Clock clock = Clock.systemUTC();
        private LatePaymentPolicy latePaymentPolicy = LatePaymentPolicy.TAKE_PLACES_IF_AVAILABLE;
        private Duration webhookTolerance = Duration.ofMinutes(5);
        private Duration stripeConnectTimeout = Duration.ofSeconds(5);
        private Duration stripeReadTimeout = Duration.ofSeconds(20);
        private int stripeMaxNetworkRetries = 2;
        private Duration delayedPaymentGrace = Duration.ofDays(7);
        private Duration notificationClaim = Duration.ofMinutes(2);
        private int batchSize = 100;
        private Duration stripeLookupInterval = Duration.ofSeconds(5);
        private int notificationThreads = 2;
        private int notificationQueueCapacity = 1_000;
        private Duration notificationRetryDelay = Duration.ofSeconds(30);
        private Duration maxNotificationRetryDelay = Duration.ofHours(1);
        private int maxNotificationAttempts = 10;
        private Duration notificationShutdownTimeout = Duration.ofSeconds(5);
        private boolean adaptivePricing = true;
        private BookingObserver observer = BookingObserver.none();

        private Builder() {
        }

        /** Both stores, which share one database. Required. */
        public Builder stores(SejourStore sejourStore, ReservationStore reservationStore) {
            this.sejours = Objects.requireNonNull(sejourStore, "sejourStore");
            this.reservations = Objects.requireNonNull(reservationStore, "reservationStore");
            return this;
        }

        /**
         * Where the notifications owed to buyers are kept. Default: the reservation store given to
         * {@link #stores}, which must then implement {@link NotificationOutbox} (every shipped store does).
         */
        public Builder notificationOutbox(NotificationOutbox outbox) {
            this.outbox = Objects.requireNonNull(outbox, "outbox");
            return this;
        }

        private NotificationOutbox outbox() {
            if (outbox != null) {
                return outbox;
            }
            return (NotificationOutbox) Objects.requireNonNull(reservations);
        }

        /** Who tells the buyer; default: nobody. */
        public Builder notifier(Notifier notifier) {
            this.notifier = Objects.requireNonNull(notifier, "notifier");
            return this;
        }

        /**
         * {@code sk_test_…} or {@code sk_live_…} (or a restricted {@code rk_…} key). Required unless a
         * {@link #stripeClient} is given; then optional, and only read for {@link #livemode}. Null: none.
         */
        public Builder stripeSecretKey(@Nullable String key) {
            this.stripeSecretKey = key;
            return this;
        }

        /**
         * The Stripe client to call Stripe with, built by the application with its own key, proxy, HTTP
         * client, retries or telemetry. The service uses it as it is: {@link #stripeApiBase}, the timeouts and
         * {@link #stripeMaxNetworkRetries} are then ignored. Needs {@link #livemode} or a
         * {@link #stripeSecretKey} saying the mode. Default: a client built from the secret key and those
         * settings.
         */
        public Builder stripeClient(StripeClient client) {
            this.stripeClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Whether the account's live mode is used: events of the other mode are then ignored, and only
         * Checkout Session ids of this mode are looked up. Default: read from the secret key
         * ({@code sk_live_}/{@code rk_live_} is live); required with a {@link #stripeClient} and no key.
         */
        public Builder livemode(boolean live) {
            this.livemode = live;
            return this;
        }

        /** The webhook endpoint's signing secret, {@code whsec_…}. Required: {@link #build()} refuses null. */
        public Builder webhookSecret(@Nullable String secret) {
            this.webhookSecret = secret;
            return this;
        }

        /** The application's public address, for Stripe's return URLs. Required: {@link #build()} refuses null. */
        public Builder baseUrl(@Nullable String url) {
            this.baseUrl = url;
            return this;
        }

        /** Another Stripe API address: a local simulator or stripe-mock. Default (or null): Stripe. */
        public Builder stripeApiBase(@Nullable String url) {
            this.stripeApiBase = url;
            return this;
        }

        /**
         * Where Stripe sends the buyer after paying; default (also when null)
         * {@code {baseUrl}/reservation/confirmation?session_id={CHECKOUT_SESSION_ID}}.
         */
        public Builder successUrl(@Nullable String url) {
            this.successUrl = url;
            return this;
        }

        /**
         * Where Stripe sends a buyer who gives up; {@value BookingService#RESERVATION_ID_PLACEHOLDER} is replaced by
         * the reservation id (for {@link BookingService#cancelCheckout}). Default
         * {@code {baseUrl}/reservation/annulation?reservation_id={RESERVATION_ID}} (also when null).
         */
        public Builder cancelUrl(@Nullable String url) {
            this.cancelUrl = url;
            return this;
        }

        /**
         * How long places are held for a checkout: 5 minutes to 24 hours; default 15 minutes (see
         * {@code docs/configuration.md} for why). The Checkout Session lives at least Stripe's 30 minutes; when
         * a shorter hold ends, the sweeper expires the session at Stripe before giving the places back.
         */
        public Builder holdDuration(Duration duration) {
            this.holdDuration = duration;
            return this;
        }

        /**
         * The most pending checkouts one email address (trimmed, lower-cased) may have at once, across séjours;
         * one more is refused with {@code 429 too_many_pending_checkouts}. Default 2.
         */
        public Builder maxPendingCheckoutsPerEmail(int max) {
            this.maxPendingCheckoutsPerEmail = max;
            return this;
        }

        /**
         * Restricts the Checkout Session to these payment method types ({@code card}, {@code link},
         * {@code sepa_debit}…: Stripe's {@code payment_method_types}). Default: none given, Stripe shows the
         * methods enabled in the dashboard. Leaving out delayed methods (SEPA, ACH…) means no hold waits for a
         * payment for days.
         *
         * @throws IllegalArgumentException for a type stripe-java does not know
         */
        public Builder paymentMethodTypes(String... types) {
            List<String> list = List.of(types);
            for (String type : list) {
                StripeGateway.paymentMethodType(type);
            }
            this.paymentMethodTypes = list;
            return this;
        }

        /** The most places one order may take. Default 10. */
        public Builder maxPlacesPerOrder(int max) {
            this.maxPlacesPerOrder = max;
            return this;
        }

        /** The clock holds and webhook timestamps are measured with. Default: system UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder latePaymentPolicy(LatePaymentPolicy policy) {
            this.latePaymentPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** How far a webhook's signed timestamp may be from now, either way. Default 5 minutes. */
        public Builder webhookTolerance(Duration tolerance) {
            this.webhookTolerance = tolerance;
            return this;
        }

        /** Default 5 seconds. */
        public Builder stripeConnectTimeout(Duration timeout) {
            this.stripeConnectTimeout = timeout;
            return this;
        }

        /** Default 20 seconds. */
        public Builder stripeReadTimeout(Duration timeout) {
            this.stripeReadTimeout = timeout;
            return this;
        }

        /** Retries of a failed Stripe call (same idempotency key, so never a double charge). Default 2. */
        public Builder stripeMaxNetworkRetries(int retries) {
            this.stripeMaxNetworkRetries = retries;
            return this;
        }

        /**
         * How long a hold paid with a delayed method (SEPA, ACH) waits for its result past expiry: 0 to 14 days
         * (SEPA Direct Debit's longest settlement). Default 7 days.
         */
        public Builder delayedPaymentGrace(Duration grace) {
            this.delayedPaymentGrace = grace;
            return this;
        }

        /** How long one instance may take to deliver a notification before another may try. Default 2 minutes. */
        public Builder notificationClaim(Duration claim) {
            this.notificationClaim = claim;
            return this;
        }

        /**
         * The least time between two Stripe lookups of one Checkout Session by the confirmation page, per
         * instance: 1 second to 1 minute. Default 5 seconds.
         */
        public Builder stripeLookupInterval(Duration interval) {
            this.stripeLookupInterval = interval;
            return this;
        }

        /** How many holds or notifications one sweep handles. Default 100. */
        public Builder batchSize(int size) {
            this.batchSize = size;
            return this;
        }

        /**
         * Threads delivering notifications, started on demand and ended when idle. A hung mail server holds
         * at most this many; everything else waits in the queue or in the store. Default 2.
         */
        public Builder notificationThreads(int threads) {
            this.notificationThreads = threads;
            return this;
        }

        /**
         * Notifications waiting for a delivery thread; beyond that they wait in the store for the next
         * {@link BookingService#retryPendingNotifications() sweep}. Default 1000.
         */
        public Builder notificationQueueCapacity(int capacity) {
            this.notificationQueueCapacity = capacity;
            return this;
        }

        /**
         * Wait after the first failed attempt at a notification; each further failure doubles it (plus up to
         * a fifth at random), up to {@link #maxNotificationRetryDelay}. Default 30 seconds.
         */
        public Builder notificationRetryDelay(Duration delay) {
            this.notificationRetryDelay = delay;
            return this;
        }

        /** The longest wait between two attempts at a notification. Default 1 hour. */
        public Builder maxNotificationRetryDelay(Duration delay) {
            this.maxNotificationRetryDelay = delay;
            return this;
        }

        /**
         * Attempts at a notification before it is failed (a dead letter, logged once at ERROR, listed by
         * {@link NotificationOutbox#findFailedNotifications} and re-triggered by
         * {@link NotificationOutbox#retryFailedNotification}). A permanent failure (an address the mail
         * server refuses) fails it at the first. Default 10.
         */
        public Builder maxNotificationAttempts(int attempts) {
            this.maxNotificationAttempts = attempts;
            return this;
        }

        /** How long {@link BookingService#close()} lets deliveries under way finish. Default 5 seconds. */
        public Builder notificationShutdownTimeout(Duration timeout) {
            this.notificationShutdownTimeout = timeout;
            return this;
        }

        /**
         * Whether buyers may pay in their own currency (Stripe's Adaptive Pricing), where the Stripe account
         * turns it on. {@code false} sends {@code adaptive_pricing[enabled]=false} with every Checkout
         * Session, so buyers always pay in the séjour's currency; {@code true} (the default) sends nothing
         * and leaves the account's setting. Either way a payment is checked against the séjour's price in
         * the séjour's currency (see {@code docs/architecture.md}).
         */
        public Builder adaptivePricing(boolean enabled) {
            this.adaptivePricing = enabled;
            return this;
        }

        /** Told of every checkout and webhook, for metrics (see {@code booking-micrometer}). Default: nobody. */
        public Builder observer(BookingObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        public BookingService build() {
            if (sejours == null || reservations == null) {
                throw new IllegalArgumentException("stores are required");
            }
            require(outbox != null || reservations instanceof NotificationOutbox,
                    "notificationOutbox is required: the reservation store " + reservations.getClass().getName()
                            + " does not implement NotificationOutbox");
            if (stripeClient == null) {
                require(isSet(stripeSecretKey), "stripeSecretKey is required (or a stripeClient and livemode)");
            } else {
                require(livemode != null || isSet(stripeSecretKey),
                        "livemode is required with a stripeClient and no stripeSecretKey");
            }
            require(stripeSecretKey == null || stripeSecretKey.startsWith("sk_") || stripeSecretKey.startsWith("rk_"),
                    "stripeSecretKey must be a Stripe secret key (sk_… or rk_…)");
            require(stripeSecretKey == null || livemode == null || livemode == isLiveKey(stripeSecretKey),
                    "livemode(" + livemode + ") contradicts the stripeSecretKey, which is a "
                            + (isLiveKey(stripeSecretKey) ? "live" : "test") + " key");
            require(isSet(webhookSecret), "webhookSecret is required");
            if (baseUrl == null || baseUrl.isBlank()) {
                throw new IllegalArgumentException("baseUrl is required");
            }
            baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            require(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"), "baseUrl must be an http(s) URL");
            require(holdDuration != null && holdDuration.compareTo(MIN_HOLD) >= 0
                    && holdDuration.compareTo(MAX_HOLD) <= 0, "holdDuration must be 5 minutes to 24 hours");
            require(maxPlacesPerOrder >= 1, "maxPlacesPerOrder must be at least 1");
            require(maxPendingCheckoutsPerEmail >= 1, "maxPendingCheckoutsPerEmail must be at least 1");
            require(positive(webhookTolerance), "webhookTolerance must be positive");
            require(positive(stripeConnectTimeout) && positive(stripeReadTimeout), "Stripe timeouts must be positive");
            require(stripeMaxNetworkRetries >= 0, "stripeMaxNetworkRetries must not be negative");
            require(delayedPaymentGrace != null && !delayedPaymentGrace.isNegative()
                    && delayedPaymentGrace.compareTo(MAX_DELAYED_PAYMENT_GRACE) <= 0,
                    "delayedPaymentGrace must be 0 to 14 days");
            require(positive(notificationClaim), "notificationClaim must be positive");
            require(batchSize >= 1, "batchSize must be at least 1");
            require(stripeLookupInterval != null && stripeLookupInterval.compareTo(Duration.ofSeconds(1)) >= 0
                    && stripeLookupInterval.compareTo(Duration.ofMinutes(1)) <= 0,
                    "stripeLookupInterval must be 1 second to 1 minute");
            require(notificationThreads >= 1, "notificationThreads must be at least 1");
            require(notificationQueueCapacity >= 1, "notificationQueueCapacity must be at least 1");
            require(positive(notificationRetryDelay), "notificationRetryDelay must be positive");
            require(positive(maxNotificationRetryDelay) && maxNotificationRetryDelay.compareTo(notificationRetryDelay) >= 0,
                    "maxNotificationRetryDelay must be at least notificationRetryDelay");
            require(maxNotificationAttempts >= 1, "maxNotificationAttempts must be at least 1");
            require(notificationShutdownTimeout != null && !notificationShutdownTimeout.isNegative(),
                    "notificationShutdownTimeout must not be negative");
            return new BookingService(this);
        }

        private static boolean isSet(@Nullable String value) {
            return value != null && !value.isBlank();
        }

        private static boolean positive(@Nullable Duration duration) {
            return duration != null && !duration.isNegative() && !duration.isZero();
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}

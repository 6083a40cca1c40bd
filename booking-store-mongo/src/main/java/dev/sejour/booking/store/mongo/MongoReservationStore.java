package dev.sejour.booking.store.mongo;

import static dev.sejour.booking.store.mongo.ReservationCodec.APPLIED;
import static dev.sejour.booking.store.mongo.ReservationCodec.BUYER_KEY;
import static dev.sejour.booking.store.mongo.ReservationCodec.CLAIMED_UNTIL;
import static dev.sejour.booking.store.mongo.ReservationCodec.CREATED_AT;
import static dev.sejour.booking.store.mongo.ReservationCodec.EXPIRES_AT;
import static dev.sejour.booking.store.mongo.ReservationCodec.ID;
import static dev.sejour.booking.store.mongo.ReservationCodec.NOTIFIED_AT;
import static dev.sejour.booking.store.mongo.ReservationCodec.NOTIFY_ATTEMPTS;
import static dev.sejour.booking.store.mongo.ReservationCodec.NOTIFY_FAILED_AT;
import static dev.sejour.booking.store.mongo.ReservationCodec.NOTIFY_LAST_ERROR;
import static dev.sejour.booking.store.mongo.ReservationCodec.PAID_AT;
import static dev.sejour.booking.store.mongo.ReservationCodec.PAYMENT_INTENT;
import static dev.sejour.booking.store.mongo.ReservationCodec.PLACES;
import static dev.sejour.booking.store.mongo.ReservationCodec.SESSION;
import static dev.sejour.booking.store.mongo.ReservationCodec.SLUG;
import static dev.sejour.booking.store.mongo.ReservationCodec.STATUS;
import static dev.sejour.booking.store.mongo.ReservationCodec.VOIDED;
import static dev.sejour.booking.store.mongo.ReservationCodec.byId;
import static dev.sejour.booking.store.mongo.ReservationCodec.date;

import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import dev.sejour.booking.Dispute;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.spi.DeliveredNotification;
import dev.sejour.booking.spi.FailedNotification;
import dev.sejour.booking.spi.HoldOutcome;
import dev.sejour.booking.spi.NotificationFailure;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.ReservationCursor;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.StoreException;
import dev.sejour.booking.spi.Transition;
import dev.sejour.booking.spi.TransitionOutcome;
import dev.sejour.booking.store.mongo.Checkpoints.Point;
import dev.sejour.booking.store.mongo.PlaceChanges.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reservations in the seed's {@code reservations} collection, with their places taken from and given back
 * to the séjour's {@code capacity}: in a multi-document transaction when the deployment runs them (a replica
 * set, {@code mongos}), otherwise with the crash-repair protocol below. Both modes run the same steps; in a
 * transaction the steps are not recorded for the repair (see {@link PlaceChanges}), since the transaction
 * makes them all-or-nothing.
 *
 * <h2>How a change of places stays whole</h2>
 * A hold, or a transition whose {@code placesDelta} is not zero, touches two documents. It is done in three
 * single-document atomic writes, in this order:
 * <ol>
 *   <li><b>begin</b>, on the séjour: push an entry {@code {token, reservationId, delta, at}} on
 *       {@code placeChanges}; if the change takes places, also {@code $inc capacity -n}, only if
 *       {@code capacity >= n}. This conditional update is what prevents overselling, with or without the
 *       repair. At most one change per reservation is in flight (the filter requires no entry of it).</li>
 *   <li><b>commit point</b>, on the reservation: insert it (hold), or compare-and-set its {@code statut}
 *       (transition, also requiring that the token is not in {@code voidedChanges}); either way the
 *       token goes into {@code appliedChanges}.</li>
 *   <li><b>finish</b>, on the séjour, conditional on the entry still being there: commit (pull the entry;
 *       {@code $inc capacity +n} if the change gives places back) or, when step 2 did not happen, abort
 *       (pull the entry; give back the places step 1 took).</li>
 * </ol>
 * Places are thus taken before the reservation may count them, and given back only once the reservation
 * can no longer count them: a crash or a stall between two steps can only leave places out of sale, never
 * sell them twice. What each crash leaves, and how {@link #repair} fixes it:
 * <ul>
 *   <li>after 1: an entry whose token the reservation lacks (or no reservation at all, for a hold). The
 *       repair first makes sure step 2 can never happen (adds the token to {@code voidedChanges}, or stores
 *       the hold's reservation itself as {@code echouee}, so a stalled insert fails on the duplicate id),
 *       then aborts: the places come back.</li>
 *   <li>after 2: an entry whose token the reservation has. The repair commits it: a hold or a payment keeps
 *       its places, a release gives them back.</li>
 *   <li>after 3: nothing is left to do.</li>
 * </ul>
 * Commit and abort fire only while the entry exists, so the repair is idempotent and may run on several
 * instances at once. It only looks at entries older than a margin, so that it does not cancel operations
 * in flight; cancelling one that stalled longer is safe, as above: that operation then fails, or retries.
 * Transitions that change no places (a payment within the hold, a refund of places already given back)
 * are one compare-and-set and need no repair, nor a transaction.
 *
 * <p>{@code placeChanges} holds only changes in flight, so it stays small whatever the number of
 * reservations; {@code appliedChanges} gains one token per hold or place-changing transition, a handful per
 * reservation since statuses only move forward.
 */
final class MongoReservationStore implements ReservationStore, NotificationOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(MongoReservationStore.class);
    // A transition retries only when the repair cancelled its change, which takes a stall past the margin.
    private static final int MAX_ATTEMPTS = 3;

    private final MongoCollection<Document> reservations;
    private final MongoCollection<Document> sejours;
    private final MongoMapping mapping;
    private final ReservationCodec codec;
    private final PlaceChanges changes;
    private final PlaceChangeRepair repair;
    private final Checkpoints checkpoints;
    private final BuyerLocks buyerLocks;
    private final Transactions transactions;

    MongoReservationStore(MongoCollection<Document> reservations, MongoCollection<Document> sejours,
                          MongoMapping mapping, Duration repairMargin, Checkpoints checkpoints,
                          BuyerLocks buyerLocks, Transactions transactions) {
        this.buyerLocks = buyerLocks;
        this.transactions = transactions;
        this.reservations = reservations;
        this.sejours = sejours;
        this.mapping = mapping;
        this.codec = new ReservationCodec(mapping.defaultCurrency());
        this.changes = new PlaceChanges(sejours, mapping);
        this.repair = new PlaceChangeRepair(reservations, changes, repairMargin);
        this.checkpoints = checkpoints;
    }

    // Guard.call wraps the transaction, never the reverse: withTransaction must see the driver's own
    // exceptions to retry the transient ones.
    @Override
    public HoldOutcome insertHold(Reservation pending) {
        return Guard.call("hold for reservation " + pending.id(), () -> transactions.run(scope -> hold(scope, pending)));
    }

    private HoldOutcome hold(Scope scope, Reservation pending) {
        String slug = pending.sejourSlug();
        Document document = codec.encode(pending);
        Change change = Change.of(scope, pending.id(), -pending.places(), pending.createdAt(), document);
        if (!changes.begin(scope, slug, change)) {
            return whyNoHold(scope, pending);
        }
        checkpoints.reached(Point.HOLD_TAKEN, pending.id());
        Document stored = new Document(document);
        if (change.recorded()) {
            stored.append(APPLIED, List.of(change.token()));
        }
        try {
            scope.insert(reservations, stored);
        } catch (MongoWriteException e) {
            // Refused for sure (not a time-out, where the repair decides later): give the places back, or
            // let the transaction's abort do it.
            if (!scope.inTransaction()) {
                changes.abort(scope, slug, change);
            }
            if (Guard.duplicateKey(e)) {
                throw new StoreException("reservation " + pending.id() + " already exists, or its hold stalled"
                        + " past the repair margin and was recorded as failed", e);
            }
            throw e;
        }
        checkpoints.reached(Point.RESERVATION_INSERTED, pending.id());
        finishQuietly(scope, slug, change);
        return HoldOutcome.HELD;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: under a lease on the buyer's address ({@code <reservations>_buyerLocks}), counts the buyer's
     * pending holds, releases the replaced one, then holds. In a transaction these are one all-or-nothing
     * step. Without one, the release and the new hold are two steps: another buyer may take the places given
     * back between them (the new hold then answers {@link HoldOutcome#NOT_ENOUGH_PLACES}, the replaced one
     * stays released). The lease is taken outside the transaction either way: two transactions of one buyer
     * would otherwise each count the other's holds as absent (snapshot reads) and together pass the limit.
     */
    @Override
    public HoldOutcome insertHold(Reservation pending, int maxPendingPerBuyer, @Nullable String replacedReservationId) {
        String buyer = pending.buyer().normalisedEmail();
        return Guard.call("limited hold for reservation " + pending.id(), () -> buyerLocks.withLease(buyer,
                () -> transactions.run(scope -> limitedHold(scope, pending, buyer, maxPendingPerBuyer,
                        replacedReservationId))));
    }

    private HoldOutcome limitedHold(Scope scope, Reservation pending, String buyer, int maxPendingPerBuyer,
                                    @Nullable String replacedReservationId) {
        Reservation replaced = null;
        if (replacedReservationId != null) {
            Document doc = scope.find(reservations, Filters.and(byId(replacedReservationId),
                    Filters.eq(STATUS, ReservationStatus.PENDING.code()), Filters.eq(BUYER_KEY, buyer))).first();
            if (doc == null) {
                return HoldOutcome.REPLACED_NOT_PENDING;
            }
            replaced = codec.decode(doc);
        }
        Bson others = Filters.and(Filters.eq(BUYER_KEY, buyer), Filters.eq(STATUS, ReservationStatus.PENDING.code()));
        if (replacedReservationId != null) {
            others = Filters.and(others, Filters.ne(ID, replacedReservationId));
        }
        if (scope.count(reservations, others) >= maxPendingPerBuyer) {
            return HoldOutcome.TOO_MANY_PENDING;
        }
        if (scope.find(sejours, Filters.eq(mapping.slugField(), pending.sejourSlug())).first() == null) {
            return HoldOutcome.SEJOUR_NOT_FOUND;
        }
        if (replaced != null && transitionIn(scope, Transition.of(replaced.id(), ReservationStatus.PENDING,
                ReservationStatus.EXPIRED, replaced.places(), pending.createdAt())) != TransitionOutcome.APPLIED) {
            return HoldOutcome.REPLACED_NOT_PENDING;
        }
        return hold(scope, pending);
    }

    @Override
    public List<Reservation> findPendingByBuyer(String normalisedEmail) {
        return findMany("finding pending holds of a buyer", Filters.and(Filters.eq(BUYER_KEY, normalisedEmail),
                Filters.eq(STATUS, ReservationStatus.PENDING.code())), Sorts.ascending(CREATED_AT, ID), Integer.MAX_VALUE);
    }

    /**
     * {@inheritDoc} Here: one {@code insertOne}, which touches no séjour and so needs no place change; the
     * unique indexes on {@code _id} and the session id make a second delivery's insert fail.
     */
    @Override
    public boolean insertReleased(Reservation released) {
        if (released.status().occupiesPlaces()) {
            throw new IllegalArgumentException("a released reservation holds no places: " + released.status());
        }
        return Guard.call("storing released reservation " + released.id(), () -> {
            try {
                reservations.insertOne(codec.encode(released));
                return true;
            } catch (MongoWriteException e) {
                if (Guard.duplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public boolean attachSession(String reservationId, String stripeSessionId) {
        return Guard.call("attaching session to " + reservationId, () -> {
            try {
                return reservations.updateOne(
                        Filters.and(byId(reservationId), Filters.in(SESSION, Arrays.asList(null, stripeSessionId))),
                        Updates.set(SESSION, stripeSessionId)).getMatchedCount() == 1;
            } catch (MongoWriteException e) {
                if (Guard.duplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public TransitionOutcome transition(Transition t) {
        // A transition that changes no places writes one document: no transaction is needed.
        return Guard.call("transition of " + t.reservationId(), () -> t.placesDelta() == 0
                ? transitionIn(Scope.NONE, t)
                : transactions.run(scope -> transitionIn(scope, t)));
    }

    private TransitionOutcome transitionIn(Scope scope, Transition t) {
        if (t.placesDelta() == 0) {
            return moveStatus(scope, t, null) ? TransitionOutcome.APPLIED : whyStale(scope, t);
        }
        return transitionWithPlaces(scope, t);
    }

    private TransitionOutcome transitionWithPlaces(Scope scope, Transition t) {
        Document current = scope.find(reservations, byId(t.reservationId()))
                .projection(new Document(SLUG, 1).append(STATUS, 1)).first();
        if (current == null) {
            return TransitionOutcome.NOT_FOUND;
        }
        String slug = current.getString(SLUG);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            if (!t.from().code().equals(current.getString(STATUS))) {
                return TransitionOutcome.STALE;
            }
            Change change = Change.of(scope, t.reservationId(), t.placesDelta(), t.at(), null);
            if (!changes.begin(scope, slug, change)) {
                Optional<TransitionOutcome> refused = whyNoBegin(scope, t, slug);
                if (refused.isPresent()) {
                    return refused.get();
                }
            } else {
                checkpoints.reached(Point.CHANGE_BEGUN, t.reservationId());
                boolean moved;
                try {
                    moved = moveStatus(scope, t, change.recordedToken());
                } catch (MongoWriteException e) {
                    if (!scope.inTransaction()) {
                        changes.abort(scope, slug, change);
                    }
                    throw e;
                }
                if (moved) {
                    checkpoints.reached(Point.RESERVATION_MOVED, t.reservationId());
                    finishQuietly(scope, slug, change);
                    return TransitionOutcome.APPLIED;
                }
                changes.abort(scope, slug, change);
            }
            current = scope.find(reservations, byId(t.reservationId())).projection(new Document(STATUS, 1)).first();
            if (current == null) {
                return TransitionOutcome.NOT_FOUND;
            }
        }
        throw new StoreException("transition of " + t.reservationId() + " was cancelled " + MAX_ATTEMPTS
                + " times by the repair; is its margin shorter than the database's response time?");
    }

    /**
     * Why {@code begin} failed: the reservation moved (stale), another change of it is in flight (stale:
     * someone else is moving it), or too few places are left. Empty when a committed but unfinished change
     * was in the way and is now finished: try again.
     */
    private Optional<TransitionOutcome> whyNoBegin(Scope scope, Transition t, String slug) {
        Document status = scope.find(reservations, byId(t.reservationId())).projection(new Document(STATUS, 1)).first();
        if (status == null) {
            return Optional.of(TransitionOutcome.NOT_FOUND);
        }
        if (!t.from().code().equals(status.getString(STATUS))) {
            return Optional.of(TransitionOutcome.STALE);
        }
        Document sejour = scope.find(sejours, Filters.eq(mapping.slugField(), slug))
                .projection(new Document(mapping.slugField(), 1).append(SejourCodec.CHANGES, 1)).first();
        if (sejour == null) {
            return Optional.of(TransitionOutcome.NOT_ENOUGH_PLACES);
        }
        if (!hasChangeOf(sejour, t.reservationId())) {
            // Another change of this reservation may have been in the way and finished between the two
            // reads: the reservation then moved, and this transition is stale, not short of places.
            Document again = scope.find(reservations, byId(t.reservationId())).projection(new Document(STATUS, 1)).first();
            if (again == null) {
                return Optional.of(TransitionOutcome.NOT_FOUND);
            }
            if (!t.from().code().equals(again.getString(STATUS))) {
                return Optional.of(TransitionOutcome.STALE);
            }
            // Giving places back never lacks places: the change in the way is gone, try again.
            return t.placesDelta() > 0 ? Optional.empty() : Optional.of(TransitionOutcome.NOT_ENOUGH_PLACES);
        }
        return repair.finishCommitted(scope, slug, sejour, t.reservationId())
                ? Optional.empty()
                : Optional.of(TransitionOutcome.STALE);
    }

    /** The compare-and-set on the status; with a token, it also commits that recorded place change. */
    private boolean moveStatus(Scope scope, Transition t, @Nullable String token) {
        List<Bson> filters = new ArrayList<>(List.of(byId(t.reservationId()), Filters.eq(STATUS, t.from().code())));
        List<Bson> updates = new ArrayList<>(List.of(Updates.set(STATUS, t.to().code()),
                Updates.unset(NOTIFIED_AT), t.notificationClaimUntil() == null ? Updates.unset(CLAIMED_UNTIL)
                        : Updates.set(CLAIMED_UNTIL, date(t.notificationClaimUntil())),
                Updates.unset(NOTIFY_ATTEMPTS), Updates.unset(NOTIFY_FAILED_AT), Updates.unset(NOTIFY_LAST_ERROR)));
        if (token != null) {
            filters.add(Filters.ne(VOIDED, token));
            updates.add(Updates.addToSet(APPLIED, token));
        }
        if (t.stripeSessionId() != null) {
            updates.add(Updates.set(SESSION, t.stripeSessionId()));
        }
        if (t.paymentIntentId() != null) {
            updates.add(Updates.set(PAYMENT_INTENT, t.paymentIntentId()));
        }
        if (t.to() == ReservationStatus.PAID) {
            updates.add(Updates.set(PAID_AT, date(t.at())));
        }
        return scope.update(reservations, Filters.and(filters), Updates.combine(updates)).getMatchedCount() == 1;
    }

    private TransitionOutcome whyStale(Scope scope, Transition t) {
        return scope.find(reservations, byId(t.reservationId())).projection(new Document(ID, 1)).first() == null
                ? TransitionOutcome.NOT_FOUND
                : TransitionOutcome.STALE;
    }

    private HoldOutcome whyNoHold(Scope scope, Reservation pending) {
        Document sejour = scope.find(sejours, Filters.eq(mapping.slugField(), pending.sejourSlug()))
                .projection(new Document(SejourCodec.CHANGES, 1)).first();
        if (sejour == null) {
            return HoldOutcome.SEJOUR_NOT_FOUND;
        }
        if (hasChangeOf(sejour, pending.id())) {
            throw new StoreException("reservation " + pending.id() + " is already being held");
        }
        return HoldOutcome.NOT_ENOUGH_PLACES;
    }

    /**
     * After the commit point the operation has succeeded; an unfinished séjour side is the repair's job. In a
     * transaction there is no such point: a failure aborts the whole operation (or withTransaction retries it).
     */
    private void finishQuietly(Scope scope, String slug, Change change) {
        if (scope.inTransaction()) {
            changes.commit(scope, slug, change);
            return;
        }
        try {
            changes.commit(scope, slug, change);
        } catch (MongoException e) {
            LOG.warn("Reservation {} changed, but its séjour '{}' could not be updated yet; the sweeper's repair"
                    + " will finish it", change.reservationId(), slug, e);
        }
    }

    private static boolean hasChangeOf(Document sejour, String reservationId) {
        return sejour.getList(SejourCodec.CHANGES, Document.class, List.of()).stream()
                .anyMatch(entry -> reservationId.equals(entry.getString(PlaceChanges.RESERVATION_ID)));
    }

    @Override
    public Optional<Reservation> findById(String reservationId) {
        return findOne("reading reservation " + reservationId, byId(reservationId));
    }

    @Override
    public Optional<Reservation> findByStripeSessionId(String stripeSessionId) {
        return findOne("finding session " + stripeSessionId, Filters.eq(SESSION, stripeSessionId));
    }

    @Override
    public Optional<Reservation> findByPaymentIntentId(String paymentIntentId) {
        return findOne("finding payment " + paymentIntentId, Filters.eq(PAYMENT_INTENT, paymentIntentId));
    }

    @Override
    public List<Reservation> findExpiredHolds(Instant now, int limit) {
        return findMany("finding expired holds", Filters.and(Filters.eq(STATUS, ReservationStatus.PENDING.code()),
                Filters.lte(EXPIRES_AT, date(now))), Sorts.ascending(EXPIRES_AT, ID), limit);
    }

    /**
     * {@inheritDoc} Reservations written by the Next.js app without {@code createdAt} are decoded with their
     * ObjectId's time but sort here by the stored field (missing sorts first, and the cursor skips them).
     */
    @Override
    public List<Reservation> findBySejour(String sejourSlug, @Nullable ReservationStatus status,
                                          @Nullable ReservationCursor after,
                                          int limit) {
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.eq(SLUG, sejourSlug));
        if (status != null) {
            filters.add(Filters.eq(STATUS, status.code()));
        }
        if (after != null) {
            filters.add(Filters.or(Filters.gt(CREATED_AT, date(after.createdAt())),
                    Filters.and(Filters.eq(CREATED_AT, date(after.createdAt())), Filters.gt(ID, after.id()))));
        }
        return findMany("listing reservations of séjour " + sejourSlug, Filters.and(filters),
                Sorts.ascending(CREATED_AT, ID), limit);
    }

    /**
     * {@inheritDoc} Reservations written by the Next.js app (they have no {@code expiresAt}) are never due:
     * that app sent their email already.
     */
    @Override
    public List<Reservation> findNotificationsDue(Instant now, int limit) {
        return findMany("finding notifications due", Filters.and(
                Filters.in(STATUS, ReservationStatus.PAID.code(), ReservationStatus.REFUNDED.code()),
                Filters.eq(NOTIFIED_AT, null), Filters.eq(NOTIFY_FAILED_AT, null), Filters.exists(EXPIRES_AT),
                unclaimed(now)),
                // A missing claim sorts first: never claimed (or released), then by when the claim or backoff ended.
                Sorts.ascending(CLAIMED_UNTIL, CREATED_AT, ID), limit);
    }

    @Override
    public boolean claimNotification(String reservationId, ReservationStatus status, Instant now, Instant until) {
        return Guard.call("claiming notification of " + reservationId, () -> reservations.updateOne(
                Filters.and(byId(reservationId), Filters.eq(STATUS, status.code()), Filters.eq(NOTIFIED_AT, null),
                        Filters.eq(NOTIFY_FAILED_AT, null), Filters.exists(EXPIRES_AT), unclaimed(now)),
                Updates.set(CLAIMED_UNTIL, date(until))).getMatchedCount() == 1);
    }

    @Override
    public void releaseNotificationClaim(String reservationId) {
        Guard.run("releasing notification claim of " + reservationId,
                () -> reservations.updateOne(byId(reservationId), Updates.unset(CLAIMED_UNTIL)));
    }

    @Override
    public boolean markNotified(String reservationId, ReservationStatus status, Instant at) {
        return Guard.call("marking " + reservationId + " notified", () -> reservations.updateOne(
                Filters.and(byId(reservationId), Filters.eq(STATUS, status.code())),
                Updates.combine(Updates.set(NOTIFIED_AT, date(at)), Updates.unset(CLAIMED_UNTIL)))
                .getMatchedCount() == 1);
    }

    /** {@inheritDoc} Here: one unordered bulk write of single-document updates. */
    @Override
    public int markAllNotified(List<DeliveredNotification> delivered) {
        if (delivered.isEmpty()) {
            return 0;
        }
        List<UpdateOneModel<Document>> updates = new ArrayList<>();
        for (DeliveredNotification d : delivered) {
            updates.add(new UpdateOneModel<>(Filters.and(byId(d.reservationId()), Filters.eq(STATUS, d.status().code())),
                    Updates.combine(Updates.set(NOTIFIED_AT, date(d.at())), Updates.unset(CLAIMED_UNTIL))));
        }
        return Guard.call("marking " + delivered.size() + " notified", () -> reservations.bulkWrite(updates,
                new BulkWriteOptions().ordered(false)).getMatchedCount());
    }

    @Override
    public int notificationAttempts(String reservationId) {
        return Guard.call("reading notification attempts of " + reservationId, () -> {
            Document doc = reservations.find(byId(reservationId)).projection(new Document(NOTIFY_ATTEMPTS, 1)).first();
            return doc == null || doc.get(NOTIFY_ATTEMPTS) == null ? 0 : doc.get(NOTIFY_ATTEMPTS, Number.class).intValue();
        });
    }

    @Override
    public boolean recordNotificationFailure(NotificationFailure f) {
        // A compare-and-set on the attempts count (absent means none): two instances never both record one attempt.
        Bson previous = f.attempt() == 1 ? Filters.or(Filters.eq(NOTIFY_ATTEMPTS, null), Filters.eq(NOTIFY_ATTEMPTS, 0))
                : Filters.eq(NOTIFY_ATTEMPTS, f.attempt() - 1);
        Bson outcome = f.isFinal()
                ? Updates.combine(Updates.set(NOTIFY_FAILED_AT, date(f.at())), Updates.unset(CLAIMED_UNTIL))
                : Updates.set(CLAIMED_UNTIL, date(f.retryAt()));
        return Guard.call("recording failed notification of " + f.reservationId(), () -> reservations.updateOne(
                Filters.and(byId(f.reservationId()), Filters.eq(STATUS, f.status().code()),
                        Filters.eq(NOTIFIED_AT, null), Filters.eq(NOTIFY_FAILED_AT, null), previous),
                Updates.combine(Updates.set(NOTIFY_ATTEMPTS, f.attempt()), Updates.set(NOTIFY_LAST_ERROR, f.error()),
                        outcome))
                .getMatchedCount() == 1);
    }

    @Override
    public List<FailedNotification> findFailedNotifications(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return Guard.call("finding failed notifications", () -> {
            List<FailedNotification> found = new ArrayList<>();
            reservations.find(Filters.ne(NOTIFY_FAILED_AT, null)).sort(Sorts.ascending(NOTIFY_FAILED_AT, ID))
                    .limit(limit)
                    .forEach(doc -> found.add(new FailedNotification(codec.decode(doc),
                            doc.get(NOTIFY_ATTEMPTS, Number.class).intValue(), doc.getDate(NOTIFY_FAILED_AT).toInstant(),
                            doc.getString(NOTIFY_LAST_ERROR))));
            return found;
        });
    }

    @Override
    public int countFailedNotifications() {
        return Guard.call("counting failed notifications",
                () -> Math.toIntExact(reservations.countDocuments(Filters.ne(NOTIFY_FAILED_AT, null))));
    }

    @Override
    public boolean retryFailedNotification(String reservationId) {
        return Guard.call("retrying failed notification of " + reservationId, () -> reservations.updateOne(
                Filters.and(byId(reservationId), Filters.ne(NOTIFY_FAILED_AT, null)),
                Updates.combine(Updates.unset(NOTIFY_FAILED_AT), Updates.unset(NOTIFY_ATTEMPTS),
                        Updates.unset(CLAIMED_UNTIL), Updates.unset(NOTIFY_LAST_ERROR)))
                .getMatchedCount() == 1);
    }

    @Override
    public boolean extendHold(String reservationId, Instant until) {
        return Guard.call("extending the hold of " + reservationId, () -> reservations.updateOne(
                Filters.and(byId(reservationId), Filters.eq(STATUS, ReservationStatus.PENDING.code()),
                        Filters.lt(EXPIRES_AT, date(until))),
                Updates.set(EXPIRES_AT, date(until)))
                .getMatchedCount() == 1);
    }

    /** {@inheritDoc} Here: one aggregation ({@code $match} on the séjour, {@code $group} by status). */
    @Override
    public Map<ReservationStatus, dev.sejour.booking.StatusCount> countBySejour(String sejourSlug) {
        return Guard.call("counting reservations of " + sejourSlug, () -> {
            Map<ReservationStatus, dev.sejour.booking.StatusCount> counts = new EnumMap<>(ReservationStatus.class);
            for (Document group : reservations.aggregate(List.of(
                    Aggregates.match(Filters.eq(SLUG, sejourSlug)),
                    Aggregates.group("$" + STATUS, Accumulators.sum("reservations", 1),
                            Accumulators.sum("places", "$" + PLACES))))) {
                counts.put(ReservationStatus.fromCode(group.getString(ID)), new dev.sejour.booking.StatusCount(
                        group.get("reservations", Number.class).intValue(),
                        (int) Math.round(group.get("places", Number.class).doubleValue())));
            }
            return counts;
        });
    }

    /** See {@link MongoBookingStores#countPlaces}: an inspection, not part of the SPI. */
    Map<ReservationStatus, Integer> countPlaces(String sejourSlug) {
        return Guard.call("counting places of " + sejourSlug, () -> {
            int held = 0;
            int paid = 0;
            for (Document group : reservations.aggregate(List.of(
                    Aggregates.match(Filters.and(Filters.eq(SLUG, sejourSlug), Filters.in(STATUS,
                            ReservationStatus.PENDING.code(), ReservationStatus.PAID.code()))),
                    Aggregates.group("$" + STATUS, Accumulators.sum("places", "$" + PLACES))))) {
                int places = group.get("places", Number.class).intValue();
                if (ReservationStatus.PENDING.code().equals(group.getString(ID))) {
                    held = places;
                } else {
                    paid = places;
                }
            }
            Map<ReservationStatus, Integer> count = new EnumMap<>(ReservationStatus.class);
            count.put(ReservationStatus.PENDING, held);
            count.put(ReservationStatus.PAID, paid);
            return count;
        });
    }

    /**
     * {@inheritDoc} Here: finishes the place changes that began at least the margin (one minute by
     * default) before {@code now} and were left unfinished; see the class comment.
     */
    @Override
    public int repair(Instant now) {
        return Guard.call("repair", () -> repair.repair(now));
    }

    private static Bson unclaimed(Instant now) {
        return Filters.or(Filters.eq(CLAIMED_UNTIL, null), Filters.lte(CLAIMED_UNTIL, date(now)));
    }

    private Optional<Reservation> findOne(String what, Bson filter) {
        return Guard.call(what, () -> Optional.ofNullable(reservations.find(filter).first()).map(codec::decode));
    }

    private List<Reservation> findMany(String what, Bson filter, Bson sort, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return Guard.call(what, () -> {
            List<Reservation> found = new ArrayList<>();
            reservations.find(filter).sort(sort).limit(limit).forEach(doc -> found.add(codec.decode(doc)));
            return found;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: one conditional {@code updateOne} of the reservation's document (no dispute; or for a closing
     * this dispute still open; or for an open chargeback this dispute still open with a status matching
     * {@code ^warning_}), atomic on a single document.
     */
    @Override
    public boolean recordDispute(String reservationId, Dispute dispute, @Nullable Instant noticeDueAt) {
        String disputeId = ReservationCodec.DISPUTE + "." + ReservationCodec.DISPUTE_ID;
        String closedAt = ReservationCodec.DISPUTE + "." + ReservationCodec.DISPUTE_CLOSED_AT;
        // The forward rule of Dispute.isOvertakenBy, in the update's filter.
        Bson forward;
        if (dispute.closed()) {
            forward = Filters.or(Filters.eq(ReservationCodec.DISPUTE, null),
                    Filters.and(Filters.eq(disputeId, dispute.id()), Filters.eq(closedAt, null)));
        } else if (dispute.inquiry()) {
            forward = Filters.eq(ReservationCodec.DISPUTE, null);
        } else {
            forward = Filters.or(Filters.eq(ReservationCodec.DISPUTE, null),
                    Filters.and(Filters.eq(disputeId, dispute.id()), Filters.eq(closedAt, null),
                            Filters.regex(ReservationCodec.DISPUTE + "." + ReservationCodec.DISPUTE_STATUS,
                                    "^" + Dispute.INQUIRY_PREFIX)));
        }
        Bson notice = noticeDueAt == null
                ? Updates.unset(ReservationCodec.DISPUTE_NOTICE_DUE_AT)
                : Updates.set(ReservationCodec.DISPUTE_NOTICE_DUE_AT, date(noticeDueAt));
        return Guard.call("recording dispute " + dispute.id() + " of " + reservationId, () -> reservations.updateOne(
                Filters.and(byId(reservationId), forward),
                Updates.combine(Updates.set(ReservationCodec.DISPUTE, ReservationCodec.encodeDispute(dispute)), notice,
                        Updates.unset(ReservationCodec.DISPUTE_NOTICE_ATTEMPTS))).getMatchedCount() == 1);
    }

    @Override
    public List<Reservation> findDisputeNoticesDue(Instant now, int limit) {
        return findMany("finding dispute notices due",
                Filters.lte(ReservationCodec.DISPUTE_NOTICE_DUE_AT, date(now)),
                Sorts.ascending(ReservationCodec.DISPUTE_NOTICE_DUE_AT, ID), limit);
    }

    @Override
    public boolean claimDisputeNotice(String reservationId, String disputeStatus, Instant now, Instant until) {
        return Guard.call("claiming dispute notice of " + reservationId, () -> reservations.updateOne(
                Filters.and(byId(reservationId), disputeStatusIs(disputeStatus),
                        Filters.lte(ReservationCodec.DISPUTE_NOTICE_DUE_AT, date(now))),
                Updates.set(ReservationCodec.DISPUTE_NOTICE_DUE_AT, date(until))).getMatchedCount() == 1);
    }

    @Override
    public boolean finishDisputeNotice(String reservationId, String disputeStatus, int attempts,
            @Nullable Instant retryAt) {
        Bson due = retryAt == null
                ? Updates.unset(ReservationCodec.DISPUTE_NOTICE_DUE_AT)
                : Updates.set(ReservationCodec.DISPUTE_NOTICE_DUE_AT, date(retryAt));
        return Guard.call("finishing dispute notice of " + reservationId, () -> reservations.updateOne(
                Filters.and(byId(reservationId), disputeStatusIs(disputeStatus),
                        Filters.exists(ReservationCodec.DISPUTE_NOTICE_DUE_AT)),
                Updates.combine(due, Updates.set(ReservationCodec.DISPUTE_NOTICE_ATTEMPTS, attempts)))
                .getMatchedCount() == 1);
    }

    @Override
    public int disputeNoticeAttempts(String reservationId) {
        return Guard.call("reading dispute notice attempts of " + reservationId, () -> {
            Document doc = reservations.find(byId(reservationId))
                    .projection(new Document(ReservationCodec.DISPUTE_NOTICE_ATTEMPTS, 1)).first();
            Object attempts = doc == null ? null : doc.get(ReservationCodec.DISPUTE_NOTICE_ATTEMPTS);
            return attempts instanceof Number n ? n.intValue() : 0;
        });
    }

    private static Bson disputeStatusIs(String status) {
        return Filters.eq(ReservationCodec.DISPUTE + "." + ReservationCodec.DISPUTE_STATUS, status);
    }
}

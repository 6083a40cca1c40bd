package dev.sejour.booking.store.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.spi.StoreException;
import dev.sejour.booking.store.mongo.PlaceChanges.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes place changes that a crash (or a stall longer than the margin) left on a séjour. For each such
 * change it settles, from the reservation alone, whether the change committed, and then commits or aborts
 * it on the séjour; both are idempotent, so running it again, or concurrently, changes nothing more.
 *
 * <p>A change that has not committed may still be in flight. Before aborting it, the repair makes sure it
 * never will commit: it adds the change's token to the reservation's {@code voidedChanges} (the
 * transition's compare-and-set requires the token not to be there), or, for a hold whose reservation was
 * never stored, stores that reservation itself as {@code echouee} (the hold's own insert then fails on the
 * duplicate id). Whichever write comes first wins, and both sides see it.
 */
final class PlaceChangeRepair {

    private static final Logger LOG = LoggerFactory.getLogger(PlaceChangeRepair.class);
    private static final int MAX_ROUNDS = 8;

    enum Fate { COMMITTED, VOIDED }

    private final MongoCollection<Document> reservations;
    private final PlaceChanges changes;
    private final Duration margin;

    PlaceChangeRepair(MongoCollection<Document> reservations, PlaceChanges changes, Duration margin) {
        this.reservations = reservations;
        this.changes = changes;
        this.margin = margin;
    }

    /** Repairs the changes that began at least the margin before {@code now}; answers how many it finished. */
    int repair(Instant now) {
        Instant cutoff = now.minus(margin);
        List<Document> sejours = new ArrayList<>();
        changes.withChangesBegunBefore(cutoff).forEach(sejours::add);
        int repaired = 0;
        for (Document sejour : sejours) {
            String slug = changes.slugOf(sejour);
            for (Document entry : sejour.getList(SejourCodec.CHANGES, Document.class, List.of())) {
                Change change = Change.fromEntry(entry);
                if (change.at().isAfter(cutoff)) {
                    continue;
                }
                Fate fate = settle(Scope.NONE, change, true);
                boolean finished = fate == Fate.COMMITTED ? changes.commit(Scope.NONE, slug, change)
                        : changes.abort(Scope.NONE, slug, change);
                if (finished) {
                    repaired++;
                    LOG.warn("Repaired an interrupted change of {} place(s) of '{}' for reservation {}: {}",
                            change.delta(), slug, change.reservationId(), fate);
                }
            }
        }
        return repaired;
    }

    /**
     * Commits the changes of this reservation that its document already records, left unfinished by an
     * operation that stopped after its commit point; helps a transition that found them in its way (inside
     * that transition's transaction, if it has one).
     *
     * @return true if no change of this reservation is left on the séjour
     */
    boolean finishCommitted(Scope scope, String slug, Document sejour, String reservationId) {
        boolean clear = true;
        for (Document entry : sejour.getList(SejourCodec.CHANGES, Document.class, List.of())) {
            Change change = Change.fromEntry(entry);
            if (change.reservationId().equals(reservationId)) {
                if (settle(scope, change, false) == Fate.COMMITTED) {
                    changes.commit(scope, slug, change);
                } else {
                    clear = false;
                }
            }
        }
        return clear;
    }

    /**
     * Whether the change committed. With {@code fence}, a change that has not is made unable to commit
     * ({@link Fate#VOIDED}); without, an uncommitted change answers {@code VOIDED} but may still commit.
     */
    private Fate settle(Scope scope, Change change, boolean fence) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Document reservation = scope.find(reservations, ReservationCodec.byId(change.reservationId()))
                    .projection(new Document(ReservationCodec.APPLIED, 1).append(ReservationCodec.VOIDED, 1))
                    .first();
            if (reservation == null) {
                if (!fence || change.reservation() == null || storeFailedHold(scope, change)) {
                    return Fate.VOIDED;
                }
                continue;
            }
            if (listed(reservation, ReservationCodec.APPLIED, change.token())) {
                return Fate.COMMITTED;
            }
            if (!fence || listed(reservation, ReservationCodec.VOIDED, change.token())) {
                return Fate.VOIDED;
            }
            boolean voided = scope.update(reservations,
                    Filters.and(ReservationCodec.byId(change.reservationId()),
                            Filters.ne(ReservationCodec.APPLIED, change.token())),
                    Updates.addToSet(ReservationCodec.VOIDED, change.token())).getMatchedCount() == 1;
            if (voided) {
                return Fate.VOIDED;
            }
            // The change committed between the read and the fence: read again.
        }
        throw new StoreException("change " + change.token() + " of reservation " + change.reservationId()
                + " could not be settled");
    }

    /** Stores the hold's reservation as failed, unless its own insert got there first. */
    private boolean storeFailedHold(Scope scope, Change change) {
        Document failed = new Document(change.reservation())
                .append(ReservationCodec.STATUS, ReservationStatus.FAILED.code())
                .append(ReservationCodec.VOIDED, List.of(change.token()));
        try {
            scope.insert(reservations, failed);
            return true;
        } catch (MongoException e) {
            if (Guard.duplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean listed(Document reservation, String field, String token) {
        return reservation.getList(field, String.class, List.of()).contains(token);
    }
}

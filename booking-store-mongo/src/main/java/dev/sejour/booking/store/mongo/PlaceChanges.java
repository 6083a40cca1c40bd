package dev.sejour.booking.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * The séjour side of a change of places, in three single-document steps on the séjour: {@link #begin},
 * then {@link #commit} or {@link #abort}. Between them a <em>recorded</em> change is an entry of the séjour's
 * {@code placeChanges} array, which is what makes the last step idempotent and a crash repairable.
 *
 * <p>Places are always taken in {@link #begin} (conditionally: {@code capacity >= n}) and given back only
 * in {@link #commit} (after the reservation recorded the change) or {@link #abort} (after it was made
 * certain it never will): at no moment can more places be sold than there are. Whether a change
 * committed is written on the reservation ({@code appliedChanges}), never guessed.
 *
 * <p>A change made inside a transaction is not recorded: the same steps run, in the same order, but the
 * transaction makes them all-or-nothing, so there is nothing for the repair to find. Changes recorded by an
 * earlier run without transactions are still finished by the repair, and still keep another change of the
 * same reservation from beginning until then.
 */
final class PlaceChanges {

    static final String TOKEN = "token";
    static final String RESERVATION_ID = "reservationId";
    static final String DELTA = "delta";
    static final String AT = "at";
    /** The pending reservation a hold was for, so that the repair can record it as failed if it was never stored. */
    static final String RESERVATION = "reservation";

    /**
     * One change of a séjour's places on behalf of one reservation.
     *
     * @param token unique per attempt: what the reservation records when it commits the change
     * @param delta added to the séjour's places left: negative takes, positive gives back
     * @param at when the change began, by the booking service's clock (for the repair's margin)
     * @param reservation the document of a new hold, or null for a transition
     * @param recorded whether the change is written on the séjour and the reservation (outside a
     *     transaction), for the repair
     */
    record Change(String token, String reservationId, int delta, Instant at, Document reservation,
                  boolean recorded) {

        /** A new change; recorded unless it runs inside a transaction. */
        static Change of(Scope scope, String reservationId, int delta, Instant at, Document reservation) {
            return new Change(new ObjectId().toHexString(), reservationId, delta, at, reservation,
                    !scope.inTransaction());
        }

        /** The token the reservation's compare-and-set records, or null for a change that is not recorded. */
        String recordedToken() {
            return recorded ? token : null;
        }

        Document entry() {
            Document entry = new Document(TOKEN, token).append(RESERVATION_ID, reservationId).append(DELTA, delta)
                    .append(AT, ReservationCodec.date(at));
            if (reservation != null) {
                entry.append(RESERVATION, reservation);
            }
            return entry;
        }

        static Change fromEntry(Document entry) {
            return new Change(entry.getString(TOKEN), entry.getString(RESERVATION_ID),
                    entry.get(DELTA, Number.class).intValue(), entry.getDate(AT).toInstant(),
                    entry.get(RESERVATION, Document.class), true);
        }
    }

    private final MongoCollection<Document> sejours;
    private final String slugField;
    private final String capacityField;

    PlaceChanges(MongoCollection<Document> sejours, MongoMapping mapping) {
        this.sejours = sejours;
        this.slugField = mapping.slugField();
        this.capacityField = mapping.capacityField();
    }

    /**
     * Records the change on the séjour; a change that takes places takes them now, only if that many are
     * left.
     *
     * @return false if the séjour does not exist, has too few places left, or has a change of the same
     *     reservation in flight; nothing changed then
     */
    boolean begin(Scope scope, String slug, Change change) {
        // One change per reservation at a time: a second one waits for the first to finish (see whyNoBegin).
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq(slugField, slug),
                Filters.ne(SejourCodec.CHANGES + "." + RESERVATION_ID, change.reservationId())));
        List<Bson> updates = new ArrayList<>();
        if (change.recorded()) {
            updates.add(Updates.push(SejourCodec.CHANGES, change.entry()));
        }
        if (change.delta() < 0) {
            filters.add(Filters.gte(capacityField, -change.delta()));
            updates.add(Updates.inc(capacityField, change.delta()));
        }
        if (updates.isEmpty()) {
            // Not recorded and gives places back: nothing to write yet, only the same conditions to check.
            return scope.find(sejours, Filters.and(filters)).projection(new Document("_id", 1)).first() != null;
        }
        return scope.update(sejours, Filters.and(filters), Updates.combine(updates)).getMatchedCount() == 1;
    }

    /** The reservation recorded the change: forget it, and give back the places it gives back. */
    boolean commit(Scope scope, String slug, Change change) {
        return finish(scope, slug, change, Math.max(change.delta(), 0));
    }

    /** The reservation can no longer record the change: forget it, and give back the places it took. */
    boolean abort(Scope scope, String slug, Change change) {
        return finish(scope, slug, change, -Math.min(change.delta(), 0));
    }

    /** Séjours with changes that began at or before {@code cutoff}: what a crash or a stall may have left. */
    Iterable<Document> withChangesBegunBefore(Instant cutoff) {
        return sejours.find(Filters.elemMatch(SejourCodec.CHANGES, Filters.lte(AT, ReservationCodec.date(cutoff))))
                .projection(new Document(slugField, 1).append(SejourCodec.CHANGES, 1));
    }

    String slugOf(Document sejour) {
        return sejour.getString(slugField);
    }

    // A recorded change finishes only while its entry exists, so the places move once however often it runs.
    // One that is not recorded runs once, in its transaction.
    private boolean finish(Scope scope, String slug, Change change, int placesBack) {
        if (!change.recorded()) {
            return placesBack == 0 || scope.update(sejours, Filters.eq(slugField, slug),
                    Updates.inc(capacityField, placesBack)).getModifiedCount() == 1;
        }
        Bson pull = Updates.pull(SejourCodec.CHANGES, new Document(TOKEN, change.token()));
        Bson update = placesBack == 0 ? pull : Updates.combine(pull, Updates.inc(capacityField, placesBack));
        return scope.update(sejours, Filters.and(Filters.eq(slugField, slug),
                Filters.eq(SejourCodec.CHANGES + "." + TOKEN, change.token())), update).getModifiedCount() == 1;
    }
}

package dev.sejour.booking.store.mongo;

import com.mongodb.MongoServerException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import dev.sejour.booking.spi.StoreException;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the indexes the stores need. Idempotent: an index that exists with the same options is left
 * alone. An index the Next.js app created on the same keys with other options is kept when it does the
 * job, reported when it does not quite, and refused when it would break holds.
 */
final class MongoIndexes {

    private static final Logger LOG = LoggerFactory.getLogger(MongoIndexes.class);
    private static final int INDEX_OPTIONS_CONFLICT = 85;
    private static final int INDEX_KEY_SPECS_CONFLICT = 86;

    private MongoIndexes() {
    }

    static void create(MongoCollection<Document> sejours, MongoCollection<Document> reservations,
                       MongoMapping mapping) {
        Guard.run("creating indexes", () -> {
            // One séjour per slug: holds find the séjour by it.
            unique(sejours, new Document(mapping.slugField(), 1), false);
            // One reservation per Checkout Session. Sparse: pending holds have no session yet and leave the
            // field out (mongo-java-server ignores partial indexes, sparse works everywhere).
            unique(reservations, new Document(ReservationCodec.SESSION, 1), true);
            plain(reservations, new Document(ReservationCodec.PAYMENT_INTENT, 1), true);
            plain(reservations, new Document(ReservationCodec.STATUS, 1).append(ReservationCodec.EXPIRES_AT, 1), false);
            plain(reservations, new Document(ReservationCodec.STATUS, 1).append(ReservationCodec.NOTIFIED_AT, 1), false);
            plain(reservations, new Document(ReservationCodec.SLUG, 1).append(ReservationCodec.STATUS, 1), false);
            // A buyer's pending holds (the per-buyer limit).
            plain(reservations, new Document(ReservationCodec.BUYER_KEY, 1).append(ReservationCodec.STATUS, 1), false);
            // Failed notifications (dead letters), listed and counted for the organiser; few documents have it.
            plain(reservations, new Document(ReservationCodec.NOTIFY_FAILED_AT, 1), true);
            // The organiser's dispute notices due; few documents have one.
            plain(reservations, new Document(ReservationCodec.DISPUTE_NOTICE_DUE_AT, 1), true);
        });
    }

    private static void unique(MongoCollection<Document> collection, Document keys, boolean sparse) {
        try {
            collection.createIndex(keys, new IndexOptions().unique(true).sparse(sparse));
        } catch (MongoServerException e) {
            if (Guard.duplicateKey(e)) {
                throw new StoreException("cannot create the unique index on " + keys.keySet() + " of "
                        + collection.getNamespace() + ": some documents share a value (the Next.js app's webhook"
                        + " could store one session twice); remove the duplicates and start again", e);
            }
            Document existing = conflicting(collection, keys, e);
            boolean unique = existing.getBoolean("unique", false);
            boolean allowsMissing = existing.getBoolean("sparse", false) || existing.containsKey("partialFilterExpression");
            if (sparse && unique && !allowsMissing) {
                throw new StoreException("index " + existing.getString("name") + " on " + collection.getNamespace()
                        + " is unique but not sparse: a second pending reservation without a session would be"
                        + " refused. Drop it; the store creates a sparse unique one on start.", e);
            }
            if (!unique) {
                LOG.warn("Index {} on {} is not unique: nothing stops two documents with the same {}",
                        existing.getString("name"), collection.getNamespace(), keys.keySet());
            }
        }
    }

    private static void plain(MongoCollection<Document> collection, Document keys, boolean sparse) {
        try {
            collection.createIndex(keys, new IndexOptions().sparse(sparse));
        } catch (MongoServerException e) {
            conflicting(collection, keys, e); // an index on the same keys serves the queries, whatever its options
        }
    }

    private static Document conflicting(MongoCollection<Document> collection, Document keys, MongoServerException e) {
        if (e.getCode() != INDEX_OPTIONS_CONFLICT && e.getCode() != INDEX_KEY_SPECS_CONFLICT) {
            throw e;
        }
        Optional<Document> existing = StreamSupport.stream(collection.listIndexes().spliterator(), false)
                .filter(index -> sameKeys(keys, index.get("key", Document.class)))
                .findFirst();
        return existing.orElseThrow(() -> e);
    }

    // A JavaScript app writes {slug: 1} as an int or a double: compare directions as numbers.
    private static boolean sameKeys(Document wanted, Document actual) {
        if (actual == null || !List.copyOf(wanted.keySet()).equals(List.copyOf(actual.keySet()))) {
            return false;
        }
        return wanted.keySet().stream().allMatch(key -> actual.get(key) instanceof Number n
                && n.doubleValue() == ((Number) wanted.get(key)).doubleValue());
    }
}

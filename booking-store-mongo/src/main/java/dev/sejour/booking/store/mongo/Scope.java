package dev.sejour.booking.store.mongo;

import com.mongodb.client.ClientSession;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Where one operation's reads and writes run: inside a multi-document transaction (each call passes its
 * session) or {@link #NONE} (each call stands alone, and the crash-repair protocol keeps the operation whole).
 * The stores call these instead of the collection's own methods, so that one implementation of each operation
 * serves both modes.
 */
final class Scope {

    /** No transaction: every call is its own single-document atomic step. */
    static final Scope NONE = new Scope(null);

    private final ClientSession session;

    Scope(ClientSession session) {
        this.session = session;
    }

    /**
     * Whether the calls belong to a transaction. Then a failed write aborts it (the server refuses anything
     * more in it), so a failure is never compensated by another write: the abort undoes the operation.
     */
    boolean inTransaction() {
        return session != null;
    }

    FindIterable<Document> find(MongoCollection<Document> collection, Bson filter) {
        return session == null ? collection.find(filter) : collection.find(session, filter);
    }

    long count(MongoCollection<Document> collection, Bson filter) {
        return session == null ? collection.countDocuments(filter) : collection.countDocuments(session, filter);
    }

    UpdateResult update(MongoCollection<Document> collection, Bson filter, Bson update) {
        return session == null ? collection.updateOne(filter, update) : collection.updateOne(session, filter, update);
    }

    UpdateResult update(MongoCollection<Document> collection, Bson filter, Bson update, UpdateOptions options) {
        return session == null ? collection.updateOne(filter, update, options)
                : collection.updateOne(session, filter, update, options);
    }

    void insert(MongoCollection<Document> collection, Document document) {
        if (session == null) {
            collection.insertOne(document);
        } else {
            collection.insertOne(session, document);
        }
    }
}

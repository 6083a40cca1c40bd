package dev.sejour.booking.store.mongo;

import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.TransactionOptions;
import com.mongodb.WriteConcern;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import java.util.function.Function;

/**
 * Runs the stores' multi-document operations: each in its own transaction
 * ({@link ClientSession#withTransaction}, which retries transient errors and unknown commit results), or,
 * when the deployment cannot run transactions, directly with {@link Scope#NONE}.
 */
final class Transactions {

    /**
     * Snapshot reads (the operation's reads agree with one another), majority writes (a committed operation
     * survives a failover), on the primary (the only member a transaction may run on).
     */
    static final TransactionOptions OPTIONS = TransactionOptions.builder()
            .readConcern(ReadConcern.SNAPSHOT)
            .writeConcern(WriteConcern.MAJORITY)
            .readPreference(ReadPreference.primary())
            .build();

    static final Transactions NONE = new Transactions(null);

    private final MongoClient client;

    private Transactions(MongoClient client) {
        this.client = client;
    }

    static Transactions on(MongoClient client) {
        return new Transactions(client);
    }

    boolean enabled() {
        return client != null;
    }

    /**
     * Runs {@code work} in a transaction, or without one. In a transaction it may run several times (a
     * transient error retries it whole), so it must do nothing but database calls through its scope.
     */
    <T> T run(Function<Scope, T> work) {
        if (client == null) {
            return work.apply(Scope.NONE);
        }
        try (ClientSession session = client.startSession()) {
            return session.withTransaction(() -> work.apply(new Scope(session)), OPTIONS);
        }
    }
}

package dev.sejour.booking.store.mongo;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.sejour.booking.spi.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * Leases on buyer addresses, so that the holds of one address are counted and taken one after the other
 * without a multi-document transaction: one document {@code {_id: address, until, owner}} per address, taken
 * by a conditional upsert (a lease still running makes the upsert clash on {@code _id}) and given back at
 * the end. A lease that its owner never gave back (a crash) ends by itself after {@link #LEASE}; leases
 * are measured with this machine's clock, so instances' clocks must agree within seconds.
 */
final class BuyerLocks {

    /** Far longer than a hold takes (three writes), so only a crashed owner loses its lease. */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** How long a hold waits for another hold of the same address before it fails. */
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String UNTIL = "until";
    private static final String OWNER = "owner";

    private final MongoCollection<Document> locks;

    BuyerLocks(MongoCollection<Document> locks) {
        this.locks = locks;
    }

    /**
     * Runs {@code work} while holding the address's lease.
     *
     * @throws StoreException if the lease could not be had within 10 seconds
     */
    <T> T withLease(String address, Supplier<T> work) {
        String owner = UUID.randomUUID().toString();
        acquire(address, owner);
        try {
            return work.get();
        } finally {
            locks.updateOne(Filters.and(Filters.eq("_id", address), Filters.eq(OWNER, owner)),
                    Updates.set(UNTIL, new Date(0)));
        }
    }

    private void acquire(String address, String owner) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int attempt = 1; ; attempt++) {
            Instant now = Instant.now();
            try {
                // Matches a free lease; else inserts a new one, which clashes on _id if a lease is running.
                locks.updateOne(Filters.and(Filters.eq("_id", address), Filters.lte(UNTIL, new Date(now.toEpochMilli()))),
                        Updates.combine(Updates.set(UNTIL, new Date(now.plus(LEASE).toEpochMilli())),
                                Updates.set(OWNER, owner)),
                        new UpdateOptions().upsert(true));
                return;
            } catch (MongoWriteException e) {
                if (!Guard.duplicateKey(e)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new StoreException("another hold of the same buyer took longer than " + WAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L + Math.min(attempt, 20)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while waiting for another hold of the same buyer");
            }
        }
    }
}

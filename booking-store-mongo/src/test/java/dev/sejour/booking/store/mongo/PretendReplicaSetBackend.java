package dev.sejour.booking.store.mongo;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * mongo-java-server's memory backend, made to look like the primary of a one-member replica set with logical
 * sessions, so that the driver agrees to run transactions against it: its hello ({@code isMaster}) answer gains
 * {@code setName}, {@code hosts}, {@code me} and {@code logicalSessionTimeoutMinutes}, and it answers
 * {@code commitTransaction} and {@code abortTransaction}, which it does not know, with {@code ok: 1}.
 *
 * <p>It is not a transactional server. Every command still runs on its own, at once, visible to all; the
 * session fields the driver adds ({@code lsid}, {@code txnNumber}, {@code startTransaction},
 * {@code autocommit}, {@code readConcern}) are ignored, and an abort undoes nothing. What it lets a test check
 * is the store's transactional code path as a sequence of commands, and which commands carry the transaction:
 * it counts the commits, and once {@link #recording} it keeps the session fields of every command it receives.
 */
final class PretendReplicaSetBackend extends MemoryBackend {

    static final String SET_NAME = "rs0";
    private static final Set<String> HELLO = Set.of("ismaster", "hello");

    /** One command as received: its name, the collection (or other value) it names, and its session fields. */
    record Received(String database, String name, Object target, Object lsid, Object txnNumber,
                    Object startTransaction, Object autocommit) {

        boolean inTransaction() {
            return Boolean.FALSE.equals(autocommit);
        }
    }

    private final List<Received> received = new ArrayList<>();
    private final AtomicLong commits = new AtomicLong();
    private volatile boolean recording;

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        if (recording) {
            synchronized (received) {
                received.add(new Received(database, command, query.get(command), query.get("lsid"),
                        query.get("txnNumber"), query.get("startTransaction"), query.get("autocommit")));
            }
        }
        if (command.equals("commitTransaction")) {
            commits.incrementAndGet();
            return new Document("ok", 1.0);
        }
        if (command.equals("abortTransaction")) {
            return new Document("ok", 1.0);
        }
        Document answer = super.handleCommand(channel, database, command, query);
        if (HELLO.contains(command.toLowerCase(java.util.Locale.ROOT))) {
            String me = "127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort();
            answer.put("setName", SET_NAME);
            answer.put("setVersion", 1);
            answer.put("hosts", List.of(me));
            answer.put("me", me);
            answer.put("secondary", false);
            answer.put("logicalSessionTimeoutMinutes", 30);
        }
        return answer;
    }

    /** Starts keeping the commands received (for tests that send a few). */
    PretendReplicaSetBackend recording() {
        recording = true;
        return this;
    }

    /** How many {@code commitTransaction} commands it answered. */
    long commits() {
        return commits.get();
    }

    /** The commands received since the last call, and forgets them. */
    List<Received> takeReceived() {
        synchronized (received) {
            List<Received> taken = new ArrayList<>(received);
            received.clear();
            return taken;
        }
    }
}

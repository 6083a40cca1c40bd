package dev.sejour.booking.store.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ServerDescription;
import com.mongodb.connection.ServerType;
import org.bson.Document;

/**
 * Whether the deployment can run multi-document transactions, from the driver's view of it: a replica set
 * primary (MongoDB 4.0+) or a {@code mongos} (4.2+), or a load balancer in front of {@code mongos}, that
 * supports logical sessions. A standalone {@code mongod} cannot, nor can mongo-java-server (which says it is
 * a standalone without sessions).
 */
final class TransactionSupport {

    /** {@code mongos} runs transactions from MongoDB 4.2 on: wire version 8. */
    private static final int SHARDED_TRANSACTIONS_WIRE_VERSION = 8;

    /** The verdict, and why, for the log and for the error of {@code transactions(REQUIRED)}. */
    record Verdict(boolean supported, String reason) {
    }

    private TransactionSupport() {
    }

    /** Contacts the server (a {@code ping}, so that the driver knows what it is) and judges. */
    static Verdict detect(MongoClient client, MongoDatabase database) {
        database.runCommand(new Document("ping", 1));
        return judge(client.getClusterDescription());
    }

    static Verdict judge(ClusterDescription cluster) {
        for (ServerDescription server : cluster.getServerDescriptions()) {
            ServerType type = server.getType();
            if (type == ServerType.LOAD_BALANCER) {
                return new Verdict(true, "a load balancer (in front of mongos)");
            }
            boolean primary = type == ServerType.REPLICA_SET_PRIMARY;
            boolean router = type == ServerType.SHARD_ROUTER
                    && server.getMaxWireVersion() >= SHARDED_TRANSACTIONS_WIRE_VERSION;
            if ((primary || router) && server.getLogicalSessionTimeoutMinutes() != null) {
                return new Verdict(true, primary
                        ? "the primary " + server.getAddress() + " of replica set '" + server.getSetName()
                                + "' supports sessions"
                        : "the mongos " + server.getAddress() + " supports sessions");
            }
        }
        String seen = cluster.getServerDescriptions().stream()
                .map(s -> s.getAddress() + " is " + s.getType()
                        + (s.getLogicalSessionTimeoutMinutes() == null ? " without sessions" : ""))
                .reduce((a, b) -> a + ", " + b).orElse("no server known");
        return new Verdict(false, "not a replica set primary or mongos with sessions (" + seen + ")");
    }
}

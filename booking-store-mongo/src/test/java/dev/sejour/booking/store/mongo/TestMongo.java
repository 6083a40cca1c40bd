package dev.sejour.booking.store.mongo;

import dev.sejour.booking.testsupport.RequiredServices;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Assumptions;

/**
 * A MongoDB for one test class: mongo-java-server in process, or the real {@code mongod} named by
 * {@code BOOKING_TEST_MONGO_URI}. Each test takes a fresh database from it.
 */
final class TestMongo implements AutoCloseable {

    static final String URI_VARIABLE = "BOOKING_TEST_MONGO_URI";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final MongoServer server;
    private final MongoClient client;
    private final String prefix;

    private TestMongo(MongoServer server, MongoClient client, String prefix) {
        this.server = server;
        this.client = client;
        this.prefix = prefix;
    }

    /** mongo-java-server with its memory backend on 127.0.0.1, a free port. */
    static TestMongo inProcess() {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        return new TestMongo(server, client("mongodb://127.0.0.1:" + server.getLocalAddress().getPort()
                + "/?serverSelectionTimeoutMS=500"), "t");
    }

    /**
     * mongo-java-server made to look like a replica set primary ({@link PretendReplicaSetBackend}), so that
     * the driver runs transactions against it; it ignores them.
     */
    static TestMongo pretendReplicaSet(PretendReplicaSetBackend backend) {
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        return new TestMongo(server, client("mongodb://127.0.0.1:" + server.getLocalAddress().getPort()
                + "/?replicaSet=" + PretendReplicaSetBackend.SET_NAME + "&serverSelectionTimeoutMS=500"), "t");
    }

    /**
     * The real replica set (or mongos) of {@code BOOKING_TEST_MONGO_URI}. Skips the test class, with a message
     * naming the variable, when it is not set or names a server that cannot run transactions (a standalone
     * {@code mongod}: the crash-repair tests use it); fails when it cannot be reached and
     * {@code BOOKING_IT_REQUIRED=1}.
     */
    static TestMongo realReplicaSet() {
        TestMongo mongo = real();
        TransactionSupport.Verdict verdict = TransactionSupport.detect(mongo.client, mongo.client.getDatabase("admin"));
        if (!verdict.supported()) {
            mongo.close();
            Assumptions.abort(URI_VARIABLE + " names a deployment without transactions (" + verdict.reason()
                    + "): skipping the transactional tests, which need a replica set (mongod --replSet rs0,"
                    + " rs.initiate(), " + URI_VARIABLE + "=mongodb://127.0.0.1:27017/?replicaSet=rs0)");
        }
        return mongo;
    }

    /**
     * The real server of {@code BOOKING_TEST_MONGO_URI}. Skips the test class when the variable is not set, or
     * when the server cannot be reached, unless {@code BOOKING_IT_REQUIRED=1}: then it fails.
     */
    static TestMongo real() {
        String uri = System.getenv(URI_VARIABLE);
        Assumptions.assumeTrue(uri != null && !uri.isBlank(),
                URI_VARIABLE + " is not set: skipping the tests against a real mongod"
                        + " (e.g. " + URI_VARIABLE + "=mongodb://127.0.0.1:27017)");
        MongoClient client = client(uri);
        try {
            client.getDatabase("admin").runCommand(new Document("ping", 1));
        } catch (MongoException e) {
            client.close();
            throw RequiredServices.unavailable("mongod at " + URI_VARIABLE + " cannot be reached: " + e.getMessage(), e);
        }
        return new TestMongo(null, client, "booking_test_" + ProcessHandle.current().pid() + "_");
    }

    static MongoClient client(String uri) {
        ConnectionString connection = new ConnectionString(uri);
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                // The contract races 64 threads: enough connections that none waits for long.
                .applyToConnectionPoolSettings(pool -> pool.maxSize(70))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(3, TimeUnit.SECONDS));
        // Settings in the URI win over the ones above.
        return MongoClients.create(settings.applyConnectionString(connection).build());
    }

    MongoDatabase freshDatabase() {
        return client.getDatabase(freshDatabaseName());
    }

    /** The name of a database no test used yet. */
    String freshDatabaseName() {
        return prefix + DATABASES.incrementAndGet();
    }

    MongoClient client() {
        return client;
    }

    /** Stops the in-process server and leaves the client open, as when the database goes away. */
    void stopServer() {
        server.shutdownNow();
    }

    @Override
    public void close() {
        client.close();
        if (server != null) {
            server.shutdownNow();
        }
    }
}

package dev.sejour.booking.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoClientException;
import com.mongodb.MongoCommandException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerDescription;
import com.mongodb.connection.ServerType;
import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.HoldOutcome;
import dev.sejour.booking.store.mongo.MongoBookingStores.TransactionMode;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which mode the builder chooses where: on mongo-java-server as it is (what the driver sees: a standalone
 * without sessions), and on mongo-java-server pretending to be a replica set primary.
 */
class TransactionModeTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static TestMongo standalone;
    private static TestMongo replicaSet;

    @BeforeAll
    static void startServers() {
        standalone = TestMongo.inProcess();
        replicaSet = TestMongo.pretendReplicaSet(new PretendReplicaSetBackend());
    }

    @AfterAll
    static void stopServers() {
        standalone.close();
        replicaSet.close();
    }

    @Test
    void mongoJavaServerLooksLikeAStandaloneWithoutSessionsToTheDriver() {
        MongoClient client = standalone.client();
        client.getDatabase("admin").runCommand(new Document("ping", 1));

        assertThat(client.getClusterDescription().getType()).isEqualTo(ClusterType.STANDALONE);
        ServerDescription server = client.getClusterDescription().getServerDescriptions().get(0);
        assertThat(server.getType()).isEqualTo(ServerType.STANDALONE);
        assertThat(server.getLogicalSessionTimeoutMinutes()).as("no logicalSessionTimeoutMinutes in its hello").isNull();
        assertThat(server.getMaxWireVersion()).as("MongoDB 4.2's wire version").isEqualTo(8);
    }

    @Test
    void theDriverRefusesAnyOperationInASessionOnMongoJavaServerBeforeATransactionIsReached() {
        MongoClient client = standalone.client();
        try (ClientSession session = client.startSession()) {
            assertThatThrownBy(() -> client.getDatabase("x").getCollection("c").find(session).first())
                    .isInstanceOf(MongoClientException.class)
                    .hasMessageContaining("doesn't support sessions");
            assertThatThrownBy(() -> session.withTransaction(
                    () -> client.getDatabase("x").getCollection("c").insertOne(session, new Document("a", 1))))
                    .isInstanceOf(MongoClientException.class)
                    .hasMessageContaining("doesn't support sessions");
        }
        assertThat(client.getDatabase("x").getCollection("c").countDocuments()).isZero();
    }

    @Test
    void mongoJavaServerDoesNotKnowTheTransactionCommands() {
        assertThatThrownBy(() -> standalone.client().getDatabase("admin").runCommand(new Document("commitTransaction", 1)))
                .isInstanceOfSatisfying(MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(59));
    }

    @Test
    void autoChoosesCrashRepairOnMongoJavaServer() {
        String name = standalone.freshDatabaseName();
        MongoBookingStores stores = MongoBookingStores.create(standalone.client(), name);

        assertThat(stores.usesTransactions()).isFalse();
        assertThat(appliedChangesOfAHold(stores, standalone, name)).as("crash-repair bookkeeping").hasSize(1);
    }

    @Test
    void requiredFailsAtBuildOnMongoJavaServerSayingWhyAndWhatToDo() {
        MongoBookingStores.Builder builder = MongoBookingStores.builder(standalone.client(), standalone.freshDatabaseName())
                .transactions(TransactionMode.REQUIRED);

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transactions(REQUIRED)")
                .hasMessageContaining("is STANDALONE without sessions")
                .hasMessageContaining("mongod --replSet rs0, then rs.initiate()");
    }

    @Test
    void requiredFailsWhenTheStoresHaveNoClientToStartSessionsWith() {
        MongoBookingStores.Builder builder = MongoBookingStores.builder(replicaSet.freshDatabase())
                .transactions(TransactionMode.REQUIRED);

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transactions need the MongoClient");
    }

    @Test
    void offUsesCrashRepairEvenOnAReplicaSet() {
        String name = replicaSet.freshDatabaseName();
        MongoBookingStores stores = MongoBookingStores.builder(replicaSet.client(), name)
                .transactions(TransactionMode.OFF).build();

        assertThat(stores.usesTransactions()).isFalse();
        assertThat(appliedChangesOfAHold(stores, replicaSet, name)).hasSize(1);
    }

    @Test
    void autoChoosesTransactionsOnAReplicaSetPrimaryWithSessionsAndRecordsNoBookkeeping() {
        String name = replicaSet.freshDatabaseName();
        MongoBookingStores stores = MongoBookingStores.create(replicaSet.client(), name);

        assertThat(stores.usesTransactions()).isTrue();
        assertThat(appliedChangesOfAHold(stores, replicaSet, name)).isEmpty();
    }

    @Test
    void storesBuiltFromADatabaseAloneUseCrashRepair() {
        MongoBookingStores stores = MongoBookingStores.create(replicaSet.freshDatabase());

        assertThat(stores.usesTransactions()).isFalse();
    }

    /** Holds one place and answers the tokens the reservation recorded for the repair. */
    private static List<String> appliedChangesOfAHold(MongoBookingStores stores, TestMongo mongo, String database) {
        stores.sejours().save(new Sejour("yoga", "Yoga", Money.of(100, "eur"), 3));
        Reservation hold = Reservation.pending("res_1", "yoga", new Buyer("Ada", "Lovelace", "ada@example.com"), 1,
                Money.of(100, "eur"), T0, T0.plusSeconds(600));
        assertThat(stores.reservations().insertHold(hold)).isEqualTo(HoldOutcome.HELD);
        assertThat(stores.sejours().findBySlug("yoga").orElseThrow().placesLeft()).isEqualTo(2);
        Document stored = mongo.client().getDatabase(database).getCollection("reservations")
                .find(new Document("_id", "res_1")).first();
        return stored.getList(ReservationCodec.APPLIED, String.class, List.of());
    }
}

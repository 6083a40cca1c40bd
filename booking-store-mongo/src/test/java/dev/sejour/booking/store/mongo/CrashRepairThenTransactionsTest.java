package dev.sejour.booking.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.store.mongo.MongoBookingStores.TransactionMode;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every crash of {@link CrashRepairTest}, made by stores without transactions (an earlier run, or an instance
 * still on {@code transactions(OFF)}), then repaired and moved on by stores in transactional mode: the repair
 * and the transitions that meet a leftover change work inside the new mode. On mongo-java-server pretending to
 * be a replica set ({@link PretendReplicaSetBackend}); the transactional steps here need no rollback.
 */
class CrashRepairThenTransactionsTest extends CrashRepairTest {

    // Hides CrashRepairTest.startServer: JUnit runs this one instead.
    @BeforeAll
    static void startServer() {
        mongo = TestMongo.pretendReplicaSet(new PretendReplicaSetBackend());
    }

    @Override
    MongoBookingStores healthyStores(String databaseName) {
        MongoBookingStores stores = MongoBookingStores.builder(mongo.client(), databaseName)
                .transactions(TransactionMode.REQUIRED).build();
        assertThat(stores.usesTransactions()).isTrue();
        return stores;
    }
}

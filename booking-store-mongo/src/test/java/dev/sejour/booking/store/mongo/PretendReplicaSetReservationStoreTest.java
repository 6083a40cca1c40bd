package dev.sejour.booking.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import dev.sejour.booking.store.mongo.MongoBookingStores.TransactionMode;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.PlacesCount;
import dev.sejour.booking.testkit.ReservationStoreContract;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The reservation store contract with the stores in transactional mode ({@code REQUIRED}), on mongo-java-server
 * pretending to be a replica set ({@link PretendReplicaSetBackend}): the driver starts, commits and retries
 * transactions exactly as on a replica set, and the server ignores them. This proves that the transactional code
 * path (sessions, the steps without crash-repair bookkeeping, the outcomes) keeps the contract when its commands
 * run one by one, races included; it proves nothing about atomicity or isolation, which only a real replica set
 * gives ({@link RealReplicaSetReservationStoreTest}).
 */
@ExtendWith(PretendReplicaSetReservationStoreTest.NeedsRollback.class)
class PretendReplicaSetReservationStoreTest extends ReservationStoreContract {

    private static final PretendReplicaSetBackend BACKEND = new PretendReplicaSetBackend();
    private static TestMongo mongo;
    private String databaseName;

    @BeforeAll
    static void startServer() {
        mongo = TestMongo.pretendReplicaSet(BACKEND);
    }

    @AfterAll
    static void stopServer() {
        mongo.close();
        assertThat(BACKEND.commits()).as("transactions the driver committed").isPositive();
    }

    @Override
    protected BookingStores createStores() {
        databaseName = mongo.freshDatabaseName();
        MongoBookingStores stores = transactional();
        return new BookingStores(stores.sejours(), stores.reservations(),
                slug -> PlacesCount.of(stores.countPlaces(slug)));
    }

    private MongoBookingStores transactional() {
        MongoBookingStores stores = MongoBookingStores.builder(mongo.client(), databaseName)
                .transactions(TransactionMode.REQUIRED).build();
        assertThat(stores.usesTransactions()).isTrue();
        return stores;
    }

    @Override
    protected dev.sejour.booking.spi.ReservationStore secondInstance() {
        return transactional().reservations();
    }

    @Override
    protected void closeStores() {
        MongoDatabase database = mongo.client().getDatabase(databaseName);
        database.drop();
    }

    /**
     * Leaves out the contract tests whose outcome rests on the server rolling an aborted transaction back,
     * which mongo-java-server cannot do; they run against a real replica set.
     */
    static final class NeedsRollback implements ExecutionCondition {

        /**
         * A hold whose insert is refused (the id exists) aborts its transaction: the places it took come back
         * only by the rollback.
         */
        private static final Set<String> TESTS = Set.of("aHoldWithAnIdAlreadyTakenFailsAndTakesNoPlace",
                "racingRebuildsOfOneReservationStoreItOnceAndKeepTheBooksBalanced");

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getTestMethod().filter(m -> TESTS.contains(m.getName()))
                    .map(m -> ConditionEvaluationResult.disabled("needs the rollback of an aborted transaction,"
                            + " which mongo-java-server does not do: runs in RealReplicaSetReservationStoreTest"
                            + " against a real replica set (BOOKING_TEST_MONGO_URI)"))
                    .orElse(ConditionEvaluationResult.enabled("needs no rollback"));
        }
    }
}

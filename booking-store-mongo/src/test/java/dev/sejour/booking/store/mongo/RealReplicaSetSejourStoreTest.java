package dev.sejour.booking.store.mongo;

import com.mongodb.client.MongoDatabase;
import dev.sejour.booking.store.mongo.MongoBookingStores.TransactionMode;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.PlacesCount;
import dev.sejour.booking.testkit.SejourStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The séjour store contract in transactional mode on the real replica set of {@code BOOKING_TEST_MONGO_URI}; skipped without one. */
class RealReplicaSetSejourStoreTest extends SejourStoreContract {

    private static TestMongo mongo;
    private MongoDatabase database;

    @BeforeAll
    static void startServer() {
        mongo = TestMongo.realReplicaSet();
    }

    @AfterAll
    static void stopServer() {
        if (mongo != null) {
            mongo.close();
        }
    }

    @Override
    protected BookingStores createStores() {
        String name = mongo.freshDatabaseName();
        database = mongo.client().getDatabase(name);
        MongoBookingStores stores = MongoBookingStores.builder(mongo.client(), name)
                .transactions(TransactionMode.REQUIRED).build();
        return new BookingStores(stores.sejours(), stores.reservations(),
                slug -> PlacesCount.of(stores.countPlaces(slug)));
    }

    @Override
    protected void closeStores() {
        database.drop();
    }
}

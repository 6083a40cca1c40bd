package dev.sejour.booking.store.mongo;

import com.mongodb.client.MongoDatabase;
import dev.sejour.booking.store.mongo.MongoBookingStores.TransactionMode;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.PlacesCount;
import dev.sejour.booking.testkit.ReservationStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole reservation store contract, with its 64-thread races, in transactional mode ({@code REQUIRED}) on
 * the real replica set (or mongos) of {@code BOOKING_TEST_MONGO_URI}; skipped, with a message naming the
 * variable, when it is not set or names a standalone server.
 */
class RealReplicaSetReservationStoreTest extends ReservationStoreContract {

    private static TestMongo mongo;
    private String databaseName;

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
        databaseName = mongo.freshDatabaseName();
        MongoBookingStores stores = transactional();
        return new BookingStores(stores.sejours(), stores.reservations(),
                slug -> PlacesCount.of(stores.countPlaces(slug)));
    }

    private MongoBookingStores transactional() {
        return MongoBookingStores.builder(mongo.client(), databaseName).transactions(TransactionMode.REQUIRED).build();
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
}

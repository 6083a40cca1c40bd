package dev.sejour.booking.store.mongo;

import com.mongodb.client.MongoDatabase;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.PlacesCount;
import dev.sejour.booking.testkit.SejourStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The séjour store contract on the real mongod of {@code BOOKING_TEST_MONGO_URI}; skipped without it. */
class RealMongoSejourStoreTest extends SejourStoreContract {

    private static TestMongo mongo;
    private MongoDatabase database;

    @BeforeAll
    static void startServer() {
        mongo = TestMongo.real();
    }

    @AfterAll
    static void stopServer() {
        if (mongo != null) {
            mongo.close();
        }
    }

    @Override
    protected BookingStores createStores() {
        database = mongo.freshDatabase();
        MongoBookingStores stores = MongoBookingStores.create(database);
        return new BookingStores(stores.sejours(), stores.reservations(),
                slug -> PlacesCount.of(stores.countPlaces(slug)));
    }

    @Override
    protected void closeStores() {
        database.drop();
    }
}

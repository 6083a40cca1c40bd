package dev.sejour.booking.store.mongo;

import com.mongodb.client.MongoDatabase;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.PlacesCount;
import dev.sejour.booking.testkit.ReservationStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The reservation store contract, with its 64-thread races, on mongo-java-server. */
class InProcessReservationStoreTest extends ReservationStoreContract {

    private static TestMongo mongo;
    private MongoDatabase database;

    @BeforeAll
    static void startServer() {
        mongo = TestMongo.inProcess();
    }

    @AfterAll
    static void stopServer() {
        mongo.close();
    }

    @Override
    protected BookingStores createStores() {
        String name = mongo.freshDatabaseName();
        database = mongo.client().getDatabase(name);
        // With the client, as applications build them: AUTO finds no transactions on mongo-java-server.
        MongoBookingStores stores = MongoBookingStores.create(mongo.client(), name);
        return new BookingStores(stores.sejours(), stores.reservations(),
                slug -> PlacesCount.of(stores.countPlaces(slug)));
    }

    @Override
    protected dev.sejour.booking.spi.ReservationStore secondInstance() {
        return MongoBookingStores.create(database).reservations();
    }

    @Override
    protected void closeStores() {
        database.drop();
    }
}

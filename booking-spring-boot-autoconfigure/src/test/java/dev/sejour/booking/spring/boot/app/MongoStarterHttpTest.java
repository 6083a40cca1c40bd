package dev.sejour.booking.spring.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.store.mongo.MongoBookingStores;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter over HTTP on MongoDB (an in-process wire-protocol server): Spring Boot's own MongoClient from
 * its URI property, and {@code sejour.booking.mongo.database}, which wins over the DataSource that H2 on the
 * class path also gives this application.
 */
class MongoStarterHttpTest extends StarterHttpContract {

    static final MongoServer MONGO = startMongo();

    @Autowired
    ReservationStore reservations;

    @Autowired
    MongoBookingStores mongoStores;

    private static MongoServer startMongo() {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        return server;
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        commonProperties(registry);
        String uri = "mongodb://127.0.0.1:" + MONGO.getLocalAddress().getPort();
        registry.add("spring.data.mongodb.uri", () -> uri); // Spring Boot 3
        registry.add("spring.mongodb.uri", () -> uri);      // Spring Boot 4
        registry.add("sejour.booking.mongo.database", () -> "shop");
    }


    @Test
    void theStoresAreTheMongoOnes() {
        assertThat(reservations).isSameAs(mongoStores.reservations());
    }
}

package dev.sejour.booking.store.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.sejour.booking.BookingService;

/** Code docs/mongo.md shows, compiled against the real API (checked by the examples' DocSnippetsTest); never run. */
@SuppressWarnings("unused")
final class DocSnippets {

    private DocSnippets() {
    }

    static void create() {
        // tag::mongo-create[]
        MongoClient client = MongoClients.create(System.getenv("MONGODB_URI"));
        MongoBookingStores stores = MongoBookingStores.create(client.getDatabase("sejours"));

        BookingService service = BookingService.builder()
                .stores(stores.sejours(), stores.reservations())
                // stripeSecretKey, webhookSecret, baseUrl, notifier…
                .build();
        // end::mongo-create[]
    }

    static void mapping(MongoDatabase database) {
        // tag::mongo-mapping[]
        MongoBookingStores stores = MongoBookingStores.builder(database)
                .mapping(MongoMapping.builder()
                        .titleField("title")
                        .priceField("price")
                        .priceUnit(MongoMapping.PriceUnit.MAJOR_UNITS)
                        .build())
                .build();
        // end::mongo-mapping[]
    }
}

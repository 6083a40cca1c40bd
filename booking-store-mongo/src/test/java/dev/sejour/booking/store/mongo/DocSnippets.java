package dev.sejour.booking.store.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.sejour.booking.BookingService;

/** Code docs/mongo.md shows, compiled against the real API (checked by the examples' DocSnippetsTest); never run. */
@SuppressWarnings("unused")
final class DocSnippets {

    private DocSnippets() {
    }

    static void create() {
        // tag::mongo-create[]
        MongoClient client = MongoClients.create(System.getenv("MONGODB_URI"));
        MongoBookingStores stores = MongoBookingStores.create(client, "sejours");

        BookingService service = BookingService.builder()
                .stores(stores.sejours(), stores.reservations())
                // stripeSecretKey, webhookSecret, baseUrl, notifier…
                .build();
        // end::mongo-create[]
    }

    static void mapping(MongoClient client) {
        // tag::mongo-mapping[]
        MongoBookingStores stores = MongoBookingStores.builder(client, "sejours")
                .mapping(MongoMapping.builder()
                        .titleField("title")
                        .priceField("price")
                        .priceUnit(MongoMapping.PriceUnit.MAJOR_UNITS)
                        .build())
                .build();
        // end::mongo-mapping[]
    }

    static void transactions(MongoClient client) {
        // tag::mongo-transactions[]
        MongoBookingStores stores = MongoBookingStores.builder(client, "sejours")
                .transactions(MongoBookingStores.TransactionMode.REQUIRED) // AUTO (default), REQUIRED or OFF
                .build();
        // end::mongo-transactions[]
    }
}

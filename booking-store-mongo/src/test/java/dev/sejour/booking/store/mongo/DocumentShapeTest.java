package dev.sejour.booking.store.mongo;

import static dev.sejour.booking.ReservationStatus.PAID;
import static dev.sejour.booking.ReservationStatus.PENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.HoldOutcome;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.StoreException;
import dev.sejour.booking.spi.Transition;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The documents keep the Next.js app's shape, and the app's own documents are read and left whole. */
class DocumentShapeTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00.123Z");
    private static TestMongo mongo;
    private MongoDatabase database;
    private MongoCollection<Document> sejourDocs;
    private MongoCollection<Document> reservationDocs;

    @BeforeAll
    static void startServer() {
        mongo = TestMongo.inProcess();
    }

    @AfterAll
    static void stopServer() {
        mongo.close();
    }

    @BeforeEach
    void openDatabase() {
        database = mongo.freshDatabase();
        sejourDocs = database.getCollection("sejours");
        reservationDocs = database.getCollection("reservations");
    }

    @AfterEach
    void dropDatabase() {
        database.drop();
    }

    @Test
    void aPaidReservationIsStoredInTheSeedsShape() {
        MongoBookingStores stores = MongoBookingStores.create(database);
        stores.sejours().save(new Sejour("yoga_aux_choseaux", "Yoga aux Choseaux", Money.of(900, "eur"), 12));
        Reservation hold = Reservation.pending("res_shape", "yoga_aux_choseaux",
                new Buyer("David", "Devillers", "david@example.com"), 1, Money.of(900, "eur"), T0, T0.plusSeconds(1860));
        stores.reservations().insertHold(hold);
        stores.reservations().attachSession(hold.id(), "cs_test_123");
        stores.reservations().transition(new Transition(hold.id(), PENDING, PAID, 0, null, "pi_123", T0.plusSeconds(60)));

        Document doc = reservationDocs.find(Filters.eq("_id", "res_shape")).first();

        assertThat(doc.getString("sejourSlug")).isEqualTo("yoga_aux_choseaux");
        assertThat(doc.get("acheteur", Document.class)).isEqualTo(
                new Document("nom", "David").append("prenom", "Devillers").append("email", "david@example.com"));
        assertThat(doc.get("nbPlaces")).isEqualTo(1);
        assertThat(doc.get("montant")).isEqualTo(900L);
        assertThat(doc.getString("devise")).isEqualTo("eur");
        assertThat(doc.getString("statut")).isEqualTo("payee");
        assertThat(doc.getString("stripeSessionId")).isEqualTo("cs_test_123");
        assertThat(doc.getString("paymentIntentId")).isEqualTo("pi_123");
        assertThat(doc.getDate("createdAt")).isEqualTo(Date.from(T0));
        assertThat(doc.getDate("expiresAt")).isEqualTo(Date.from(T0.plusSeconds(1860)));
        assertThat(doc.getDate("paidAt")).isEqualTo(Date.from(T0.plusSeconds(60)));
        assertThat(doc).doesNotContainKeys("notifiedAt", "notifyClaimedUntil");
        assertThat(sejourDocs.find().first().getList("placeChanges", Document.class)).isEmpty();
    }

    @Test
    void pendingHoldsLeaveOutTheSessionSoTheSparseUniqueIndexAllowsMany() {
        MongoBookingStores stores = MongoBookingStores.create(database);
        stores.sejours().save(new Sejour("yoga", "Yoga", Money.of(900, "eur"), 12));
        for (int i = 0; i < 3; i++) {
            assertThat(stores.reservations().insertHold(Reservation.pending("res_" + i, "yoga",
                    new Buyer("A", "B", "c@example.com"), 1, Money.of(900, "eur"), T0, T0.plusSeconds(60))))
                    .isEqualTo(HoldOutcome.HELD);
        }

        assertThat(reservationDocs.find()).allSatisfy(doc -> assertThat(doc).doesNotContainKey("stripeSessionId"));
    }

    @Test
    void aSejourWrittenByTheNextJsAppIsReadAndItsOtherFieldsSurviveAHold() {
        ObjectId id = new ObjectId();
        List<String> images = List.of("https://res.cloudinary.com/x/yoga.jpg");
        sejourDocs.insertOne(new Document("_id", id).append("slug", "yoga_aux_choseaux")
                .append("titre", "Yoga aux Choseaux").append("prix", 900).append("capacity", 12)
                .append("description", "Une semaine au calme").append("images", images).append("__v", 0));
        MongoBookingStores stores = MongoBookingStores.create(database);

        assertThat(stores.sejours().findBySlug("yoga_aux_choseaux"))
                .contains(new Sejour("yoga_aux_choseaux", "Yoga aux Choseaux", Money.of(900, "eur"), 12));
        stores.reservations().insertHold(Reservation.pending("res_1", "yoga_aux_choseaux",
                new Buyer("David", "Devillers", "david@example.com"), 2, Money.of(1800, "eur"), T0, T0.plusSeconds(60)));

        Document after = sejourDocs.find().first();
        assertThat(after.getObjectId("_id")).isEqualTo(id);
        assertThat(after.getString("description")).isEqualTo("Une semaine au calme");
        assertThat(after.getList("images", String.class)).isEqualTo(images);
        assertThat(after.get("capacity")).isEqualTo(10);
        assertThat(after).doesNotContainKey("devise");
    }

    @Test
    void otherFieldNamesAndPricesInMajorUnitsAreMapped() {
        sejourDocs.insertOne(new Document("slug", "stage").append("title", "Stage d'été").append("price", 450.5)
                .append("places", 7.0));
        MongoMapping mapping = MongoMapping.builder().titleField("title").priceField("price").capacityField("places")
                .priceUnit(MongoMapping.PriceUnit.MAJOR_UNITS).defaultCurrency("CHF").build();
        MongoBookingStores stores = MongoBookingStores.builder(database).mapping(mapping).build();

        assertThat(stores.sejours().findBySlug("stage"))
                .contains(new Sejour("stage", "Stage d'été", Money.of(45_050, "chf"), 7));
        stores.sejours().save(new Sejour("stage", "Stage d'été", Money.of(50_000, "chf"), 5));

        Document saved = sejourDocs.find().first();
        assertThat(saved.get("price")).isEqualTo(500L);
        assertThat(saved.get("places")).isEqualTo(5);
        assertThat(saved.getString("devise")).isEqualTo("chf");
    }

    @Test
    void aReservationWrittenByTheNextJsAppIsReadButNeverNotifiedAgain() {
        ObjectId id = new ObjectId();
        reservationDocs.insertOne(new Document("_id", id).append("sejourSlug", "yoga_aux_choseaux")
                .append("acheteur", new Document("nom", "David").append("prenom", "Devillers")
                        .append("email", "david@example.com"))
                .append("nbPlaces", 1).append("montant", 900.0).append("statut", "payee")
                .append("stripeSessionId", "cs_test_old"));
        MongoBookingStores stores = MongoBookingStores.create(database);

        Reservation old = stores.reservations().findByStripeSessionId("cs_test_old").orElseThrow();

        assertThat(old.id()).isEqualTo(id.toHexString());
        assertThat(old.amount()).isEqualTo(Money.of(900, "eur"));
        assertThat(old.status()).isEqualTo(PAID);
        assertThat(old.createdAt()).isEqualTo(id.getDate().toInstant());
        assertThat(stores.reservations().findById(id.toHexString())).contains(old);
        NotificationOutbox outbox = (NotificationOutbox) stores.reservations();
        assertThat(outbox.findNotificationsDue(T0, 10)).isEmpty();
        assertThat(outbox.claimNotification(old.id(), PAID, T0, T0.plusSeconds(60))).isFalse();
    }

    @Test
    void creatingTheStoresAgainKeepsTheIndexes() {
        MongoBookingStores.create(database);
        MongoBookingStores.create(database);

        Document session = index(reservationDocs, "stripeSessionId");
        assertThat(session.getBoolean("unique")).isTrue();
        assertThat(session.getBoolean("sparse")).isTrue();
        assertThat(index(sejourDocs, "slug").getBoolean("unique")).isTrue();
    }

    @Test
    void aUniqueIndexOnSessionsThatIsNotSparseIsRefusedWithTheFix() {
        reservationDocs.createIndex(new Document("stripeSessionId", 1),
                new com.mongodb.client.model.IndexOptions().unique(true));

        assertThatThrownBy(() -> MongoBookingStores.create(database)).isInstanceOf(StoreException.class)
                .hasMessageContaining("not sparse");
    }

    @Test
    void sessionsStoredTwiceByTheOldWebhookAreReportedAtStart() {
        for (int i = 0; i < 2; i++) {
            reservationDocs.insertOne(new Document("sejourSlug", "yoga").append("statut", "payee")
                    .append("stripeSessionId", "cs_test_twice"));
        }

        assertThatThrownBy(() -> MongoBookingStores.create(database)).isInstanceOf(StoreException.class)
                .hasMessageContaining("remove the duplicates");
    }

    @Test
    void aSejourWhosePriceFieldIsMissingIsReportedWithTheMapping() {
        sejourDocs.insertOne(new Document("slug", "stage").append("titre", "Stage").append("price", 12)
                .append("capacity", 3));
        MongoBookingStores stores = MongoBookingStores.create(database);

        assertThatThrownBy(() -> stores.sejours().findBySlug("stage")).isInstanceOf(StoreException.class)
                .hasMessageContaining("prix");
    }

    @Test
    void driverFailuresBecomeStoreExceptions() {
        TestMongo lost = TestMongo.inProcess();
        try (lost) {
            MongoBookingStores stores = MongoBookingStores.create(lost.freshDatabase());
            lost.stopServer();

            assertThatThrownBy(() -> stores.sejours().findBySlug("yoga")).isInstanceOf(StoreException.class)
                    .hasCauseInstanceOf(com.mongodb.MongoException.class);
        }
    }

    private static Document index(MongoCollection<Document> collection, String field) {
        for (Document index : collection.listIndexes()) {
            if (index.get("key", Document.class).containsKey(field)) {
                return index;
            }
        }
        throw new AssertionError("no index on " + field);
    }
}

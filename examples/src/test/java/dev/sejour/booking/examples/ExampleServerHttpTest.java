package dev.sejour.booking.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example's own endpoints and its life cycle, over real HTTP, no browser. */
class ExampleServerHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void listsTheSeededSejoursWithPricesInMinorUnitsAndPlacesLeft() throws Exception {
        try (ExampleServer server = TestServers.startOffline(dataDir)) {
            HttpResponse<String> response = TestServers.get(server, "/api/sejours");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/json"));
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("maxPlacesPerOrder").asInt()).isEqualTo(10);
            assertThat(body.get("sejours")).extracting(s -> s.get("slug").asText())
                    .containsExactly("atelier_ceramique", "randonnee_vercors", "retraite_silence_conques",
                            "yoga_aux_choseaux");
            JsonNode yoga = body.get("sejours").get(3);
            assertThat(yoga.get("title").asText()).isEqualTo("Yoga aux Choseaux");
            assertThat(yoga.get("pricePerPlace").asLong()).isEqualTo(90_000);
            assertThat(yoga.get("currency").asText()).isEqualTo("eur");
            assertThat(yoga.get("placesLeft").asInt()).isEqualTo(12);
        }
    }

    @Test
    void answersOneSejourOrA404WithTheErrorCode() throws Exception {
        try (ExampleServer server = TestServers.startOffline(dataDir)) {
            JsonNode yoga = JSON.readTree(TestServers.get(server, "/api/sejours/yoga_aux_choseaux").body());
            assertThat(yoga.get("slug").asText()).isEqualTo("yoga_aux_choseaux");
            assertThat(yoga.get("placesLeft").asInt()).isEqualTo(12);

            for (String path : new String[] {"/api/sejours/inconnu", "/api/sejours/a/b", "/api/sejours/%3Cscript%3E"}) {
                HttpResponse<String> missing = TestServers.get(server, path);
                assertThat(missing.statusCode()).as(path).isEqualTo(404);
                assertThat(JSON.readTree(missing.body()).get("error").asText()).isEqualTo("sejour_not_found");
            }
        }
    }

    @Test
    void healthIsOkWhenTheDatabaseAnswersAndPagesAreServed() throws Exception {
        try (ExampleServer server = TestServers.startOffline(dataDir)) {
            HttpResponse<String> health = TestServers.get(server, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("ok");

            for (String page : new String[] {"/", "/reservation/confirmation", "/reservation/annulation"}) {
                HttpResponse<String> response = TestServers.get(server, page);
                assertThat(response.statusCode()).as(page).isEqualTo(200);
                assertThat(response.body()).contains("<html lang=\"fr\">");
                assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
            }
            assertThat(TestServers.get(server, "/assets/common.js").statusCode()).isEqualTo(200);
            assertThat(TestServers.get(server, "/assets/../../ExampleServer.class").statusCode()).isIn(400, 404);
            assertThat(TestServers.get(server, "/nulle-part").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theDefaultDatabaseIsADurableSqliteFileAndH2StillWorksThroughBookingJdbcUrl() throws Exception {
        try (ExampleServer server = TestServers.startOffline(dataDir)) {
            assertThat(server.config().jdbc().isSqlite()).isTrue();
            assertThat(TestServers.get(server, "/health").statusCode()).isEqualTo(200);
        }
        assertThat(dataDir.resolve("booking.db")).exists();

        Path h2 = dataDir.resolve("h2");
        try (ExampleServer server = TestServers.startOffline(h2, Map.of("BOOKING_JDBC_URL",
                "jdbc:h2:file:" + h2.resolve("booking").toString().replace('\\', '/') + ";WRITE_DELAY=0"))) {
            assertThat(TestServers.get(server, "/health").statusCode()).isEqualTo(200);
            HttpResponse<String> checkout = TestServers.postJson(server, "/api/paiement/stripe-session",
                    "{\"slug\":\"yoga_aux_choseaux\",\"nbPlaces\":1,\"email\":\"alice@example.com\","
                            + "\"nom\":\"Durand\",\"prenom\":\"Alice\"}");
            assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(200);
            assertThat(placesLeft(server, "yoga_aux_choseaux")).isEqualTo(11);
        }
        assertThat(h2.resolve("booking.mv.db")).exists();
    }

    @Test
    void aRestartOnTheSameDataDirectoryKeepsReservationsAndDoesNotReseed() throws Exception {
        String sessionId;
        try (ExampleServer server = TestServers.startOffline(dataDir)) {
            HttpResponse<String> checkout = TestServers.postJson(server, "/api/paiement/stripe-session",
                    "{\"slug\":\"yoga_aux_choseaux\",\"nbPlaces\":3,\"email\":\"david@example.com\","
                            + "\"nom\":\"Devillers\",\"prenom\":\"David\"}");
            assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(200);
            sessionId = JSON.readTree(checkout.body()).get("sessionId").asText();
            StripeSimulator stripe = server.simulator().orElseThrow();
            stripe.pay(sessionId); // delivers the signed webhook to the server
            assertThat(placesLeft(server, "yoga_aux_choseaux")).isEqualTo(9);
        }

        try (ExampleServer again = TestServers.startOffline(dataDir)) {
            assertThat(placesLeft(again, "yoga_aux_choseaux")).isEqualTo(9);
            JsonNode reservation = JSON.readTree(
                    TestServers.get(again, "/api/paiement/reservation?session_id=" + sessionId).body());
            assertThat(reservation.get("statut").asText()).isEqualTo("payee");
            assertThat(reservation.get("nbPlaces").asInt()).isEqualTo(3);
        }
    }

    @Test
    void aTakenPortIsReportedAndNothingIsLeftRunning() throws Exception {
        try (ExampleServer first = TestServers.startOffline(dataDir)) {
            Path otherDir = dataDir.resolve("other");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServers.startOffline(otherDir,
                            Map.of("PORT", Integer.toString(first.port()))))
                    .hasRootCauseInstanceOf(java.net.BindException.class);
            assertThat(TestServers.get(first, "/health").statusCode()).isEqualTo(200);
        }
    }

    private static int placesLeft(ExampleServer server, String slug) throws Exception {
        return JSON.readTree(TestServers.get(server, "/api/sejours/" + slug).body()).get("placesLeft").asInt();
    }
}

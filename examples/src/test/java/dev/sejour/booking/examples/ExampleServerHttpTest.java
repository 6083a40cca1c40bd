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

    @Test
    void jettysOwnProtocolErrorsAreJsonAndNoAnswerNamesTheServer() throws Exception {
        try (ExampleServer server = TestServers.startOffline(dataDir)) {
            assertThat(TestServers.get(server, "/health").headers().firstValue("Server")).isEmpty();
            assertThat(TestServers.get(server, "/").headers().firstValue("Server")).isEmpty();

            assertJsonError(raw(server, "GARBAGE\r\n\r\n"), 400, "invalid_request");
            assertJsonError(raw(server, "GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"), 400,
                    "invalid_request");
            assertJsonError(raw(server, "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414,
                    "uri_too_long");
            assertJsonError(raw(server, "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000)
                    + "\r\n\r\n"), 431, "headers_too_large");
            assertJsonError(raw(server, "POST /api/paiement/stripe-webhook HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 5000000\r\n\r\n" + "x".repeat(600_000)),
                    413, "payload_too_large");
        }
    }

    /** Sends {@code request} as it is on a socket and answers the raw response (status line, headers, body). */
    private static String raw(ExampleServer server, String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            try {
                socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
            } catch (java.io.IOException closedEarly) {
                // The server may answer and close before reading everything: read what it said.
            }
            java.io.ByteArrayOutputStream response = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                    response.write(buffer, 0, n);
                    String text = response.toString(java.nio.charset.StandardCharsets.UTF_8);
                    int head = text.indexOf("\r\n\r\n");
                    java.util.regex.Matcher length = java.util.regex.Pattern
                            .compile("(?i)content-length: *(\\d+)").matcher(text);
                    if (head > 0 && length.find() && text.length() >= head + 4 + Integer.parseInt(length.group(1))) {
                        break;
                    }
                }
            } catch (java.io.IOException reset) {
                // A server that answered then closed may reset the connection: keep what was read.
            }
            return response.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static void assertJsonError(String response, int status, String code) throws Exception {
        assertThat(response).as(response).startsWith("HTTP/1.1 " + status + " ");
        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
        assertThat(head).contains("content-type: application/json").doesNotContain("\nserver:");
        JsonNode body = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.size()).isEqualTo(2);
    }

    private static int placesLeft(ExampleServer server, String slug) throws Exception {
        return JSON.readTree(TestServers.get(server, "/api/sejours/" + slug).body()).get("placesLeft").asInt();
    }
}

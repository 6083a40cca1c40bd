package dev.sejour.booking.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sejour.booking.testkit.stripe.Delivery;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The Spring Boot example started as its main method starts it (offline), driven over real HTTP. */
class SpringExampleApplicationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ConfigurableApplicationContext context;
    private static String root;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path outbox;

    @BeforeAll
    static void start() {
        context = SpringExampleApplication.start("--server.port=0", "--booking.outbox=" + outbox,
                "--spring.datasource.url=jdbc:h2:mem:example" + UUID.randomUUID().toString().replace("-", "")
                        + ";DB_CLOSE_DELAY=-1",
                "--sejour.booking.base-url=http://localhost:8080");
        root = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void servesThePlainExamplesPagesWithTheirHeaders() throws Exception {
        for (String page : new String[] {"/", "/reservation/confirmation", "/reservation/annulation"}) {
            HttpResponse<String> response = get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(200);
            assertThat(response.body()).as(page).contains("<html lang=\"fr\">");
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(page).isPresent();
        }
        assertThat(get("/assets/common.js").statusCode()).isEqualTo(200);
    }

    @Test
    void sellsAPlaceOfflineFromCheckoutToPaidReservation() throws Exception {
        JsonNode catalogue = JSON.readTree(get("/api/sejours").body());
        assertThat(catalogue.get("maxPlacesPerOrder").asInt()).isEqualTo(10);
        assertThat(catalogue.get("sejours")).hasSize(4);

        HttpResponse<String> checkout = post("/api/paiement/stripe-session", "{\"slug\":\"randonnee_vercors\","
                + "\"nbPlaces\":1,\"email\":\"ana@example.com\",\"nom\":\"Lopez\",\"prenom\":\"Ana\"}");
        assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(200);
        String sessionId = JSON.readTree(checkout.body()).get("sessionId").asText();

        StripeSimulator stripe = context.getBean(StripeSimulator.class);
        stripe.pay(sessionId);
        assertThat(stripe.deliveries()).last().matches(Delivery::succeeded, "webhook answered 2xx");
        JsonNode reservation = JSON.readTree(get("/api/paiement/reservation?session_id=" + sessionId).body());
        assertThat(reservation.get("statut").asText()).isEqualTo("payee");
        assertThat(JSON.readTree(get("/api/sejours/randonnee_vercors").body()).get("placesLeft").asInt())
                .isEqualTo(7);
        assertThat(get("/api/sejours/inconnu").statusCode()).isEqualTo(404);

        // Offline without spring.mail.host: the buyer's e-mail is a file in the outbox.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (var files = Files.list(outbox)) {
                return files.anyMatch(f -> f.toString().endsWith(".eml"));
            }
        });

        JsonNode health = JSON.readTree(get("/actuator/health").body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/booking/status").asText()).isEqualTo("UP");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

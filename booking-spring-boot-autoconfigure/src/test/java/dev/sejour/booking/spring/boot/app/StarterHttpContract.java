package dev.sejour.booking.spring.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.sejour.booking.Money;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.SejourStore;
import dev.sejour.booking.testkit.stripe.Delivery;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A whole Spring Boot application over real HTTP with nothing but the starter and properties: checkout, payment
 * at the Stripe simulator, its signed webhook, the {@code payee} reservation, the buyer's e-mail at GreenMail
 * (through {@code spring.mail.*}), then {@code /actuator/health} and {@code /actuator/metrics}. Each database
 * runs it through a subclass (one application context per subclass).
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class StarterHttpContract {

    static final String SECRET_KEY = "sk_test_starterSuiteSecretKey";
    static final String WEBHOOK_SECRET = "whsec_starterSuiteSigningSecret";
    static final String SLUG = "yoga_aux_choseaux";
    static final ObjectMapper JSON = new ObjectMapper();
    static final StripeSimulator STRIPE = StripeSimulator.builder().apiKey(SECRET_KEY).start();
    static final GreenMail MAIL = startMail();

    @Value("${local.server.port}")
    int port;

    @Autowired
    SejourStore sejours;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static GreenMail startMail() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }

    /** The four settings a user sets, plus test plumbing: the simulator, GreenMail, Actuator's exposure. */
    static void commonProperties(DynamicPropertyRegistry registry) {
        registry.add("sejour.booking.stripe.secret-key", () -> SECRET_KEY);
        registry.add("sejour.booking.stripe.webhook-secret", () -> WEBHOOK_SECRET);
        registry.add("sejour.booking.stripe.api-base", STRIPE::apiBase);
        registry.add("sejour.booking.stripe.max-network-retries", () -> "0");
        registry.add("sejour.booking.base-url", () -> "https://sejours.example.org");
        registry.add("sejour.booking.jdbc.create-tables", () -> "true");
        registry.add("sejour.booking.mail.from", () -> "Séjours <contact@sejours.example.org>");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
        registry.add("management.endpoints.web.exposure.include", () -> "health,metrics");
        registry.add("management.endpoint.health.show-components", () -> "always");
        registry.add("management.endpoint.health.show-details", () -> "always");
        // The MongoDB driver is on this class path, so Spring Boot makes a MongoClient (to localhost:27017 unless a
        // test names a server) and, on Boot 4, a health indicator for it that waits 30 s for a mongod that is not
        // there, or asks the in-process server for 'hello', which it does not know. The booking component reads
        // the stores, whichever they are.
        registry.add("management.health.mongo.enabled", () -> "false");   // Spring Boot 3
        registry.add("management.health.mongodb.enabled", () -> "false"); // Spring Boot 4
    }

    @AfterAll
    static void stopServers() {
        // The context is cached for other classes; these servers belong to this class's context only.
        // (They are daemon servers: what is left is stopped with the JVM.)
    }

    @BeforeEach
    void seedAndPointStripeHere() {
        if (sejours.findBySlug(SLUG).isEmpty()) {
            sejours.save(new Sejour(SLUG, "Yoga aux Choseaux", Money.of(90_000, "eur"), 12));
        }
        STRIPE.webhookEndpoint(URI.create("http://127.0.0.1:" + port + "/api/paiement/stripe-webhook"), WEBHOOK_SECRET);
        STRIPE.autoDeliver(true);
    }

    @Test
    void checkoutPayWebhookPaidReservationEmailHealthAndMetrics() throws Exception {
        int mailsBefore = MAIL.getReceivedMessages().length;
        HttpResponse<String> checkout = post("/api/paiement/stripe-session", "{\"slug\":\"" + SLUG + "\",\"nbPlaces\":2,"
                + "\"email\":\"david@example.com\",\"nom\":\"Devillers\",\"prenom\":\"David\"}");
        assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(200);
        String sessionId = JSON.readTree(checkout.body()).get("sessionId").asText();

        STRIPE.pay(sessionId);
        assertThat(STRIPE.deliveries()).last().matches(Delivery::succeeded, "webhook answered 2xx");

        HttpResponse<String> reservation = get("/api/paiement/reservation?session_id=" + sessionId);
        assertThat(reservation.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(reservation.body()).get("statut").asText()).isEqualTo("payee");

        assertThat(MAIL.waitForIncomingEmail(TimeUnit.SECONDS.toMillis(30), mailsBefore + 1)).isTrue();
        MimeMessage mail = MAIL.getReceivedMessages()[mailsBefore];
        assertThat(((jakarta.mail.internet.InternetAddress) mail.getAllRecipients()[0]).getAddress())
                .isEqualTo("david@example.com");
        assertThat(mail.getFrom()[0].toString()).contains("contact@sejours.example.org");

        JsonNode health = JSON.readTree(get("/actuator/health").body());
        assertThat(health.get("status").asText()).as(health.toString()).isEqualTo("UP");
        assertThat(health.at("/components/booking/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/booking/details/sejours").asInt()).isGreaterThanOrEqualTo(1);

        assertThat(metric("booking.checkouts?tag=outcome:started")).isGreaterThanOrEqualTo(1);
        assertThat(metric("booking.webhooks?tag=type:checkout.session.completed&tag=disposition:applied"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metric("booking.holds.active")).isZero();
        assertThat(metric("booking.notifications.failed")).isZero();
        // Delivered by now (the e-mail arrived); its record lands right after.
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(metric("booking.notifications.pending")).isZero());
    }

    @Test
    void runsOnTheSpringBootVersionTheBuildAskedFor() {
        String expected = System.getProperty("expected.spring-boot.version");
        org.junit.jupiter.api.Assumptions.assumeTrue(expected != null, "run outside Maven");
        assertThat(org.springframework.boot.SpringBootVersion.getVersion()).isEqualTo(expected);
    }

    @Test
    void refusalsAreCountedByOutcome() throws Exception {
        HttpResponse<String> full = post("/api/paiement/stripe-session", "{\"slug\":\"" + SLUG + "\",\"nbPlaces\":99,"
                + "\"email\":\"a@example.com\",\"nom\":\"A\",\"prenom\":\"B\"}");
        assertThat(full.statusCode()).isIn(400, 409);
        String outcome = JSON.readTree(full.body()).get("error").asText();
        assertThat(metric("booking.checkouts?tag=outcome:" + outcome)).isGreaterThanOrEqualTo(1);
    }

    /** The first measurement (count or value) of a meter, read over HTTP. */
    double metric(String nameAndQuery) throws Exception {
        HttpResponse<String> response = get("/actuator/metrics/" + nameAndQuery);
        assertThat(response.statusCode()).as(nameAndQuery + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("measurements").get(0).get("value").asDouble();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

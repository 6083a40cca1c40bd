package dev.sejour.booking.spring.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sejour.booking.Money;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.SejourStore;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The @SpringBootTest of docs/spring-boot.md ("Testing your application with the simulator"), as shown there. */
// tag::spring-boot-test[]
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShopCheckoutTest {

    static final StripeSimulator STRIPE = StripeSimulator.builder().apiKey("sk_test_shop").start();

    @DynamicPropertySource
    static void stripe(DynamicPropertyRegistry registry) {
        registry.add("sejour.booking.stripe.secret-key", () -> "sk_test_shop");
        registry.add("sejour.booking.stripe.webhook-secret", () -> "whsec_shop");
        registry.add("sejour.booking.stripe.api-base", STRIPE::apiBase);
        registry.add("sejour.booking.base-url", () -> "https://shop.example.org");
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:shop_checkout;DB_CLOSE_DELAY=-1"); // (not in the docs)
        registry.add("sejour.booking.jdbc.create-tables", () -> "true"); // (not in the docs)
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    SejourStore sejours;

    @BeforeEach
    void webhookHere() {
        STRIPE.webhookEndpoint(URI.create("http://127.0.0.1:" + port + "/api/paiement/stripe-webhook"),
                "whsec_shop");
    }

    @Test
    void aPaidCheckoutIsPayee() throws Exception {
        sejours.save(new Sejour("yoga", "Yoga", Money.of(90_000, "eur"), 12));
        HttpClient http = HttpClient.newHttpClient();
        String checkout = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/paiement/stripe-session"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"slug\":\"yoga\",\"nbPlaces\":1,\"email\":\"ana@example.org\","
                        + "\"nom\":\"Lopez\",\"prenom\":\"Ana\"}"))
                .build(), BodyHandlers.ofString()).body();
        String sessionId = new ObjectMapper().readTree(checkout).get("sessionId").asText();

        STRIPE.pay(sessionId); // the buyer pays: the signed checkout.session.completed is delivered here

        String reservation = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/paiement/reservation?session_id=" + sessionId)).build(), BodyHandlers.ofString()).body();
        assertThat(new ObjectMapper().readTree(reservation).get("statut").asText()).isEqualTo("payee");
    }
}
// end::spring-boot-test[]

package dev.sejour.booking.servlet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code web.xml} way: the container instantiates a declared listener by its class name (as
 * {@code <listener><listener-class>} does) and the listener registers the endpoints.
 */
class DeclaredListenerTest {

    @Test
    void aListenerDeclaredLikeInWebXmlMountsTheEndpoints(@TempDir Path baseDir) throws Exception {
        try (StripeSimulator stripe = StripeSimulator.start()) {
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(baseDir.toString());
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.setConnector(connector);
            Context context = tomcat.addContext("/shop", Files.createDirectories(baseDir.resolve("root")).toString());
            context.addParameter("STRIPE_SECRET_KEY", "sk_test_listener");
            context.addParameter("STRIPE_WEBHOOK_SECRET", "whsec_listener");
            context.addParameter("BOOKING_BASE_URL", "https://sejours.example.org");
            context.addParameter("STRIPE_API_BASE", stripe.apiBase());
            context.addApplicationListener(ExampleBookingListener.class.getName());
            tomcat.start();
            try {
                URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/shop/api/paiement/");
                HttpClient http = HttpClient.newHttpClient();

                HttpResponse<String> created = http.send(HttpRequest.newBuilder(base.resolve("stripe-session"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(BookingEndpointsContract.SEED_JSON, UTF_8))
                        .build(), HttpResponse.BodyHandlers.ofString(UTF_8));
                HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(
                        base.resolve("reservation?session_id=cs_test_unknown")).build(),
                        HttpResponse.BodyHandlers.ofString(UTF_8));

                assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
                assertThat(created.body()).contains("\"sessionId\":\"cs_test_");
                assertThat(unknown.statusCode()).isEqualTo(404);
                assertThat(unknown.body()).contains("reservation_not_found");
            } finally {
                tomcat.stop();
                tomcat.destroy();
            }
        }
    }
}

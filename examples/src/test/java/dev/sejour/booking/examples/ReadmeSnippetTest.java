package dev.sejour.booking.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sejour.booking.BookingMaintenance;
import dev.sejour.booking.BookingService;
import dev.sejour.booking.Money;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.mail.SmtpNotifier;
import dev.sejour.booking.mail.SmtpSettings;
import dev.sejour.booking.servlet.BookingEndpoints;
import dev.sejour.booking.store.jdbc.JdbcBookingStores;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use it" snippet, line for line, in a real container: if the public API it shows changes,
 * this stops compiling.
 */
class ReadmeSnippetTest {

    @Test
    void theReadmeSnippetMountsAWorkingCheckout() throws Exception {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl("jdbc:h2:mem:readme;DB_CLOSE_DELAY=-1");
        try (HikariDataSource dataSource = new HikariDataSource(pool);
             StripeSimulator stripe = StripeSimulator.builder().apiKey(System.getenv("STRIPE_SECRET_KEY")).start()) {
            String user = "organiser@example.org";
            String appPassword = "app-password";
            AtomicReference<BookingService> mounted = new AtomicReference<>();
            AtomicReference<BookingMaintenance> started = new AtomicReference<>();
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            context.addServletContainerInitializer((classes, servletContext) -> {
                // tag::readme-use-it[] README "Use it": DocSnippetsTest checks the README shows these lines
                // tables from the shipped scripts (docs/jdbc.md), or created here if missing:
                JdbcBookingStores stores = JdbcBookingStores.builder(dataSource).createTablesIfMissing().build();
                BookingService booking = BookingService.builder()
                        .stores(stores.sejours(), stores.reservations())
                        .stripeSecretKey(System.getenv("STRIPE_SECRET_KEY"))
                        .webhookSecret(System.getenv("STRIPE_WEBHOOK_SECRET"))
                        .baseUrl("https://my-site.example")
                        .notifier(new SmtpNotifier(SmtpSettings.gmail(user, appPassword)))
                        .stripeApiBase(stripe.apiBase()) // (not in the docs) Stripe is the simulator here
                        .build();
                BookingEndpoints.register(servletContext, booking, "/api/paiement");
                // every minute, on any instance: expired holds released, due emails handed over (one daemon thread)
                BookingMaintenance maintenance = BookingMaintenance.start(booking, Duration.ofMinutes(1));
                // end::readme-use-it[] (but for the closes, called below when the server stops)
                stores.sejours().save(new Sejour("yoga_aux_choseaux", "Yoga", Money.of(90_000, "eur"), 12));
                mounted.set(booking);
                started.set(maintenance);
            });
            server.setHandler(context);
            server.start();
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/api/paiement/stripe-session"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"slug\":\"yoga_aux_choseaux\",\"nbPlaces\":1,"
                                + "\"email\":\"david@example.com\",\"nom\":\"Devillers\",\"prenom\":\"David\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains("\"url\":\"" + stripe.apiBase() + "/checkout/cs_test_");
                assertThat(mounted.get()).isNotNull();
            } finally {
                server.stop();
                BookingService booking = mounted.get();
                BookingMaintenance maintenance = started.get();
                if (booking != null) {
                    // tag::readme-use-it[] its last lines
                    // when the application stops (emails are sent by the service's own threads, never in a request;
                    // what is not sent yet stays due and goes at the next start):
                    maintenance.close();
                    booking.close();
                    // end::readme-use-it[]
                }
            }
        }
    }
}

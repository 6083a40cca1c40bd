package dev.sejour.booking.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sejour.booking.BookingService;
import dev.sejour.booking.mail.SmtpNotifier;
import dev.sejour.booking.mail.SmtpSettings;
import dev.sejour.booking.store.jdbc.JdbcBookingStores;
import dev.sejour.booking.store.jdbc.SqliteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Code the docs show, compiled against the real API: {@link DocSnippetsTest} checks that each tagged region
 * is what the markdown shows. Compiled, never run (the tests named in the docs run the same calls).
 */
@SuppressWarnings("unused")
final class DocSnippets {

    private DocSnippets() {
    }

    static void configuration(JdbcBookingStores stores, SmtpSettings smtpSettings) {
        // tag::configuration-builder[]
        BookingService booking = BookingService.builder()
                .stores(stores.sejours(), stores.reservations())          // required
                .stripeSecretKey(System.getenv("STRIPE_SECRET_KEY"))       // required
                .webhookSecret(System.getenv("STRIPE_WEBHOOK_SECRET"))     // required
                .baseUrl("https://sejours.example")                       // required
                .notifier(new SmtpNotifier(smtpSettings))                  // default: nobody is told
                .build();
        // end::configuration-builder[]
    }

    static void jdbcCreate(DataSource dataSource) {
        // tag::jdbc-create[]
        // dataSource: a pool, see below
        JdbcBookingStores stores = JdbcBookingStores.create(dataSource);   // tables must exist

        BookingService service = BookingService.builder()
                .stores(stores.sejours(), stores.reservations())
                // .stripeSecretKey(...), .webhookSecret(...), .baseUrl(...), ...
                .build();
        // end::jdbc-create[]
    }

    static void jdbcCreateTables(DataSource dataSource) {
        // tag::jdbc-create-tables[]
        JdbcBookingStores stores = JdbcBookingStores.builder(dataSource)
                .createTablesIfMissing()
                .build();
        // end::jdbc-create-tables[]
    }

    static void jdbcPrefix(DataSource dataSource) {
        // tag::jdbc-prefix[]
        JdbcBookingStores.builder(dataSource).tablePrefix("booking_").createTablesIfMissing().build();
        // tables booking_sejours, booking_reservations; indexes booking_reservations_expiry_idx, ...
        // end::jdbc-prefix[]
    }

    static void jdbcHikari() {
        // tag::jdbc-hikari[]
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://db:5432/shop");   // or jdbc:mariadb://db:3306/shop
        config.setUsername("shop");
        config.setPassword(System.getenv("DB_PASSWORD"));
        config.setMaximumPoolSize(10);           // each store call holds one connection for a few milliseconds
        config.setConnectionTimeout(5_000);      // fail fast: the webhook answers 5xx and Stripe retries
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");   // optional, see below
        JdbcBookingStores stores = JdbcBookingStores.create(new HikariDataSource(config));
        // end::jdbc-hikari[]
    }

    static void jdbcSqlite() {
        // tag::jdbc-sqlite[]
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(SqliteDatabase.url(Path.of("data/booking.db")));
        pool.setMaximumPoolSize(4);
        JdbcBookingStores stores = JdbcBookingStores.builder(new HikariDataSource(pool)).createTablesIfMissing().build();

        // end::jdbc-sqlite[]
    }

    static void browser(WebDriver driver, String baseUrl, WebDriverWait wait) {
        // tag::browser[]
        driver.get(baseUrl + "/");
        // fill the form, submit: the page posts to /api/paiement/stripe-session and follows the url
        wait.until(ExpectedConditions.urlContains("/checkout/cs_test_"));
        driver.findElement(By.cssSelector("button.pay")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Payée"));
        // end::browser[]
    }

    static void slowClients(Server server, ServletContextHandler context) {
        // tag::slow-clients-jetty[]
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setMinRequestDataRate(512);                       // bytes/s, for reads by the servlets
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setIdleTimeout(20_000);                      // nothing received for 20 s: closed
        server.setHandler(new GracefulHandler(
                new SlowClientGuard(context, 528 * 1024, Duration.ofSeconds(10))));
        // end::slow-clients-jetty[]
    }
}

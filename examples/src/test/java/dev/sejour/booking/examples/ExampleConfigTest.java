package dev.sejour.booking.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExampleConfigTest {

    @Test
    void withNothingSetItRunsOfflineOnLocalhost8080WithADurableSqliteFileUnderData() {
        ExampleConfig config = ExampleConfig.fromEnvironment(Map.of());

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.baseUrlFor(8080)).isEqualTo("http://localhost:8080");
        assertThat(config.dataDir()).isEqualTo(Path.of("data").toAbsolutePath().normalize());
        assertThat(config.jdbc().url()).startsWith("jdbc:sqlite:" + config.dataDir().toString().replace('\\', '/')
                + "/booking.db?").contains("journal_mode=WAL").contains("synchronous=FULL");
        assertThat(config.jdbc().isSqlite()).isTrue();
        assertThat(config.offline()).isTrue();
        assertThat(config.smtp()).isNull();
        assertThat(config.outboxDir()).isEqualTo(config.dataDir().resolve("outbox"));
        assertThat(config.maintenanceInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.notificationClaim()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void readsEveryVariable() {
        ExampleConfig config = ExampleConfig.fromEnvironment(Map.ofEntries(
                Map.entry("HOST", "0.0.0.0"),
                Map.entry("PORT", "9090"),
                Map.entry("BOOKING_BASE_URL", "https://sejours.example/"),
                Map.entry("BOOKING_DATA_DIR", "/tmp/booking-data"),
                Map.entry("BOOKING_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
                Map.entry("BOOKING_JDBC_USER", "shop"),
                Map.entry("STRIPE_SECRET_KEY", "sk_test_123"),
                Map.entry("STRIPE_WEBHOOK_SECRET", "whsec_abc"),
                Map.entry("STRIPE_API_BASE", "http://localhost:12111"),
                Map.entry("SMTP_HOST", "smtp.example.org"),
                Map.entry("SMTP_USER", "contact@sejours.example"),
                Map.entry("SMTP_PASSWORD", "p4ssw0rd-smtp"),
                Map.entry("BOOKING_MAINTENANCE_INTERVAL_SECONDS", "5"),
                Map.entry("BOOKING_NOTIFICATION_CLAIM_SECONDS", "7")));

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.baseUrlFor(9090)).isEqualTo("https://sejours.example");
        assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/booking-data"));
        assertThat(config.jdbc().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(config.jdbc().user()).isEqualTo("shop");
        assertThat(config.offline()).isFalse();
        assertThat(config.stripe().secretKey()).isEqualTo("sk_test_123");
        assertThat(config.stripe().apiBase()).isEqualTo("http://localhost:12111");
        assertThat(config.smtp().host()).isEqualTo("smtp.example.org");
        assertThat(config.maintenanceInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.notificationClaim()).isEqualTo(Duration.ofSeconds(7));
        assertThat(config.toString()).doesNotContain("p4ssw0rd-smtp").doesNotContain("sk_test_123");
    }

    @Test
    void theNextJsBaseUrlIsTheFallbackAndBlankValuesCountAsUnset() {
        ExampleConfig config = ExampleConfig.fromEnvironment(Map.of(
                "NEXT_PUBLIC_BASE_URL", "http://localhost:3000", "PORT", " ", "GMAIL_USER", ""));

        assertThat(config.baseUrlFor(8080)).isEqualTo("http://localhost:3000");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.smtp()).isNull();
    }

    @Test
    void gmailSettingsGoThroughTheMailModule() {
        ExampleConfig config = ExampleConfig.fromEnvironment(Map.of(
                "GMAIL_USER", "organisatrice@gmail.com", "GMAIL_PASS", "abcdabcdabcdabcd"));

        assertThat(config.smtp().host()).isEqualTo("smtp.gmail.com");
        assertThat(config.smtp().port()).isEqualTo(587);
    }

    @Test
    void invalidValuesGiveOneLineNamingTheVariable() {
        assertInvalid(Map.of("PORT", "http"), "PORT must be a whole number from 0 to 65535, not 'http'");
        assertInvalid(Map.of("PORT", "70000"), "PORT must be a whole number");
        assertInvalid(Map.of("BOOKING_BASE_URL", "localhost:8080"), "BOOKING_BASE_URL must be an http(s) URL");
        assertInvalid(Map.of("NEXT_PUBLIC_BASE_URL", "ftp://x"), "NEXT_PUBLIC_BASE_URL must be an http(s) URL");
        assertInvalid(Map.of("BOOKING_JDBC_URL", "postgres://db"), "BOOKING_JDBC_URL must be a JDBC URL");
        assertInvalid(Map.of("STRIPE_SECRET_KEY", "sk_test_1"), "set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET");
        assertInvalid(Map.of("STRIPE_SECRET_KEY", "pk_test_1", "STRIPE_WEBHOOK_SECRET", "whsec_1"),
                "STRIPE_SECRET_KEY must be a Stripe secret key");
        assertInvalid(Map.of("STRIPE_SECRET_KEY", "sk_test_1", "STRIPE_WEBHOOK_SECRET", "secret"),
                "STRIPE_WEBHOOK_SECRET must be a webhook signing secret");
        assertInvalid(Map.of("STRIPE_API_BASE", "http://localhost:12111"), "STRIPE_API_BASE is set but");
        assertInvalid(Map.of("BOOKING_MAINTENANCE_INTERVAL_SECONDS", "0"), "BOOKING_MAINTENANCE_INTERVAL_SECONDS");
        assertInvalid(Map.of("GMAIL_USER", "organisatrice@gmail.com"), "GMAIL_PASS");
        assertInvalid(Map.of("SMTP_HOST", "smtp.example.org", "SMTP_PORT", "abc"), "SMTP_PORT");
    }

    private static void assertInvalid(Map<String, String> env, String message) {
        assertThatThrownBy(() -> ExampleConfig.fromEnvironment(env))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}

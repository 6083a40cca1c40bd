package dev.sejour.booking.spring.boot.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.BookingService;
import dev.sejour.booking.spi.Notifier;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import dev.sejour.booking.spring.boot.BookingAutoConfiguration;
import dev.sejour.booking.spring.boot.BookingBoot4HealthAutoConfiguration;
import dev.sejour.booking.spring.boot.BookingHealthAutoConfiguration;
import dev.sejour.booking.spring.boot.JavaMailSenderNotifier;
import dev.sejour.booking.store.jdbc.JdbcBookingStores;
import dev.sejour.booking.testkit.BookingStores;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The conditions that differ on Spring Boot 4 (moved auto-configurations, the new health API). Compiled and run
 * only by booking-spring-boot-tests-boot4: the auto-configure module excludes this package.
 */
class Boot4AutoConfigurationTest {

    private static final BookingStores STORES = BookingStores.inMemory();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BookingAutoConfiguration.class,
                    BookingHealthAutoConfiguration.class, BookingBoot4HealthAutoConfiguration.class))
            .withPropertyValues("sejour.booking.stripe.secret-key=sk_test_boot4",
                    "sejour.booking.stripe.webhook-secret=whsec_boot4",
                    "sejour.booking.base-url=https://sejours.example.org");

    @Test
    void jdbcStoresAndMailNotifierAfterBoot4sMovedAutoConfigurations() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        MailSenderAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:boot4" + UUID.randomUUID().toString()
                        .replace("-", "") + ";DB_CLOSE_DELAY=-1", "sejour.booking.jdbc.create-tables=true",
                        "spring.mail.host=127.0.0.1")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(JdbcBookingStores.class)
                            .hasSingleBean(BookingService.class);
                    assertThat(context.getBean(Notifier.class)).isInstanceOf(JavaMailSenderNotifier.class);
                });
    }

    @Test
    void theBookingHealthIndicatorIsBoot4sAndCanBeTurnedOff() {
        runner.withBean(SejourStore.class, STORES::sejours).withBean(ReservationStore.class, STORES::reservations)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    HealthIndicator health = context.getBean("bookingHealthIndicator", HealthIndicator.class);
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                    assertThat(health.health().getDetails()).containsKeys("sejours", "failedNotifications");
                    assertThat(health.health(false).getDetails()).isEmpty();
                });
        runner.withBean(SejourStore.class, STORES::sejours).withBean(ReservationStore.class, STORES::reservations)
                .withPropertyValues("management.health.booking.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("bookingHealthIndicator"));
        runner.withBean(SejourStore.class, STORES::sejours).withBean(ReservationStore.class, STORES::reservations)
                .withPropertyValues("management.health.defaults.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("bookingHealthIndicator"));
        runner.withBean(SejourStore.class, STORES::sejours).withBean(ReservationStore.class, STORES::reservations)
                .withPropertyValues("management.health.defaults.enabled=false", "management.health.booking.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().hasBean("bookingHealthIndicator"));
    }
}

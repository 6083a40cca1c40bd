package dev.sejour.booking.spring.boot;

import dev.sejour.booking.BookingService;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Actuator health indicator {@code booking} (Spring Boot 3's Actuator): UP when the stores answer, with the
 * number of séjours, notifications given up and deliveries under way as details; DOWN when the store fails.
 * Notifications given up do not make it DOWN: restarting the instance would not deliver them.
 */
@AutoConfiguration(after = BookingAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(BookingService.class)
@ConditionalOnEnabledHealthIndicator("booking")
public class BookingHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "bookingHealthIndicator")
    BookingHealthIndicator bookingHealthIndicator(BookingService booking, SejourStore sejours,
                                                  ReservationStore reservations,
                                                  ObjectProvider<NotificationOutbox> outbox) {
        return new BookingHealthIndicator(booking, sejours, BookingAutoConfiguration.outbox(reservations, outbox));
    }

    static final class BookingHealthIndicator extends AbstractHealthIndicator {

        private final BookingService booking;
        private final SejourStore sejours;
        private final NotificationOutbox outbox;

        BookingHealthIndicator(BookingService booking, SejourStore sejours, NotificationOutbox outbox) {
            super("Booking store unreachable");
            this.booking = booking;
            this.sejours = sejours;
            this.outbox = outbox;
        }

        @Override
        protected void doHealthCheck(Health.Builder builder) {
            builder.up().withDetails(details(booking, sejours, outbox));
        }
    }

    /** The details of an UP answer; throws when the store fails (the answer is then DOWN). */
    static java.util.Map<String, Object> details(BookingService booking, SejourStore sejours,
                                                 NotificationOutbox outbox) {
        java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("sejours", sejours.findAll().size());
        details.put("failedNotifications", outbox.countFailedNotifications());
        details.put("notificationsInFlight", booking.notificationsInFlight());
        return details;
    }
}

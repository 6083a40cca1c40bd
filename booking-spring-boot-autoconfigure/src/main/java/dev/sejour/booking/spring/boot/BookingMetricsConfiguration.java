package dev.sejour.booking.spring.boot;

import dev.sejour.booking.micrometer.BookingMetrics;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.NotificationOutbox;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The meters (booking-micrometer), bound by Spring Boot's metrics auto-configuration like any MeterBinder. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({BookingMetrics.class, MeterBinder.class})
class BookingMetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    BookingMetrics bookingMetrics(ReservationStore reservationStore, ObjectProvider<NotificationOutbox> outbox) {
        return new BookingMetrics(reservationStore, BookingAutoConfiguration.outbox(reservationStore, outbox),
                Clock.systemUTC());
    }
}

package dev.sejour.booking.spring.boot;

import dev.sejour.booking.BookingMaintenance;
import dev.sejour.booking.BookingService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The library's {@link BookingMaintenance} every {@code sejour.booking.maintenance.interval}, unless
 * {@code sejour.booking.maintenance.enabled=false}. Closed with the context, before the service it depends on.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "sejour.booking.maintenance", name = "enabled", havingValue = "true",
        matchIfMissing = true)
class BookingMaintenanceConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    BookingMaintenance bookingMaintenance(BookingService booking, BookingProperties properties) {
        return BookingMaintenance.start(booking, properties.getMaintenance().getInterval());
    }
}

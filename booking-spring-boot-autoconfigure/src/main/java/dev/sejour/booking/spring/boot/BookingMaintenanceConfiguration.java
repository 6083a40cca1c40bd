package dev.sejour.booking.spring.boot;

import dev.sejour.booking.BookingService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The maintenance, unless {@code sejour.booking.maintenance.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "sejour.booking.maintenance", name = "enabled", havingValue = "true",
        matchIfMissing = true)
class BookingMaintenanceConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ScheduledMaintenance bookingMaintenance(BookingService booking, BookingProperties properties) {
        return new ScheduledMaintenance(booking, properties.getMaintenance().getInterval());
    }
}

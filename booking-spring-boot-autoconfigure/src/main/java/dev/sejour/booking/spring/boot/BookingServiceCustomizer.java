package dev.sejour.booking.spring.boot;

import dev.sejour.booking.BookingService;

/**
 * Changes the {@link BookingService.Builder} after the properties are applied and before the service is built,
 * for settings that are not properties (a {@link java.time.Clock}, a notifier wrapped in your own). Declare
 * any number as beans; they run in {@link org.springframework.core.annotation.Order order}.
 */
@FunctionalInterface
public interface BookingServiceCustomizer {

    void customize(BookingService.Builder builder);
}

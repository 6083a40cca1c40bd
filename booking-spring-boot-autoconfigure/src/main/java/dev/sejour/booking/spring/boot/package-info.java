/**
 * Spring Boot auto-configuration of the booking service, its stores, notifier, servlets, maintenance, metrics
 * and health ({@link dev.sejour.booking.spring.boot.BookingAutoConfiguration}, settings in
 * {@link dev.sejour.booking.spring.boot.BookingProperties} under {@code booking.*}).
 *
 * <p>Nullness: nothing is null unless marked {@link org.jspecify.annotations.Nullable @Nullable} (JSpecify).
 */
@NullMarked
package dev.sejour.booking.spring.boot;

import org.jspecify.annotations.NullMarked;

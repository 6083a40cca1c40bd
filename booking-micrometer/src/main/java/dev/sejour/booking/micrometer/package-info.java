/**
 * The booking service's Micrometer meters: {@link dev.sejour.booking.micrometer.BookingMetrics}.
 *
 * <p>Nullness: nothing is null unless marked {@link org.jspecify.annotations.Nullable @Nullable} (JSpecify).
 */
@NullMarked
package dev.sejour.booking.micrometer;

import org.jspecify.annotations.NullMarked;

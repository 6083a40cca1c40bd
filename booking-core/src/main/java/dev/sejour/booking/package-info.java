/**
 * Selling limited places of séjours through Stripe Checkout, the API an application uses.
 *
 * <ul>
 *   <li>{@link dev.sejour.booking.BookingService}: the engine, built once per application
 *       ({@link dev.sejour.booking.BookingService#builder()}); {@link dev.sejour.booking.BookingMaintenance}
 *       runs its periodic work (expired holds, due notifications) on one daemon thread.</li>
 *   <li>Values: {@link dev.sejour.booking.Sejour}, {@link dev.sejour.booking.Reservation} and its
 *       {@link dev.sejour.booking.ReservationStatus}, {@link dev.sejour.booking.Buyer},
 *       {@link dev.sejour.booking.Money}, {@link dev.sejour.booking.CheckoutRequest},
 *       {@link dev.sejour.booking.CheckoutSession}, {@link dev.sejour.booking.WebhookResult},
 *       {@link dev.sejour.booking.SweepReport}.</li>
 *   <li>Errors: one unchecked root, {@link dev.sejour.booking.BookingException}, each with a stable domain
 *       {@link dev.sejour.booking.ErrorCode}; transports (booking-servlet) map codes to their statuses.</li>
 *   <li>What the engine needs from the application: the SPIs in {@link dev.sejour.booking.spi}.</li>
 * </ul>
 *
 * <p>Nullness: nothing is null unless marked {@link org.jspecify.annotations.Nullable @Nullable} (JSpecify).
 */
@NullMarked
package dev.sejour.booking;

import org.jspecify.annotations.NullMarked;

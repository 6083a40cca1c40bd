/**
 * What the engine needs from storage and messaging; implement these to plug in your own.
 *
 * <ul>
 *   <li>{@link dev.sejour.booking.spi.SejourStore}: séjours and their places left ({@code findAll} and
 *       {@code save} are administration the engine never calls).</li>
 *   <li>{@link dev.sejour.booking.spi.ReservationStore}: reservations, and the only way places are taken or
 *       given back: atomic, outcome-typed steps ({@link dev.sejour.booking.spi.HoldOutcome},
 *       {@link dev.sejour.booking.spi.Transition}, {@link dev.sejour.booking.spi.TransitionOutcome}).</li>
 *   <li>{@link dev.sejour.booking.spi.NotificationOutbox}: the notifications owed to buyers (claims,
 *       deliveries, backoffs, dead letters); the shipped stores implement it in their reservation store.</li>
 *   <li>{@link dev.sejour.booking.spi.Notifier}: tells a buyer
 *       ({@link dev.sejour.booking.spi.Notification}), failing with
 *       {@link dev.sejour.booking.spi.NotificationException}.</li>
 *   <li>Stores fail with {@link dev.sejour.booking.spi.StoreException}; both exceptions are
 *       {@link dev.sejour.booking.BookingException}s.</li>
 * </ul>
 *
 * <p>Every store passes the contract suites of {@code booking-testkit}. Nullness: nothing is null unless
 * marked {@link org.jspecify.annotations.Nullable @Nullable} (JSpecify).
 */
@NullMarked
package dev.sejour.booking.spi;

import org.jspecify.annotations.NullMarked;

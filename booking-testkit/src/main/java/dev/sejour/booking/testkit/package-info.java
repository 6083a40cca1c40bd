/**
 * Testing an application or a store against the booking service: {@link dev.sejour.booking.testkit.BookingTestRig}
 * (a JUnit 5 extension wiring the service to in-memory stores, the Stripe simulator and a recording notifier),
 * the store contract suites ({@link dev.sejour.booking.testkit.ReservationStoreContract},
 * {@link dev.sejour.booking.testkit.SejourStoreContract}) and {@link dev.sejour.booking.testkit.BookingAssertions}.
 *
 * <p>Nullness: nothing is null unless marked {@link org.jspecify.annotations.Nullable @Nullable} (JSpecify).
 */
@NullMarked
package dev.sejour.booking.testkit;

import org.jspecify.annotations.NullMarked;

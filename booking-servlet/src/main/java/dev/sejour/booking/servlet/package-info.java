/**
 * The booking endpoints over Jakarta Servlet 6: {@link dev.sejour.booking.servlet.BookingEndpoints}
 * registers a {@link dev.sejour.booking.servlet.BookingServlet} (checkout, webhook, reservation lookup,
 * cancel) with its {@link dev.sejour.booking.servlet.EndpointLimits}. Errors are answered as
 * {@code {"error": code, "message": …}}: the core's domain codes with their HTTP status (400, 404, 409, 500,
 * 502), and the transport's own refusals ({@code not_found} 404, {@code method_not_allowed} 405,
 * {@code payload_too_large} 413, {@code unsupported_media_type} 415).
 *
 * <p>Nullness: nothing is null unless marked {@link org.jspecify.annotations.Nullable @Nullable} (JSpecify).
 */
@NullMarked
package dev.sejour.booking.servlet;

import org.jspecify.annotations.NullMarked;

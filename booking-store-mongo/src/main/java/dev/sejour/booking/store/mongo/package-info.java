/**
 * MongoDB stores for séjours and reservations, on the Next.js app's collections: start with
 * {@link dev.sejour.booking.store.mongo.MongoBookingStores}.
 *
 * <p>Nullness: nothing is null unless marked {@link org.jspecify.annotations.Nullable @Nullable} (JSpecify).
 */
@NullMarked
package dev.sejour.booking.store.mongo;

import org.jspecify.annotations.NullMarked;

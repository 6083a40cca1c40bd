/**
 * MongoDB stores for séjours and reservations, on the Next.js app's collections: start with
 * {@link dev.sejour.booking.store.mongo.MongoBookingStores}.
 */
package dev.sejour.booking.store.mongo;

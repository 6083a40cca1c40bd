/**
 * Séjour and reservation stores on JDBC (through Jdbi) for H2, PostgreSQL and MariaDB/MySQL.
 *
 * <p>Start with {@link dev.sejour.booking.store.jdbc.JdbcBookingStores}. The tables come from the scripts
 * shipped in this package ({@code schema-h2.sql}, {@code schema-postgresql.sql}, {@code schema-mariadb.sql}
 * and their {@code drop-*.sql}).
 *
 * <p>Nullness: nothing is null unless marked {@link org.jspecify.annotations.Nullable @Nullable} (JSpecify).
 */
@NullMarked
package dev.sejour.booking.store.jdbc;

import org.jspecify.annotations.NullMarked;

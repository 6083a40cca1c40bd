package dev.sejour.booking.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * One shipped, versioned schema change of one dialect: {@code V<version>__<description>.sql} under
 * {@link JdbcDialect#migrationLocation()}, named the way Flyway expects.
 *
 * @param version   1, 2, … in the order they apply
 * @param name      the file name, e.g. {@code V2__notification_outbox.sql}
 * @param script    the script as shipped (table names not yet prefixed)
 * @param presence  columns or tables whose presence proves the change was made before the schema history
 *                  existed, as probe queries ({@code SELECT … FROM … WHERE 1 = 0}, names not yet prefixed)
 */
record Migration(int version, String name, String script, List<String> presence) {

    /** The migrations of {@code dialect}, in order. */
    static List<Migration> of(JdbcDialect dialect) {
        return List.of(
                load(dialect, 1, "V1__baseline.sql",
                        List.of("SELECT slug FROM sejours WHERE 1 = 0", "SELECT id FROM reservations WHERE 1 = 0")),
                load(dialect, 2, "V2__notification_outbox.sql",
                        List.of("SELECT notify_attempts, notify_failed_at, notify_last_error FROM reservations WHERE 1 = 0")),
                load(dialect, 3, "V3__per_buyer_limit.sql",
                        List.of("SELECT buyer_key FROM reservations WHERE 1 = 0",
                                "SELECT buyer_key FROM reservations_buyer_locks WHERE 1 = 0")),
                load(dialect, 4, "V4__english_column_names.sql",
                        List.of("SELECT places_left FROM sejours WHERE 1 = 0",
                                "SELECT last_name, first_name, places, amount, currency, status FROM reservations WHERE 1 = 0")),
                load(dialect, 5, "V5__disputes.sql",
                        List.of("SELECT dispute_id, dispute_notice_due_at, dispute_notice_attempts FROM reservations"
                                + " WHERE 1 = 0")));
    }

    private static Migration load(JdbcDialect dialect, int version, String name, List<String> presence) {
        return new Migration(version, name, SqlScripts.read(dialect.migrationLocation() + name), presence);
    }

    /** The description Flyway would show: the name without version and extension, {@code _} as spaces. */
    String description() {
        return name.substring(name.indexOf("__") + 2, name.length() - ".sql".length()).replace('_', ' ');
    }

    /** CRC32 of the script's lines (line endings ignored), as a signed int like Flyway's. */
    int checksum() {
        CRC32 crc = new CRC32();
        script.lines().forEach(line -> crc.update(line.getBytes(StandardCharsets.UTF_8)));
        return (int) crc.getValue();
    }
}

package dev.sejour.booking.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;

/**
 * Reaches a database server for the integration tests. A server that is not there skips the test class
 * with the reason, unless {@code BOOKING_IT_REQUIRED=1}, where it fails (CI, where the servers must be up).
 */
final class DatabaseServers {

    static final String REQUIRED_VARIABLE = "BOOKING_IT_REQUIRED";

    private DatabaseServers() {
    }

    /** A setting from the environment ({@code BOOKING_IT_POSTGRES_URL}, ...) or its default. */
    static String setting(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }

    /** An administration connection, or the test class is skipped (or failed, see above). */
    static Connection connectOrSkip(String server, String url, String user, String password) {
        try {
            return DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            boolean required = "1".equals(System.getenv(REQUIRED_VARIABLE));
            String message = server + " not reachable at " + url + " as " + user + ": " + e.getMessage()
                    + (required ? " (" + REQUIRED_VARIABLE + "=1)" : " (set " + REQUIRED_VARIABLE + "=1 to fail instead)");
            if (required) {
                throw new AssertionError(message, e);
            }
            Assumptions.abort(message);
            throw new AssertionError("unreachable");
        }
    }
}

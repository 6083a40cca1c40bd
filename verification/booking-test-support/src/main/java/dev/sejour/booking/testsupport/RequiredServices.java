package dev.sejour.booking.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;

/**
 * For integration tests that need a service (a database server, a browser): a service that is not there
 * skips the test with the reason, unless {@code BOOKING_IT_REQUIRED=1}, where it fails instead — set it in
 * CI, where the services must be up and a silent skip would hide a broken set-up.
 */
public final class RequiredServices {

    /** The environment variable that turns a missing service into a failure. */
    public static final String REQUIRED_VARIABLE = "BOOKING_IT_REQUIRED";

    private RequiredServices() {
    }

    /** Whether missing services fail the tests ({@code BOOKING_IT_REQUIRED=1}). */
    public static boolean required() {
        return "1".equals(System.getenv(REQUIRED_VARIABLE));
    }

    /** A setting from the environment (e.g. {@code BOOKING_IT_POSTGRES_URL}), or its default. */
    public static String setting(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }

    /**
     * Skips the running test (or test class, from a {@code @BeforeAll}) because a service is missing, or
     * fails it when services are required.
     *
     * @param message what is missing and how to get it
     * @param cause why it is missing, or null
     * @return never: it always throws; declared so that callers can write {@code throw unavailable(…)}
     */
    public static AssertionError unavailable(String message, Throwable cause) {
        if (required()) {
            throw new AssertionError(message + " (required: " + REQUIRED_VARIABLE + "=1)", cause);
        }
        Assumptions.abort(message + " (set " + REQUIRED_VARIABLE + "=1 to fail instead)");
        return new AssertionError("unreachable");
    }

    /** A connection to a database server, or the test is skipped (or failed, see above). */
    public static Connection connectOrSkip(String server, String url, String user, String password) {
        try {
            return DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            throw unavailable(server + " not reachable at " + url + " as " + user + ": " + e.getMessage(), e);
        }
    }
}

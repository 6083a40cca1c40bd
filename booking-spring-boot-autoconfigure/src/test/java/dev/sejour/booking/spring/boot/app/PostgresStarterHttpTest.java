package dev.sejour.booking.spring.boot.app;

import dev.sejour.booking.testsupport.RequiredServices;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter over HTTP on PostgreSQL, in a schema of its own (others run at the same time). Skipped with a
 * message when PostgreSQL is not reachable, unless {@code BOOKING_IT_REQUIRED=1}.
 */
class PostgresStarterHttpTest extends StarterHttpContract {

    static final String URL = RequiredServices.setting("BOOKING_IT_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?connectTimeout=5");
    static final String USER = RequiredServices.setting("BOOKING_IT_POSTGRES_USER", "postgres");
    static final String PASSWORD = RequiredServices.setting("BOOKING_IT_POSTGRES_PASSWORD", "");
    static final String SCHEMA = "starter_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    /** Runs before the application context is loaded: no schema, no context (the class is skipped). */
    @BeforeAll
    static void createSchema() throws Exception {
        try (Connection admin = RequiredServices.connectOrSkip("PostgreSQL", URL, USER, PASSWORD);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE SCHEMA " + SCHEMA);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        commonProperties(registry);
        registry.add("spring.datasource.url", () -> URL + "&currentSchema=" + SCHEMA);
        registry.add("spring.datasource.username", () -> USER);
        registry.add("spring.datasource.password", () -> PASSWORD);
    }
}

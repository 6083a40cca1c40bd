package dev.sejour.booking.spring.boot.app;

import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The starter over HTTP on an in-memory H2 database (Spring Boot's own DataSource). */
class H2StarterHttpTest extends StarterHttpContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        commonProperties(registry);
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:mem:starter" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
    }
}

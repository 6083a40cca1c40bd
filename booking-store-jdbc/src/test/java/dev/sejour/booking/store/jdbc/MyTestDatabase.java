package dev.sejour.booking.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;

/** The "your test database" of docs/jdbc.md's contract example: an in-memory H2 pool of its own. */
final class MyTestDatabase {

    private MyTestDatabase() {
    }

    static HikariDataSource myTestDatabase() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:docs_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(20);   // the contract's races use 16 threads
        return new HikariDataSource(config);
    }
}

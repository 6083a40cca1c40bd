package dev.sejour.booking.store.jdbc;

import static dev.sejour.booking.store.jdbc.MyTestDatabase.myTestDatabase;

import com.zaxxer.hikari.HikariDataSource;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.PlacesCount;
import dev.sejour.booking.testkit.ReservationStoreContract;
import dev.sejour.booking.testkit.SejourStoreContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Nested;

/** The contract suites run as docs/jdbc.md shows an application running them, here on an H2 pool. */
// tag::contract-own-database[]
class MyDatabaseStoresTest {

    static HikariDataSource pool = myTestDatabase();          // your test database, 16+ connections
    static JdbcBookingStores stores =
            JdbcBookingStores.builder(pool).tablePrefix("contract_").createTablesIfMissing().build();

    static BookingStores emptyStores() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM contract_reservations");
            s.execute("DELETE FROM contract_sejours");
        }
        return new BookingStores(stores.sejours(), stores.reservations(),  // how the checks count places:
                slug -> PlacesCount.of(stores.countPlaces(slug)));
    }

    @Nested
    class Sejours extends SejourStoreContract {
        @Override protected BookingStores createStores() throws SQLException { return emptyStores(); }
    }

    @Nested
    class Reservations extends ReservationStoreContract {
        @Override protected BookingStores createStores() throws SQLException { return emptyStores(); }
    }
}
// end::contract-own-database[]

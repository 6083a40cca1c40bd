package dev.sejour.booking.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The builder is used the usual way: statements on one builder, not a chain of copies. */
class JdbcBuilderStyleTest {

    @Test
    void settingsMadeOneStatementAtATimeAreKept() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:builder-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

        JdbcBookingStores.Builder b = JdbcBookingStores.builder(dataSource);
        b.tablePrefix("shop_");
        b.createTablesIfMissing();
        JdbcBookingStores stores = b.build();

        assertThat(stores.tablePrefix()).isEqualTo("shop_");
        assertThat(stores.dialect()).isEqualTo(JdbcDialect.H2);
        // The prefixed tables were created, and no unprefixed table that may belong to someone else.
        List<String> tables = Jdbi.create(dataSource).withHandle(h -> h.createQuery(
                        "SELECT LOWER(table_name) FROM information_schema.tables WHERE table_schema = 'PUBLIC'")
                .mapTo(String.class).list());
        assertThat(tables)
                .contains("shop_sejours", "shop_reservations")
                .doesNotContain("sejours", "reservations");
        assertThat(stores.sejours().findAll()).isEmpty();
    }

    @Test
    void eachMethodReturnsTheSameBuilder() {
        JdbcBookingStores.Builder b = JdbcBookingStores.builder(new JdbcDataSource());
        assertThat(b.tablePrefix("x_")).isSameAs(b);
        assertThat(b.dialect(JdbcDialect.H2)).isSameAs(b);
        assertThat(b.createTablesIfMissing()).isSameAs(b);
    }
}

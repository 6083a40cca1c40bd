package dev.sejour.booking.spring.boot;

import com.mongodb.client.MongoClient;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import dev.sejour.booking.store.jdbc.JdbcBookingStores;
import dev.sejour.booking.store.mongo.MongoBookingStores;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The stores, unless the application declares a {@link SejourStore} or a {@link ReservationStore} (then it
 * declares both): MongoDB when {@code sejour.booking.mongo.database} is set and there is a
 * {@link MongoClient}, otherwise JDBC on the application's {@link DataSource}.
 */
final class BookingStoresConfiguration {

    // By name: either module may be missing from the class path, and a class literal would then fail the
    // condition of the other one.
    private static final String MONGO_STORES = "dev.sejour.booking.store.mongo.MongoBookingStores";
    private static final String JDBC_STORES = "dev.sejour.booking.store.jdbc.JdbcBookingStores";

    private BookingStoresConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MongoBookingStores.class, MongoClient.class})
    @ConditionalOnSingleCandidate(MongoClient.class)
    @ConditionalOnProperty(prefix = "sejour.booking.mongo", name = "database")
    @ConditionalOnMissingBean(value = {SejourStore.class, ReservationStore.class}, type = {MONGO_STORES, JDBC_STORES})
    static class MongoStores {

        @Bean
        MongoBookingStores mongoBookingStores(MongoClient client, BookingProperties properties) {
            BookingProperties.Mongo mongo = properties.getMongo();
            // A String property: the enum's class may be missing when only the JDBC store is on the class path.
            MongoBookingStores.TransactionMode mode;
            try {
                mode = MongoBookingStores.TransactionMode.valueOf(mongo.getTransactions().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("sejour.booking.mongo.transactions must be auto, required or off, not '"
                        + mongo.getTransactions() + "'", e);
            }
            return MongoBookingStores.builder(client, mongo.getDatabase()).transactions(mode).build();
        }

        @Bean
        SejourStore sejourStore(MongoBookingStores stores) {
            return stores.sejours();
        }

        @Bean
        ReservationStore reservationStore(MongoBookingStores stores) {
            return stores.reservations();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JdbcBookingStores.class)
    @ConditionalOnSingleCandidate(DataSource.class)
    @ConditionalOnMissingBean(value = {SejourStore.class, ReservationStore.class}, type = {MONGO_STORES, JDBC_STORES})
    static class JdbcStores {

        @Bean
        JdbcBookingStores jdbcBookingStores(DataSource dataSource, BookingProperties properties) {
            BookingProperties.Jdbc jdbc = properties.getJdbc();
            JdbcBookingStores.Builder builder = JdbcBookingStores.builder(dataSource)
                    .tablePrefix(jdbc.getTablePrefix() == null ? "" : jdbc.getTablePrefix());
            if (jdbc.isCreateTables()) {
                builder = builder.createTablesIfMissing();
            }
            return builder.build();
        }

        @Bean
        SejourStore sejourStore(JdbcBookingStores stores) {
            return stores.sejours();
        }

        @Bean
        ReservationStore reservationStore(JdbcBookingStores stores) {
            return stores.reservations();
        }
    }
}

package dev.sejour.booking.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sejour.booking.spi.StoreException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

class TransactorTest {

    private final Transactor transactor = new Transactor(Jdbi.create(h2()), new PostgresDialect());
    private final AtomicInteger attempts = new AtomicInteger();

    @Test
    void aDeadlockedTransactionIsTriedAgain() {
        String result = transactor.inTransaction("work", h -> {
            if (attempts.incrementAndGet() < 3) {
                throw failure("40P01");
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void retriesAreBounded() {
        assertThatThrownBy(() -> transactor.inTransaction("work", h -> {
            attempts.incrementAndGet();
            throw failure("40001");
        })).isInstanceOf(StoreException.class).hasMessageContaining("could not work").hasMessageContaining("40001");

        assertThat(attempts.get()).isBetween(2, 10);
    }

    @Test
    void otherFailuresAreNotRetried() {
        assertThatThrownBy(() -> transactor.inTransaction("work", h -> {
            attempts.incrementAndGet();
            throw failure("08006");
        })).isInstanceOf(StoreException.class).isNotInstanceOf(Transactor.DuplicateKeyException.class);

        assertThat(attempts).hasValue(1);
    }

    @Test
    void aUniqueKeyClashIsToldApart() {
        assertThatThrownBy(() -> transactor.inTransaction("work", h -> {
            throw failure("23505");
        })).isInstanceOf(Transactor.DuplicateKeyException.class);
    }

    private static UnableToExecuteStatementException failure(String sqlState) {
        return new UnableToExecuteStatementException(new SQLException("simulated", sqlState), null);
    }

    private static JdbcDataSource h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:transactor");
        return dataSource;
    }
}

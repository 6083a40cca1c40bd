package dev.sejour.booking.reliability;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A pool whose database can be made unreachable, at once or after a number of steps, to crash the booking
 * flow at every point of a request. A step is taking a connection, preparing a statement or committing; once
 * the budget is spent every call on every connection fails (as when the network to the database drops),
 * except {@code close()}, which returns the connection to the pool (HikariCP rolls back what was not
 * committed). Thread-safe.
 */
final class FaultyDataSource implements DataSource {

    private static final Set<String> STEPS = Set.of("prepareStatement", "prepareCall", "createStatement", "commit");
    private static final int UNLIMITED = Integer.MAX_VALUE;

    private final DataSource pool;
    private final AtomicInteger budget = new AtomicInteger(UNLIMITED);
    private final AtomicLong injected = new AtomicLong();

    FaultyDataSource(DataSource pool) {
        this.pool = pool;
    }

    /** The database becomes unreachable now. */
    void down() {
        budget.set(0);
    }

    /** The database becomes unreachable after {@code steps} more steps. */
    void failAfter(int steps) {
        budget.set(steps);
    }

    void up() {
        budget.set(UNLIMITED);
    }

    /** How many calls failed because of this switch. */
    long injectedFailures() {
        return injected.get();
    }

    private void step() throws SQLException {
        int left = budget.getAndUpdate(n -> n == UNLIMITED || n == 0 ? n : n - 1);
        if (left == 0) {
            throw unreachable();
        }
    }

    private void requireUp() throws SQLException {
        if (budget.get() == 0) {
            throw unreachable();
        }
    }

    private SQLException unreachable() {
        injected.incrementAndGet();
        return new SQLTransientConnectionException("database unreachable (injected fault)", "08006");
    }

    @Override
    public Connection getConnection() throws SQLException {
        step();
        return wrap(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        step();
        return wrap(pool.getConnection(username, password));
    }

    private Connection wrap(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("close") || name.equals("isClosed") || name.equals("unwrap") || name.equals("isWrapperFor")
                    || name.equals("hashCode") || name.equals("equals") || name.equals("toString")) {
                return invoke(connection, method, args);
            }
            if (STEPS.contains(name)) {
                step();
            } else {
                requireUp();
            }
            return invoke(connection, method, args);
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private static Object invoke(Connection connection, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}

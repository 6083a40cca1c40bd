package dev.sejour.booking.store.jdbc;

import dev.sejour.booking.spi.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the shipped scripts; Jdbi's {@link org.jdbi.v3.core.statement.Script} splits them into statements
 * (it knows comments, quotes and {@code BEGIN … END} blocks).
 */
final class SqlScripts {

    private SqlScripts() {
    }

    static String read(String resource) {
        try (InputStream in = SqlScripts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new StoreException("missing schema script on the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.sejour.booking.servlet;

import jakarta.servlet.ServletContext;
import java.net.URI;
import java.util.function.Consumer;

/** An embedded servlet container the endpoint suite runs in, on 127.0.0.1 and a free port. */
interface ServletContainer extends AutoCloseable {

    /**
     * Starts the container with one root context, set up by {@code initializer} from a
     * {@code ServletContainerInitializer}, as an application would register the endpoints.
     *
     * @return the server's root, e.g. {@code http://127.0.0.1:41234/}
     */
    URI start(Consumer<ServletContext> initializer) throws Exception;

    @Override
    void close() throws Exception;
}

package dev.sejour.booking.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health}: 200 {@code {"status":"ok"}} when the database answers and stores a small write, else
 * 503 {@code {"status":"unavailable"}} (a full disk, a database down): a load balancer then stops sending
 * buyers, and the status comes back by itself once the database can write again.
 */
final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HealthServlet.class);

    private final transient Runnable check;

    HealthServlet(Runnable check) {
        this.check = check;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            check.run();
        } catch (RuntimeException e) {
            LOG.warn("Health check failed: {}", e.toString());
            JsonSupport.write(response, 503, JsonSupport.object().put("status", "unavailable")
                    .put("message", "the database cannot store changes"));
            return;
        }
        JsonSupport.write(response, 200, JsonSupport.object().put("status", "ok"));
    }
}

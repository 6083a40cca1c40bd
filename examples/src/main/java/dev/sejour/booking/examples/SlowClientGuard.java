package dev.sejour.booking.examples;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps slow clients from holding the server's threads. A request with a body is not given to the
 * application (nor a thread) until its whole body has arrived: Jetty's {@link EagerContentHandler} reads
 * it without blocking, as it comes, and refuses more than {@code maxBody} bytes (413). A body that has
 * not arrived {@code bodyDeadline} after the request's headers gets its connection closed: a client
 * sending a byte every few seconds costs a socket and a few buffers for that long, never a thread, and
 * cannot keep them by trickling. The connector's idle timeout covers clients that send nothing at all.
 *
 * <pre>
 *   SlowClientGuard (deadline) → EagerContentHandler (buffer the body) → BodyArrived (cancel the deadline) → app
 * </pre>
 */
final class SlowClientGuard extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(SlowClientGuard.class);
    private static final String DEADLINE = SlowClientGuard.class.getName() + ".deadline";

    private final Duration bodyDeadline;

    /**
     * @param app the application's handlers
     * @param maxBody the most body bytes buffered before the application runs (larger: 413)
     * @param bodyDeadline how long a body may take to arrive, from the end of the headers
     */
    SlowClientGuard(Handler app, long maxBody, Duration bodyDeadline) {
        this.bodyDeadline = bodyDeadline;
        // Each retained chunk is counted with 1 KiB of overhead: a body trickled in tiny chunks pins few
        // network buffers before it is refused.
        setHandler(new EagerContentHandler(new BodyArrived(app),
                new EagerContentHandler.RetainedContentLoaderFactory(maxBody, 1024, true)));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!hasBody(request)) {
            return super.handle(request, response, callback);
        }
        Scheduler.Task deadline = getServer().getScheduler().schedule(() -> {
            LOG.info("Closed a connection whose {} {} body had not arrived after {} s", request.getMethod(),
                    request.getHttpURI().getPath(), bodyDeadline.toSeconds());
            request.getConnectionMetaData().getConnection().getEndPoint().close();
        }, bodyDeadline.toMillis(), TimeUnit.MILLISECONDS);
        request.setAttribute(DEADLINE, deadline);
        Callback cancelling = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                deadline.cancel();
                super.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                deadline.cancel();
                super.failed(failure);
            }
        };
        if (super.handle(request, response, cancelling)) {
            return true;
        }
        deadline.cancel();
        return false;
    }

    private static boolean hasBody(Request request) {
        return request.getLength() > 0 || request.getHeaders().contains("Transfer-Encoding");
    }

    /** Runs once the body is buffered: from here on, the application may take as long as it needs. */
    private static final class BodyArrived extends Handler.Wrapper {

        BodyArrived(Handler app) {
            super(app);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (request.getAttribute(DEADLINE) instanceof Scheduler.Task deadline) {
                deadline.cancel();
            }
            return super.handle(request, response, callback);
        }
    }
}

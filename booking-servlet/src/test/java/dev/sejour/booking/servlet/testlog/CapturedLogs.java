package dev.sejour.booking.servlet.testlog;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.event.Level;

/**
 * What the code under test logged, with the MDC of the moment, captured by the test-only SLF4J provider
 * ({@link CapturingServiceProvider}). One JVM-wide list: test classes run one after the other.
 */
public final class CapturedLogs {

    /** One log call: its level, logger, formatted message, thrown stack trace (or "") and MDC copy. */
    public record Event(Level level, String logger, String message, String thrown, Map<String, String> mdc,
                        String thread) {

        /** Everything the line would put in a log file. */
        public String fullText() {
            return level + " " + logger + " " + mdc + " " + message + "\n" + thrown;
        }
    }

    private static final List<Event> EVENTS = new CopyOnWriteArrayList<>();

    private CapturedLogs() {
    }

    public static List<Event> events() {
        return List.copyOf(EVENTS);
    }

    public static void clear() {
        EVENTS.clear();
    }

    static void add(Level level, String logger, String message, Throwable thrown, Map<String, String> mdc) {
        String trace = "";
        if (thrown != null) {
            StringWriter out = new StringWriter();
            thrown.printStackTrace(new PrintWriter(out));
            trace = out.toString();
        }
        Event event = new Event(level, logger, message, trace, mdc == null ? Map.of() : Map.copyOf(mdc),
                Thread.currentThread().getName());
        EVENTS.add(event);
        // Still readable in surefire's redirected output.
        System.err.println("[" + event.thread() + "] " + event.fullText().stripTrailing());
    }
}

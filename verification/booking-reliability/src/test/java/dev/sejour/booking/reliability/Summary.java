package dev.sejour.booking.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One line of figures per test, printed and appended to {@code target/reliability-summary.txt}, so a run's
 * figures can be copied into {@code docs/reliability.md}.
 */
final class Summary {

    private final String test;
    private long started = System.nanoTime();
    private final Map<String, Object> figures = new LinkedHashMap<>();

    private Summary(String test) {
        this.test = test;
    }

    static Summary of(String test) {
        return new Summary(test);
    }

    /** Counts the duration from {@code nanoTime} rather than from the creation of this summary. */
    Summary since(long nanoTime) {
        this.started = nanoTime;
        return this;
    }

    Summary put(String name, Object value) {
        figures.put(name, value);
        return this;
    }

    Summary add(String name, long value) {
        figures.merge(name, value, (a, b) -> ((Number) a).longValue() + ((Number) b).longValue());
        return this;
    }

    /** Prints the line; call it once, at the end of the test. */
    void print() {
        StringBuilder line = new StringBuilder("[reliability] ").append(test).append(':');
        figures.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        line.append(String.format(Locale.ROOT, " duration=%.1fs", took.toMillis() / 1000.0));
        System.out.println(line);
        String file = System.getProperty("booking.reliability.summary");
        if (file != null) {
            synchronized (Summary.class) {
                try {
                    Path path = Path.of(file);
                    Files.createDirectories(path.getParent());
                    Files.writeString(path, line + System.lineSeparator(), StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** Rounds of the HTTP race: {@code BOOKING_RELIABILITY_ROUNDS}, else {@code -Dbooking.reliability.rounds}, else 20. */
    static int rounds() {
        String value = System.getenv("BOOKING_RELIABILITY_ROUNDS");
        if (value == null || value.isBlank()) {
            value = System.getProperty("booking.reliability.rounds", "20");
        }
        return Integer.parseInt(value.trim());
    }

    /** Scales a CI-sized count with the rounds asked for (20 is the CI default). */
    static int scaled(int ciCount) {
        return Math.max(ciCount, ciCount * rounds() / 20);
    }
}

package dev.sejour.booking.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sejour.booking.Money;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.store.jdbc.JdbcBookingStores;
import dev.sejour.booking.store.jdbc.SqliteDatabase;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.PlacesCount;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real example server ({@code examples/target/booking-example.jar}, path from the
 * {@code booking.example.jar} system property) as a separate JVM, on its default embedded database in
 * {@code dataDir}, talking to a {@link StripeSimulator} that runs in the test JVM (so Stripe's state survives
 * the server being killed).
 */
final class ExampleProcess implements AutoCloseable {

    static final String SECRET_KEY = "sk_test_51CrashTestK3yN0tF0rL0gs";
    static final String WEBHOOK_SECRET = "whsec_crashTestS3cretN0tF0rL0gs";
    static final String API = "/api/paiement";
    private static final Pattern LISTENING = Pattern.compile("Listening on [^ ]+:(\\d+);");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    final int port;

    private ExampleProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("booking.example.jar", "../../examples/target/booking-example.jar"));
        assertThat(jar).as("the example's shaded jar (built by the reactor before this module: mvn -pl"
                + " verification/booking-reliability -am verify)").exists();
        return jar;
    }

    /**
     * Starts the jar on {@code dataDir}, with its log in {@code logFile}, and waits until it listens.
     *
     * @param extraEnv more variables, e.g. a shorter notification claim
     */
    static ExampleProcess start(Path dataDir, StripeSimulator stripe, Path logFile, Map<String, String> extraEnv) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-jar", jar().toAbsolutePath().toString()))
                .directory(dataDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(logFile.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("STRIPE_") || k.startsWith("SMTP_") || k.startsWith("GMAIL_")
                || k.startsWith("BOOKING_") || k.equals("PORT") || k.equals("HOST") || k.equals("MAIL_FROM"));
        env.put("PORT", "0");
        env.put("HOST", "127.0.0.1");
        env.put("BOOKING_DATA_DIR", dataDir.toString());
        env.put("STRIPE_SECRET_KEY", SECRET_KEY);
        env.put("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET);
        env.put("STRIPE_API_BASE", stripe.apiBase());
        env.putAll(extraEnv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(read(logFile));
            if (m.find()) {
                return new ExampleProcess(process, logFile, Integer.parseInt(m.group(1)));
            }
            if (!process.isAlive()) {
                throw new AssertionError("the example exited with " + process.exitValue() + ":\n" + read(logFile));
            }
            pause();
        }
        process.destroyForcibly();
        throw new AssertionError("the example did not start within " + START_TIMEOUT + ":\n" + read(logFile));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** SIGKILL: no shutdown hook, no flush, no close; returns once the process is gone. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    boolean alive() {
        return process.isAlive();
    }

    String log() {
        return read(log);
    }

    /** SIGTERM, then SIGKILL if it has not stopped after 30 s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        waitFor();
    }

    private void waitFor() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Opens the example's default database in {@code dataDir} from the test JVM (SQLite: another process may
     * have it open), runs {@code work} on its stores, and closes it.
     */
    static void withDatabase(Path dataDir, Consumer<BookingStores> work) {
        withDatabase(SqliteDatabase.url(dataDir.resolve("booking.db")), work);
    }

    /** The same on any JDBC URL (an H2 file can be opened only while the server is down). */
    static void withDatabase(String jdbcUrl, Consumer<BookingStores> work) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(2);
        config.setPoolName("crash-check");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbcBookingStores stores = JdbcBookingStores.builder(pool).createTablesIfMissing().build();
            work.accept(new BookingStores(stores.sejours(), stores.reservations(),
                    slug -> PlacesCount.of(stores.countPlaces(slug))));
        }
    }

    /** Creates the database with one séjour before the first start, so the example does not seed its samples. */
    static void createSejour(Path dataDir, String slug, int capacity) {
        createSejour(SqliteDatabase.url(dataDir.resolve("booking.db")), slug, capacity);
    }

    static void createSejour(String jdbcUrl, String slug, int capacity) {
        withDatabase(jdbcUrl, stores -> stores.sejours().save(new Sejour(slug, "Crash test", Money.of(9_000, "eur"),
                capacity)));
    }

    /** The {@code .eml} files in the outbox (temporary {@code .part} files left by a kill excluded). */
    static List<String> emlFiles(Path dataDir) {
        Path outbox = dataDir.resolve("outbox");
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (var files = Files.list(outbox)) {
            List<String> names = new ArrayList<>();
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml")).forEach(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50); // a JVM starting: nothing to wait on but its log
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

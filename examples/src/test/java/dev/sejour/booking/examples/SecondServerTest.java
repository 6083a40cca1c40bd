package dev.sejour.booking.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second example server started on the data folder of a running one. */
class SecondServerTest {

    @TempDir
    Path dataDir;

    @Test
    void sharesTheDefaultSqliteDatabaseWithTheFirst() throws Exception {
        try (ExampleServer first = TestServers.startOffline(dataDir);
             ExampleServer second = TestServers.startOffline(dataDir)) {
            assertThat(TestServers.get(first, "/api/sejours").statusCode()).isEqualTo(200);
            assertThat(TestServers.get(second, "/api/sejours").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void onAnH2FileHeldByAnotherProcessSaysSoInOneLineWithoutAStackTrace() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("BOOKING_DATA_DIR", dataDir.toString());
        env.put("BOOKING_JDBC_URL", "jdbc:h2:file:" + dataDir.resolve("booking"));
        // H2 shares an open file within one JVM: the first server must be another process, as in real life.
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ExampleServer.class.getName())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        // Offline: the Stripe keys this test JVM has for the README's snippet must not reach the server.
        builder.environment().keySet().removeIf(name -> name.startsWith("STRIPE_"));
        Process first = builder.start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = output.readLine();
                assertThat(line).as("the first server's output ended before it was running").isNotNull();
            } while (!line.contains("example is running"));

            ExampleConfig config = ExampleConfig.fromEnvironment(env);
            Exception failure = catchException(() -> ExampleServer.start(config).close());
            assertThat(failure).as("a second server on the same H2 file").isNotNull();

            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ExampleServer.reportStartFailure(config, failure, new PrintStream(err, true, StandardCharsets.UTF_8));
            String printed = err.toString(StandardCharsets.UTF_8);
            assertThat(printed.lines()).hasSize(1);
            assertThat(printed).contains("is in use by another process", dataDir.toString())
                    .doesNotContain("Exception", "\tat ");
        } finally {
            first.destroyForcibly().waitFor();
        }
    }
}

package dev.sejour.booking.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Runs every scenario for a fraction of a second on H2, so that the harness cannot rot: it measures
 * nothing. PostgreSQL, JMH and the example server are left to the real run.
 */
class BenchSmokeTest {

    @Test
    void everyScenarioRunsAndChecksItsOwnResults() throws Exception {
        BenchMain.configureLogging(Path.of("target", "smoke.log"), "info");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        BenchMain.Report report = BenchMain.run(Settings.smoke(), null,
                Set.of("raw", "webhook", "checkout", "contention"), Path.of("no-such.jar"), Path.of("target"),
                new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(report.rows).extracting(row -> row[0]).contains("1 DB limit (raw JDBC)",
                "2 Webhook fulfilment (HTTP)", "3 Checkout (HTTP, 1 sender)", "4 Contention");
        assertThat(report.table()).contains("3 won, 37 not_enough_places")
                .contains("the same rush to a no-op servlet").contains("(client: nio)");
        assertThat(report.markdown()).startsWith("- cores ");
    }

    @Test
    void theRushRunsWithOneBlockingThreadPerBuyerToo() throws Exception {
        BenchMain.configureLogging(Path.of("target", "smoke.log"), "info");
        BenchMain.Report report = BenchMain.run(Settings.smoke().withRushClient(ContentionBench.Client.THREADS),
                null, Set.of("contention"), Path.of("no-such.jar"), Path.of("target"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(report.table()).contains("3 won, 37 not_enough_places").contains("(client: threads)");
    }
}

package dev.sejour.booking.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar, run as the README says: {@code java -jar examples/target/booking-example.jar}. */
class BookingExampleJarIT {

    private static final Path JAR = Path.of("target", "booking-example.jar");

    @TempDir
    Path dir;

    @Test
    void invalidConfigurationExitsWithCode2AndOneLine() throws Exception {
        Process process = java(dir, "PORT", "huit-mille");
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String stderr = stderr(dir).strip();

        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(stderr).isEqualTo("booking-example: configuration error: PORT must be a whole number from 0 to"
                + " 65535, not 'huit-mille'");
    }

    @Test
    void startsOfflineAnswersHealthAndStopsCleanlyOnSigterm() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process process = java(dir, "PORT", Integer.toString(port));
        try {
            HttpResponse<String> health = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    health = TestServers.HTTP.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    break;
                } catch (java.io.IOException notYet) {
                    Thread.sleep(200); // the JVM is starting; nothing to wait on but the port
                }
            }
            assertThat(health).as("the server answered /health").isNotNull();
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(Files.exists(dir.resolve("data").resolve("booking.db"))).isTrue();
        } finally {
            process.destroy(); // SIGTERM: Jetty's shutdown hook stops the server
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        String log = stderr(dir);
        assertThat(log).contains("OFFLINE").contains("Séjour booking example stopped");
    }

    private static Process java(Path workDir, String... env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-jar", JAR.toAbsolutePath().toString()))
                .directory(workDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(workDir.resolve("stderr.log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("STRIPE_") || k.startsWith("SMTP_")
                || k.startsWith("GMAIL_") || k.startsWith("BOOKING_") || k.equals("PORT") || k.equals("HOST"));
        for (int i = 0; i < env.length; i += 2) {
            builder.environment().put(env[i], env[i + 1]);
        }
        return builder.start();
    }

    private static String stderr(Path workDir) throws java.io.IOException {
        return Files.readString(workDir.resolve("stderr.log"), StandardCharsets.UTF_8);
    }
}

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
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import dev.sejour.booking.testkit.stripe.WebhookSigner;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The slow-client attack of issue 14 against the real jar: 100 connections each send a POST's headers,
     * then its body one byte every 5 seconds, reconnecting whenever the server cuts them. Meanwhile
     * {@code /health}, a page and a signed webhook are asked every half second, from the attack's first
     * second. Each must answer, well within a generous bound (the target is 2 s); the figures are printed
     * and written to {@code target/slow-clients.txt} for docs/reliability.md.
     */
    @Test
    void slowClientsTricklingBodiesNeverStopHealthPagesOrWebhooks() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String webhookSecret = "whsec_slow_clients_test";
        try (StripeSimulator stripe = StripeSimulator.builder().apiKey("sk_test_slow_clients").start()) {
            Process process = java(dir, "PORT", Integer.toString(port), "STRIPE_SECRET_KEY", "sk_test_slow_clients",
                    "STRIPE_WEBHOOK_SECRET", webhookSecret, "STRIPE_API_BASE", stripe.apiBase());
            SlowClients attack = null;
            try {
                awaitHealth(process, port);
                attack = new SlowClients(port, 100);
                attack.start();

                Map<String, List<Long>> millis = new LinkedHashMap<>();
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < end) {
                    measure(millis, "GET /health", () -> get(port, "/health"));
                    measure(millis, "GET / (page)", () -> get(port, "/"));
                    measure(millis, "POST signed webhook", () -> webhook(port, webhookSecret));
                    Thread.sleep(500);
                }

                StringBuilder report = new StringBuilder("100 slow connections (1 byte / 5 s, reconnecting), 30 s; "
                        + attack.reconnects() + " connections cut by the server and reopened\n");
                millis.forEach((what, samples) -> {
                    List<Long> sorted = samples.stream().sorted().toList();
                    report.append(String.format(java.util.Locale.ROOT, "%s: %d requests, median %d ms, max %d ms%n",
                            what, sorted.size(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1)));
                });
                System.out.print(report);
                Files.writeString(Path.of("target", "slow-clients.txt"), report.toString());
                millis.forEach((what, samples) -> assertThat(samples).as(what).allMatch(ms -> ms < 10_000));
                assertThat(attack.reconnects()).as("the server cuts bodies that do not arrive").isPositive();
                assertThat(process.isAlive()).isTrue();
            } finally {
                if (attack != null) {
                    attack.close();
                }
                process.destroy();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @FunctionalInterface
    private interface Call {
        int status() throws Exception;
    }

    private static void measure(Map<String, List<Long>> millis, String what, Call call) throws Exception {
        long start = System.nanoTime();
        int status = call.status();
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(status).as(what).isEqualTo(200);
        millis.computeIfAbsent(what, k -> new java.util.ArrayList<>()).add(elapsed);
    }

    private static int get(int port, String path) throws Exception {
        return TestServers.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int webhook(int port, String secret) throws Exception {
        byte[] payload = ("{\"id\":\"evt_slow\",\"object\":\"event\",\"type\":\"customer.created\","
                + "\"livemode\":false,\"data\":{\"object\":{\"id\":\"cus_1\",\"object\":\"customer\"}}}")
                .getBytes(StandardCharsets.UTF_8);
        return TestServers.HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/api/paiement/stripe-webhook"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("Stripe-Signature", WebhookSigner.signatureHeader(payload, secret, Instant.now()))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void awaitHealth(Process process, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (get(port, "/health") == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                Thread.sleep(200); // the JVM is starting; nothing to wait on but the port
            }
        }
        throw new AssertionError("the example did not answer /health");
    }

    /** Connections that send a POST's headers, then its body a byte at a time, and come back when cut. */
    private static final class SlowClients implements AutoCloseable {
        private static final byte[] HEAD = ("POST /api/paiement/stripe-session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        private final int port;
        private final java.net.Socket[] sockets;
        private final java.util.concurrent.ScheduledExecutorService trickle =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        private final java.util.concurrent.atomic.AtomicInteger reconnects = new java.util.concurrent.atomic.AtomicInteger();

        SlowClients(int port, int connections) {
            this.port = port;
            this.sockets = new java.net.Socket[connections];
        }

        void start() throws Exception {
            for (int i = 0; i < sockets.length; i++) {
                sockets[i] = open();
            }
            trickle.scheduleAtFixedRate(this::oneByteEach, 5, 5, TimeUnit.SECONDS);
        }

        private java.net.Socket open() throws java.io.IOException {
            java.net.Socket socket = new java.net.Socket("127.0.0.1", port);
            socket.getOutputStream().write(HEAD);
            socket.getOutputStream().flush();
            return socket;
        }

        private void oneByteEach() {
            for (int i = 0; i < sockets.length; i++) {
                try {
                    if (sockets[i].getInputStream().available() > 0) {
                        throw new java.io.IOException("answered: the server gave up on this body");
                    }
                    sockets[i].getOutputStream().write('{');
                    sockets[i].getOutputStream().flush();
                } catch (java.io.IOException cut) {
                    try {
                        sockets[i].close();
                        sockets[i] = open();
                        reconnects.incrementAndGet();
                    } catch (java.io.IOException refused) {
                        // The server is saturated or stopping: try again at the next tick.
                    }
                }
            }
        }

        int reconnects() {
            return reconnects.get();
        }

        @Override
        public void close() {
            trickle.shutdownNow();
            for (java.net.Socket socket : sockets) {
                try {
                    if (socket != null) {
                        socket.close();
                    }
                } catch (java.io.IOException ignored) {
                    // closing anyway
                }
            }
        }
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

package dev.sejour.booking.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The example server as a user starts it: {@code java -jar examples/target/booking-example.jar}, offline
 * (no Stripe key: its own simulator), a temporary {@code BOOKING_DATA_DIR}, a free {@code PORT}. Measured:
 * from process start to the first 200 on {@code GET /health}; resident memory (VmRSS) when idle, then after
 * N senders POSTed checkouts for a few seconds (its séjours have few places, so most answers are 409
 * {@code not_enough_places}: both are counted as answered). Stopped with SIGTERM, as a service manager would.
 */
final class ExampleServerBench {

    record Figures(double startMs, double idleRssMb, double loadedRssMb, double loadPerSecond, int exitCode,
                   double stopMs) {
    }

    private ExampleServerBench() {
    }

    static Figures measure(Path jar, Settings settings) throws Exception {
        int starts = Math.max(1, settings.rounds() / 2);
        List<Double> startTimes = new ArrayList<>();
        Figures last = null;
        for (int i = 0; i < starts; i++) {
            last = once(jar, settings, i == starts - 1);
            startTimes.add(last.startMs());
        }
        return new Figures(Stats.median(startTimes), last.idleRssMb(), last.loadedRssMb(), last.loadPerSecond(),
                last.exitCode(), last.stopMs());
    }

    private static Figures once(Path jar, Settings settings, boolean load) throws Exception {
        Path dataDir = Files.createTempDirectory("booking-example-bench");
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("server.log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("STRIPE_") || k.startsWith("BOOKING_")
                || k.startsWith("SMTP_") || k.startsWith("GMAIL_") || k.equals("MONGODB_URI"));
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("BOOKING_DATA_DIR", dataDir.toString());
        long t0 = System.nanoTime();
        Process process = builder.start();
        try {
            double startMs = awaitHealth(process, port, t0);
            double idle = rssMb(process.pid());
            double rate = Double.NaN;
            double loaded = idle;
            if (load) {
                rate = load(port, settings);
                loaded = rssMb(process.pid());
            }
            long s0 = System.nanoTime();
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the example server did not stop within 20 s of SIGTERM");
            }
            double stopMs = (System.nanoTime() - s0) / 1e6;
            return new Figures(startMs, idle, loaded, rate, process.exitValue(), stopMs);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            deleteTree(dataDir);
        }
    }

    private static double awaitHealth(Process process, int port, long t0) throws Exception {
        long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the example server exited with " + process.exitValue());
            }
            try (MiniHttp http = new MiniHttp(port)) {
                if (http.get("/health").status() == 200) {
                    return (System.nanoTime() - t0) / 1e6;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no answer from /health within 60 s");
    }

    private static double load(int port, Settings settings) throws Exception {
        long until = System.nanoTime() + (long) (settings.exampleLoadSeconds() * 1e9);
        double rate = 0;
        int round = 0;
        while (System.nanoTime() < until) {
            int first = round++ * 100_000;
            Load.Result r = Load.run(settings.threads(), 500, () -> {
                MiniHttp http = new MiniHttp(port);
                return new Load.Worker() {
                    @Override
                    public boolean call(int i) throws Exception {
                        MiniHttp.Response answer = http.post("/api/paiement/stripe-session", "application/json",
                                BookingServer.checkoutBody("yoga_aux_choseaux", 1, first + i));
                        if (answer.status() != 200 && answer.status() != 409) {
                            throw new IllegalStateException("checkout answered " + answer.status() + " "
                                    + answer.text());
                        }
                        return true;
                    }

                    @Override
                    public void close() {
                        http.close();
                    }
                };
            });
            if (r.failures() > 0) {
                throw new IllegalStateException(r.failures() + " requests failed: " + r.firstFailure());
            }
            rate = r.perSecond();
        }
        return rate;
    }

    static double rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

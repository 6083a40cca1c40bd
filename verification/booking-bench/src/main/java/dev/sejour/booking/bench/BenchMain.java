package dev.sejour.booking.bench;

import dev.sejour.booking.testkit.stripe.StripeSimulator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The benchmark harness: one command, one table.
 *
 * <pre>
 * mvn -B -q -pl verification/booking-bench -am package -DskipTests &amp;&amp; java -jar verification/booking-bench/target/booking-bench.jar [--quick]
 * </pre>
 *
 * Options: {@code --quick} (fewer, shorter rounds, no JMH), {@code --threads N} (senders, and the pool size;
 * default 8), {@code --pg URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}),
 * {@code --no-pg}, {@code --only raw,webhook,checkout,contention,jmh,example}, {@code --example-jar PATH},
 * {@code --out FILE} (the table as Markdown). The library logs at INFO to {@code verification/booking-bench/target/bench.log},
 * as it would in production; {@code --log-level warn} to compare. {@code --rush-client nio|threads}: the contention
 * scenario's buyers as one thread of non-blocking sockets (default) or one blocking thread each.
 */
public final class BenchMain {

    static final Set<String> ALL = new LinkedHashSet<>(List.of("raw", "webhook", "checkout", "contention", "jmh",
            "example"));

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        // The Stripe simulator's JDK HttpServer needs TCP_NODELAY to answer in ~2 ms (see StripeSimulator).
        if (System.getProperty(StripeSimulator.NODELAY_PROPERTY) == null) {
            System.setProperty(StripeSimulator.NODELAY_PROPERTY, "true");
        }
        boolean quick = false;
        int threads = 8;
        String pg = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        Set<String> only = new LinkedHashSet<>(ALL);
        Path exampleJar = null;
        Path out = null;
        String logLevel = "info";
        ContentionBench.Client rushClient = ContentionBench.Client.NIO;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--pg" -> pg = args[++i];
                case "--no-pg" -> pg = null;
                case "--only" -> only = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                case "--example-jar" -> exampleJar = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--log-level" -> logLevel = args[++i];
                case "--rush-client" -> rushClient = ContentionBench.Client.valueOf(args[++i].toUpperCase(Locale.ROOT));
                case "-h", "--help" -> {
                    System.out.println("java -jar booking-bench.jar [--quick] [--threads N] [--pg URL | --no-pg]"
                            + " [--only " + String.join(",", ALL) + "] [--example-jar PATH] [--out FILE]"
                            + " [--log-level info|warn] [--rush-client nio|threads]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
        }
        Path target = Files.isDirectory(Path.of("verification", "booking-bench", "target"))
                ? Path.of("verification", "booking-bench", "target")
                : Path.of(".");
        configureLogging(target.resolve("bench.log"), logLevel);
        Settings settings = (quick ? Settings.quick(threads) : Settings.full(threads)).withRushClient(rushClient);
        if (exampleJar == null) {
            exampleJar = Path.of("examples", "target", "booking-example.jar");
        }
        Report report = run(settings, pg, only, exampleJar, target, System.out);
        System.out.println();
        System.out.println(report.table());
        Path file = out != null ? out : target.resolve("benchmark-results.md");
        Files.writeString(file, report.markdown());
        System.out.println("Markdown: " + file.toAbsolutePath().normalize() + "   Log: "
                + target.resolve("bench.log").toAbsolutePath().normalize());
        System.exit(report.failed() ? 1 : 0);
    }

    /** Everything the slf4j-simple binding reads, set before the first logger exists. */
    static void configureLogging(Path file, String level) {
        System.setProperty("org.slf4j.simpleLogger.logFile", file.toString());
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
    }

    static Report run(Settings s, String pgUrl, Set<String> only, Path exampleJar, Path target,
                      java.io.PrintStream progress) throws Exception {
        Report report = new Report(s);
        report.machine.add("cores " + Runtime.getRuntime().availableProcessors() + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + ", JVM args " + ManagementFactory.getRuntimeMXBean()
                .getInputArguments());
        report.machine.add(s.threads() + " concurrent senders, pool of " + s.threads() + " connections; rounds: "
                + s.warmupRounds() + " warm-up + " + s.rounds() + " measured, " + s.opsPerRound() + " ops each; contention: "
                + s.contentionWarmupRounds() + " warm-up + " + s.contentionRounds() + " measured rushes, client "
                + s.rushClient().name().toLowerCase(Locale.ROOT));
        List<Database> databases = new ArrayList<>();
        databases.add(Database.h2(s.threads()));
        if (pgUrl != null) {
            try {
                databases.add(Database.postgres(pgUrl, s.threads()));
            } catch (Exception e) {
                report.note("PostgreSQL skipped: " + e.getMessage());
            }
        }
        try {
            for (Database db : databases) {
                report.machine.add(db.name() + ": " + db.version());
                RawLimit.Figures raw = null;
                if (only.contains("raw") || only.contains("webhook")) {
                    progress.printf("[%s] raw JDBC limit...%n", db.name());
                    raw = RawLimit.measure(db, s.threads(), s);
                    report.row("1 DB limit (raw JDBC)", db.name(), "res. update + capacity update, 1 tx",
                            rate(raw.pairPerSecond()), "reference", "");
                    report.row("1 DB limit (raw JDBC)", db.name(), "res. update alone, 1 tx",
                            rate(raw.singlePerSecond()), "reference", "");
                }
                if (only.contains("webhook")) {
                    progress.printf("[%s] webhook fulfilment...%n", db.name());
                    WebhookBench.Figures w = WebhookBench.measure(db, s);
                    double ratio = w.perSecond() / raw.pairPerSecond();
                    report.row("2 Webhook fulfilment (HTTP)", db.name(), "fulfilments/s",
                            rate(w.perSecond()) + String.format(Locale.ROOT, " (p50 %.2f ms, p99 %.2f ms)",
                                    w.p50Ms(), w.p99Ms()), "", "");
                    report.row("2 Webhook fulfilment (HTTP)", db.name(), "ratio to limit (1, pair)",
                            String.format(Locale.ROOT, "%.2f", ratio), ">= 0.5", verdict(ratio >= 0.5));
                    double single = w.perSecond() / raw.singlePerSecond();
                    report.row("2 Webhook fulfilment (HTTP)", db.name(), "ratio to limit (1, single update)",
                            String.format(Locale.ROOT, "%.2f", single), ">= 0.9", verdict(single >= 0.9));
                    report.row("2 Webhook fulfilment (HTTP)", db.name(),
                            "notifications drained/s (instant notifier), lag after the last answer",
                            rate(w.drainPerSecond()) + String.format(Locale.ROOT, ", %.0f ms", w.drainLagMs()),
                            ">= fulfilments/s", verdict(w.drainPerSecond() >= w.perSecond() * 0.95));
                    progress.printf("[%s] webhook fulfilment with a notifier taking 2 s...%n", db.name());
                    WebhookBench.Figures slow = WebhookBench.measure(db, s, Duration.ofSeconds(2));
                    double p99Ratio = slow.p99Ms() / w.p99Ms();
                    report.row("2 Webhook fulfilment (HTTP)", db.name(), "with a 2 s notifier: fulfilments/s",
                            rate(slow.perSecond()) + String.format(Locale.ROOT, " (p50 %.2f ms, p99 %.2f ms)",
                                    slow.p50Ms(), slow.p99Ms()), "", "");
                    report.row("2 Webhook fulfilment (HTTP)", db.name(), "p99 with a 2 s notifier / p99 instant",
                            String.format(Locale.ROOT, "%.2f", p99Ratio), "<= 1.5", verdict(p99Ratio <= 1.5));
                }
                if (only.contains("checkout")) {
                    progress.printf("[%s] checkout creation...%n", db.name());
                    CheckoutBench.Figures c = CheckoutBench.measure(db, s);
                    report.row("3 Checkout (HTTP, 1 sender)", db.name(), "end to end p50 / p99",
                            ms(c.e2eP50(), c.e2eP99()), "", "");
                    report.row("3 Checkout (HTTP, 1 sender)", db.name(), "  Stripe simulator alone p50 / p99",
                            ms(c.stripeP50(), c.stripeP99()), "", "");
                    report.row("3 Checkout (HTTP, 1 sender)", db.name(), "  store alone p50 / p99",
                            ms(c.storeP50(), c.storeP99()), "", "");
                    report.row("3 Checkout (HTTP, 1 sender)", db.name(), "  HTTP + Jetty no-op p50 / p99",
                            ms(c.noopP50(), c.noopP99()), "", "");
                    report.row("3 Checkout (HTTP, 1 sender)", db.name(), "library overhead p50 (e2e - Stripe - store)",
                            String.format(Locale.ROOT, "%.3f ms (%.3f ms beyond HTTP)", c.overheadP50(),
                                    c.overheadBeyondHttpP50()),
                            "< 1 ms", verdict(c.overheadP50() < 1.0));
                    report.row("3 Checkout (HTTP, " + s.threads() + " senders)", db.name(), "checkouts/s, p50 / p99",
                            rate(c.perSecond()) + ", " + ms(c.loadedP50(), c.loadedP99()), "", "");
                }
                if (only.contains("contention")) {
                    progress.printf("[%s] contention...%n", db.name());
                    ContentionBench.Figures k = ContentionBench.measure(db, s, s.rushClient());
                    report.row("4 Contention", db.name(), k.buyers() + " buyers, " + k.places()
                                    + " places: time to settle (median, worst)",
                            String.format(Locale.ROOT, "%.0f ms, %.0f ms; %d won, %d not_enough_places", k.settleMs(),
                                    k.worstSettleMs(), k.winners(), k.refused()),
                            "< 500 ms", verdict(k.settleMs() < 500));
                    report.row("4 Contention", db.name(), "  the same rush to a no-op servlet (HTTP + Jetty + client)",
                            String.format(Locale.ROOT, "%.0f ms (client: %s)", k.floorMs(),
                                    k.client().name().toLowerCase(Locale.ROOT)), "", "");
                    report.row("4 Contention", db.name(), "  bench JVM CPU per rush, booking / no-op (median)",
                            String.format(Locale.ROOT, "%.0f ms / %.0f ms", k.cpuMs(), k.floorCpuMs()), "", "");
                }
            }
        } finally {
            databases.forEach(Database::close);
        }
        if (only.contains("jmh") && s.jmh()) {
            progress.println("JMH micro-benchmarks...");
            for (JmhRun.Score score : JmhRun.run(target.resolve("jmh.log"))) {
                report.row("JMH", "-", score.name(), String.format(Locale.ROOT, "%.2f ± %.2f µs/op", score.score(),
                        score.error()), "", "");
            }
        }
        if (only.contains("example")) {
            if (Files.isRegularFile(exampleJar)) {
                progress.println("example server...");
                ExampleServerBench.Figures e = ExampleServerBench.measure(exampleJar, s);
                report.row("5 Example server", "SQLite (file, default)", "process start to first GET /health",
                        String.format(Locale.ROOT, "%.0f ms", e.startMs()), "", "");
                report.row("5 Example server", "SQLite (file, default)", "VmRSS idle / after load",
                        String.format(Locale.ROOT, "%.0f MB / %.0f MB (load %s checkouts)", e.idleRssMb(),
                                e.loadedRssMb(), rate(e.loadPerSecond())), "", "");
                report.row("5 Example server", "SQLite (file, default)", "stop on SIGTERM",
                        String.format(Locale.ROOT, "exit %d after %.0f ms", e.exitCode(), e.stopMs()), "", "");
            } else {
                report.row("5 Example server", "-", "start time, RSS", "pending: " + exampleJar
                        + " not built", "", "");
            }
        }
        return report;
    }

    static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "-" : String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }

    static String ms(double p50, double p99) {
        return String.format(Locale.ROOT, "%.3f / %.3f ms", p50, p99);
    }

    static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    /** The rows, printed as a plain table and as Markdown. */
    static final class Report {
        final Settings settings;
        final List<String> machine = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<String[]> rows = new ArrayList<>();

        Report(Settings settings) {
            this.settings = settings;
        }

        void row(String... cells) {
            rows.add(cells);
        }

        void note(String note) {
            notes.add(note);
        }

        boolean failed() {
            return false;
        }

        static final String[] HEADER = {"scenario", "database", "figure", "value", "target", "verdict"};

        String table() {
            int[] width = new int[HEADER.length];
            List<String[]> all = new ArrayList<>();
            all.add(HEADER);
            all.addAll(rows);
            for (String[] row : all) {
                for (int i = 0; i < row.length; i++) {
                    width[i] = Math.max(width[i], row[i].length());
                }
            }
            StringBuilder text = new StringBuilder();
            machine.forEach(m -> text.append("# ").append(m).append('\n'));
            notes.forEach(n -> text.append("! ").append(n).append('\n'));
            for (int r = 0; r < all.size(); r++) {
                String[] row = all.get(r);
                for (int i = 0; i < row.length; i++) {
                    text.append(String.format("%-" + width[i] + "s", row[i])).append(i < row.length - 1 ? " | " : "");
                }
                text.append('\n');
                if (r == 0) {
                    for (int i = 0; i < width.length; i++) {
                        text.append("-".repeat(width[i])).append(i < width.length - 1 ? "-+-" : "");
                    }
                    text.append('\n');
                }
            }
            return text.toString();
        }

        String markdown() {
            StringBuilder md = new StringBuilder();
            machine.forEach(m -> md.append("- ").append(m).append('\n'));
            notes.forEach(n -> md.append("- **").append(n).append("**\n"));
            md.append('\n').append("| ").append(String.join(" | ", HEADER)).append(" |\n|");
            md.append("---|".repeat(HEADER.length)).append('\n');
            for (String[] row : rows) {
                md.append("| ").append(String.join(" | ", row).replace("\n", " ")).append(" |\n");
            }
            return md.toString();
        }
    }

    static void ensureDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
    }
}

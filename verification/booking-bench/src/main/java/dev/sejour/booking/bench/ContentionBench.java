package dev.sejour.booking.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * A rush: B buyers, each on its own connection opened beforehand, ask for one place of a séjour that has
 * P, all at once. Measured: from the start signal to the last answer. Expected: exactly P answers 200,
 * B − P answers 409 {@code not_enough_places}, no place left, P pending reservations. Once the séjour shows
 * no place left, a refusal costs one read on the JDBC stores and no write transaction.
 *
 * <p>Each round is preceded by the same rush to {@code POST /noop} (a servlet that reads the body and
 * answers a fixed JSON): the floor that HTTP, Jetty and the load generator set on the same machine.
 */
final class ContentionBench {

    /** How the buyers are simulated. */
    enum Client {
        /** One thread for all buyers, non-blocking sockets ({@link NioRush}): the buyers' machines cost nothing here. */
        NIO,
        /** One platform thread per buyer, each on a blocking socket ({@link MiniHttp}), on the server's cores. */
        THREADS
    }

    /**
     * @param cpuMs the bench JVM's CPU time (server and client, all threads) during a rush, median
     * @param floorCpuMs the same during the rush to the no-op servlet
     */
    record Figures(double settleMs, double worstSettleMs, double floorMs, double cpuMs, double floorCpuMs,
                   int winners, int refused, int buyers, int places, Client client) {
    }

    private ContentionBench() {
    }

    static Figures measure(Database db, Settings settings, Client client) throws Exception {
        try (BookingServer server = new BookingServer(db)) {
            List<Double> settle = new ArrayList<>();
            List<Double> floor = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            List<Double> floorCpu = new ArrayList<>();
            int winners = 0;
            int refused = 0;
            int warm = settings.contentionWarmupRounds();
            for (int round = -warm; round < settings.contentionRounds(); round++) {
                String slug = "rush_" + (round + warm);
                // New addresses each round: a winner of earlier rounds still has pending checkouts, and the
                // per-buyer limit would refuse a third (429), which is not what this measures.
                int firstBuyer = (round + warm) * settings.buyers();
                db.insertSejour(slug, "Rush", 90_000, "eur", settings.places());
                IntFunction<byte[]> body = i -> BookingServer.checkoutBody(slug, 1, firstBuyer + i);
                Rush noop = rush(client, server.port(), settings.buyers(), "/noop", body);
                for (int i = 0; i < noop.answers.length(); i++) {
                    if (noop.answers.get(i) == null || noop.answers.get(i).status() != 200) {
                        throw new IllegalStateException("no-op buyer " + i + " got " + noop.answers.get(i));
                    }
                }
                Rush rush = rush(client, server.port(), settings.buyers(), BookingServer.BASE + "/stripe-session",
                        body);
                int won = 0;
                int full = 0;
                for (int i = 0; i < rush.answers.length(); i++) {
                    NioRush.Answer a = rush.answers.get(i);
                    if (a != null && a.status() == 200) {
                        won++;
                    } else if (a != null && a.status() == 409 && a.body().contains("\"not_enough_places\"")) {
                        full++;
                    } else {
                        throw new IllegalStateException("buyer " + i + " got " + a);
                    }
                }
                long pending = db.count("FROM " + Database.RESERVATIONS + " WHERE sejour_slug = '" + slug + "'");
                long left = db.count("FROM " + Database.SEJOURS + " WHERE slug = '" + slug + "' AND places_left = 0");
                if (won != settings.places() || pending != settings.places() || left != 1) {
                    throw new IllegalStateException("rush " + slug + ": " + won + " winners, " + pending
                            + " reservations, places left 0: " + (left == 1));
                }
                if (round >= 0) {
                    settle.add(rush.elapsedNanos / 1e6);
                    floor.add(noop.elapsedNanos / 1e6);
                    cpu.add(rush.cpuNanos / 1e6);
                    floorCpu.add(noop.cpuNanos / 1e6);
                    winners = won;
                    refused = full;
                }
            }
            return new Figures(Stats.median(settle), settle.stream().mapToDouble(d -> d).max().orElse(Double.NaN),
                    Stats.median(floor), Stats.median(cpu), Stats.median(floorCpu), winners, refused, settings.buyers(), settings.places(), client);
        }
    }

    private record Rush(long elapsedNanos, long cpuNanos, AtomicReferenceArray<NioRush.Answer> answers) {
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static Rush rush(Client client, int port, int buyers, String path, IntFunction<byte[]> body)
            throws Exception {
        AtomicReferenceArray<NioRush.Answer> answers = new AtomicReferenceArray<>(buyers);
        if (client == Client.NIO) {
            try (NioRush nio = new NioRush(port, buyers)) {
                long cpu0 = OS.getProcessCpuTime();
                NioRush.Result result = nio.post(path, body);
                long cpu = OS.getProcessCpuTime() - cpu0;
                for (int i = 0; i < buyers; i++) {
                    answers.set(i, result.answers().get(i));
                }
                return new Rush(result.elapsedNanos(), cpu, answers);
            }
        }
        // Includes starting the threads and opening their connections: the threaded client's CPU is an upper bound.
        long cpu0 = OS.getProcessCpuTime();
        Load.Result result = Load.run(buyers, buyers, () -> {
            MiniHttp http = new MiniHttp(port);
            return new Load.Worker() {
                @Override
                public boolean call(int i) throws Exception {
                    MiniHttp.Response r = http.post(path, "application/json", body.apply(i));
                    answers.set(i, new NioRush.Answer(r.status(), r.text()));
                    return true;
                }

                @Override
                public void close() {
                    http.close();
                }
            };
        });
        if (result.failures() > 0) {
            throw new IllegalStateException(result.failures() + " buyers failed: " + result.firstFailure());
        }
        return new Rush(result.elapsedNanos(), OS.getProcessCpuTime() - cpu0, answers);
    }
}

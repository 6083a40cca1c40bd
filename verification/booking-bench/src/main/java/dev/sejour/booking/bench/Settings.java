package dev.sejour.booking.bench;

/**
 * How long to measure: the full run, or a quick one for a first look (or the smoke test).
 *
 * @param contentionWarmupRounds rushes before the measured ones: a rush is only 1,000 requests, and on 2 busy
 *     cores the JIT needs ten or so of them before the refusal path is compiled (a deployed server is warm)
 */
record Settings(int warmupRounds, int rounds, int opsPerRound, int latencySamples, int contentionWarmupRounds,
                int contentionRounds, int buyers, int places, int threads, boolean jmh, double exampleLoadSeconds,
                ContentionBench.Client rushClient) {

    static Settings full(int threads) {
        return new Settings(1, 5, 4000, 2000, 12, 5, 1000, 10, threads, true, 5, ContentionBench.Client.NIO);
    }

    static Settings quick(int threads) {
        return new Settings(1, 3, 1500, 600, 6, 3, 1000, 10, threads, false, 2, ContentionBench.Client.NIO);
    }

    /** A fraction of a second per scenario: keeps the harness from rotting, measures nothing. */
    static Settings smoke() {
        return new Settings(0, 1, 50, 20, 0, 1, 40, 3, 2, false, 0.3, ContentionBench.Client.NIO);
    }

    /** The same, with the contention scenario's buyers simulated by {@code client}. */
    Settings withRushClient(ContentionBench.Client client) {
        return new Settings(warmupRounds, rounds, opsPerRound, latencySamples, contentionWarmupRounds,
                contentionRounds, buyers, places, threads, jmh, exampleLoadSeconds, client);
    }
}

package dev.sejour.booking.bench;

/** How long to measure: the full run, or a quick one for a first look (or the smoke test). */
record Settings(int warmupRounds, int rounds, int opsPerRound, int latencySamples, int contentionRounds,
                int buyers, int places, int threads, boolean jmh, double exampleLoadSeconds) {

    static Settings full(int threads) {
        return new Settings(1, 5, 4000, 2000, 5, 1000, 10, threads, true, 5);
    }

    static Settings quick(int threads) {
        return new Settings(1, 3, 1500, 600, 3, 1000, 10, threads, false, 2);
    }

    /** A fraction of a second per scenario: keeps the harness from rotting, measures nothing. */
    static Settings smoke() {
        return new Settings(0, 1, 50, 20, 1, 40, 3, 2, false, 0.3);
    }
}

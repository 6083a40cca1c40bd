package dev.sejour.booking.reliability;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The event storm of {@link EventStormTest} on a real database, as seeded random loops (the seed is printed
 * in the failure and in the summary; {@code -Dbooking.reliability.seed=…} replays it). 15 tries in CI,
 * scaled by {@code BOOKING_RELIABILITY_ROUNDS}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(LogAudit.class)
abstract class EventStormTestBase {

    static final long SEED = Long.getLong("booking.reliability.seed", System.nanoTime());

    private StormRunner runner;

    abstract Backend openBackend() throws Exception;

    @BeforeAll
    void start() throws Exception {
        runner = new StormRunner(openBackend());
    }

    @AfterAll
    void stop() throws Exception {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void everyOrderOfEveryDuplicateEndsInTheStatusOfItsOutcome() throws Exception {
        Random random = new Random(SEED);
        int tries = Summary.scaled(15);
        for (int i = 0; i < tries; i++) {
            StormScenario scenario = StormScenario.random(random);
            try {
                runner.run(scenario);
            } catch (AssertionError | Exception e) {
                throw new AssertionError("try " + i + " of seed " + SEED + " failed: " + scenario, e);
            }
        }
        runner.summary(getClass().getSimpleName()).put("seed", SEED).print();
    }
}

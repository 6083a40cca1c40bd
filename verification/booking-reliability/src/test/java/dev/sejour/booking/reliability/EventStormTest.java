package dev.sejour.booking.reliability;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Idempotency and ordering, property-based (jqwik): for random scenarios, every Stripe event delivered 1 to 5
 * times, in random order, from several threads at once, sometimes after the holds' time ran out and with the
 * sweeper running meanwhile, leaves each reservation in the status the state machine of
 * {@code docs/architecture.md} gives its outcome, with one confirmation per paid reservation. In-memory
 * stores, real HTTP; jqwik reports the failing scenario and its seed. Tries: {@code jqwik.tries.default}
 * (100 in CI, set by the build).
 */
class EventStormTest {

    private static StormRunner runner;

    @BeforeContainer
    static void start() {
        runner = new StormRunner(Backend.memory());
    }

    @AfterContainer
    static void stop() throws Exception {
        try {
            runner.summary("EventStormTest").print();
            LogAudit.assertNoSecretsLogged();
        } finally {
            runner.close();
        }
    }

    @Property
    void everyOrderOfEveryDuplicateEndsInTheStatusOfItsOutcome(@ForAll("scenarios") StormScenario scenario)
            throws Exception {
        runner.run(scenario);
    }

    @Provide
    Arbitrary<StormScenario> scenarios() {
        return Combinators.combine(
                        Arbitraries.of(StormScenario.Outcome.class).list().ofMinSize(1).ofMaxSize(7),
                        Arbitraries.longs(),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false))
                .as(StormScenario::new);
    }
}

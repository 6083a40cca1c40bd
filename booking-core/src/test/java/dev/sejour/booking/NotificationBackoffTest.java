package dev.sejour.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NotificationBackoffTest {

    private static NotificationBackoff withRandom(double random) {
        return new NotificationBackoff(Duration.ofSeconds(30), Duration.ofHours(1), 10, () -> random);
    }

    @Test
    void theFirstRetryComesThirtySecondsAfterAFailureThenTheWaitDoubles() {
        NotificationBackoff noJitter = withRandom(0);

        assertThat(noJitter.delayAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(noJitter.delayAfter(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(noJitter.delayAfter(3)).isEqualTo(Duration.ofSeconds(120));
        assertThat(noJitter.delayAfter(7)).isEqualTo(Duration.ofSeconds(1920));
    }

    @Test
    void theWaitStopsGrowingAtTheCapWhateverTheAttempt() {
        NotificationBackoff noJitter = withRandom(0);

        assertThat(noJitter.delayAfter(8)).isEqualTo(Duration.ofHours(1));
        assertThat(noJitter.delayAfter(63)).isEqualTo(Duration.ofHours(1));
        assertThat(noJitter.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void jitterAddsAtMostAFifthAndNeverPassesTheCap() {
        NotificationBackoff most = withRandom(0.999_999);

        assertThat(most.delayAfter(1)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(36));
        assertThat(most.delayAfter(2)).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(72));
        assertThat(most.delayAfter(7)).isBetween(Duration.ofSeconds(1920), Duration.ofSeconds(2304));
        assertThat(most.delayAfter(8)).isEqualTo(Duration.ofHours(1));
        assertThat(most.delayAfter(20)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theLastAttemptAllowsNoOther() {
        NotificationBackoff backoff = withRandom(0);

        assertThat(backoff.allowsAnotherAfter(9)).isTrue();
        assertThat(backoff.allowsAnotherAfter(10)).isFalse();
    }
}

package dev.sejour.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void currencyIsKeptLowerCaseAsStripeWritesIt() {
        assertThat(Money.of(900, "EUR").currency()).isEqualTo("eur");
    }

    @Test
    void multiplyingNeverOverflowsSilently() {
        assertThat(Money.of(90_000, "eur").times(3)).isEqualTo(Money.of(270_000, "eur"));
        assertThatThrownBy(() -> Money.of(Long.MAX_VALUE / 2, "eur").times(3)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void negativeAmountsAndBadCurrenciesAreRefused() {
        assertThatThrownBy(() -> Money.of(-1, "eur")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of(1, "euro")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void comparesWithStripeAmounts() {
        assertThat(Money.of(1800, "eur").sameAs(1800, "EUR")).isTrue();
        assertThat(Money.of(1800, "eur").sameAs(1799, "eur")).isFalse();
        assertThat(Money.of(1800, "eur").sameAs(1800, "usd")).isFalse();
        assertThat(Money.of(1800, "eur").sameAs(1800, null)).isFalse();
    }

    @Test
    void majorUnitsFollowStripesMinorUnits() {
        assertThat(Money.of(180_000, "eur").toMajorUnits()).isEqualByComparingTo("1800.00");
        assertThat(Money.of(18_000, "jpy").toMajorUnits()).isEqualByComparingTo("18000");
        assertThat(Money.of(1_500, "kwd").toMajorUnits()).isEqualByComparingTo("1.500");
        assertThat(Money.of(1_500, "isk").minorUnitDigits()).isEqualTo(2);
    }
}

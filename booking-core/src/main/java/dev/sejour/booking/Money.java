package dev.sejour.booking;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An amount in the currency's minor unit (cents for EUR), as Stripe counts it. Never floating point.
 *
 * @param minorUnits amount in minor units, zero or more
 * @param currency ISO 4217 code, lower case as Stripe writes it ({@code "eur"})
 */
public record Money(long minorUnits, String currency) {

    private static final Pattern ISO_CODE = Pattern.compile("[a-z]{3}");
    /** Stripe's zero-decimal currencies: the amount is in major units. */
    private static final Set<String> ZERO_DECIMAL = Set.of(
            "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof",
            "xpf");
    /** Stripe's three-decimal currencies. */
    private static final Set<String> THREE_DECIMAL = Set.of("bhd", "jod", "kwd", "omr", "tnd");

    public Money {
        Objects.requireNonNull(currency, "currency");
        currency = currency.toLowerCase(Locale.ROOT);
        if (!ISO_CODE.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be a three-letter ISO code: " + currency);
        }
        if (minorUnits < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + minorUnits);
        }
    }

    public static Money of(long minorUnits, String currency) {
        return new Money(minorUnits, currency);
    }

    /** The price of {@code quantity} units; fails rather than overflow. */
    public Money times(int quantity) {
        return new Money(Math.multiplyExact(minorUnits, (long) quantity), currency);
    }

    /**
     * How many decimals the minor unit has, as Stripe counts them: 0 for JPY and its other zero-decimal
     * currencies, 3 for BHD, JOD, KWD, OMR and TND, otherwise 2 (even where ISO says otherwise, as for ISK).
     */
    public int minorUnitDigits() {
        if (ZERO_DECIMAL.contains(currency)) {
            return 0;
        }
        return THREE_DECIMAL.contains(currency) ? 3 : 2;
    }

    /** The amount in major units ({@code 1800.00} for 180000 cents), exact. */
    public BigDecimal toMajorUnits() {
        return BigDecimal.valueOf(minorUnits, minorUnitDigits());
    }

    /** Whether this is the given amount in minor units of the given currency (any case); false if it is null. */
    public boolean sameAs(long otherMinorUnits, @Nullable String otherCurrency) {
        return minorUnits == otherMinorUnits && otherCurrency != null && currency.equalsIgnoreCase(otherCurrency);
    }

    @Override
    public String toString() {
        return minorUnits + " " + currency;
    }
}

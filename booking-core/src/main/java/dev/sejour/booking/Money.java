package dev.sejour.booking;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount in the currency's minor unit (cents for EUR), as Stripe counts it. Never floating point.
 *
 * @param minorUnits amount in minor units, zero or more
 * @param currency ISO 4217 code, lower case as Stripe writes it ({@code "eur"})
 */
public record Money(long minorUnits, String currency) {

    private static final Pattern ISO_CODE = Pattern.compile("[a-z]{3}");

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

    public boolean sameAs(long otherMinorUnits, String otherCurrency) {
        return minorUnits == otherMinorUnits && otherCurrency != null && currency.equalsIgnoreCase(otherCurrency);
    }

    @Override
    public String toString() {
        return minorUnits + " " + currency;
    }
}

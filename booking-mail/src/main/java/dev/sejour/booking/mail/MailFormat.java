package dev.sejour.booking.mail;

import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/** Helpers for templates: amounts for a locale, names, HTML escaping. Shared by custom templates. */
public final class MailFormat {

    private MailFormat() {
    }

    /**
     * The amount as a reader of {@code locale} writes it, with its currency: {@code 1 800,00 €} in French
     * (with the no-break spaces Java's CLDR data uses), {@code €1,800.00} in English, {@code ¥18,000}.
     *
     * <p>Minor units are read the way Stripe counts them (0 decimals for JPY and the other zero-decimal
     * currencies, 3 for BHD, JOD, KWD, OMR, TND, else 2: ISK and HUF stay two-decimal in Stripe's API), then
     * shown with the currency's usual number of decimals unless that would hide a non-zero digit.
     */
    public static String formatAmount(Money money, Locale locale) {
        String code = money.currency().toUpperCase(Locale.ROOT);
        int exponent = money.minorUnitDigits();
        BigDecimal major = money.toMajorUnits();
        int significant = Math.max(0, major.stripTrailingZeros().scale());
        Currency currency;
        try {
            currency = Currency.getInstance(code);
        } catch (IllegalArgumentException unknownToJava) {
            // A currency Stripe knows and this JVM does not: still readable, never wrong.
            return major.toPlainString() + " " + code;
        }
        int usual = currency.getDefaultFractionDigits() < 0 ? exponent : currency.getDefaultFractionDigits();
        int digits = Math.min(exponent, Math.max(usual, significant));
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        format.setRoundingMode(RoundingMode.UNNECESSARY);
        return format.format(major);
    }

    /** The buyer's name as written in a greeting: first name then last name ("Zoé Lefèvre-Dupont"). */
    public static String buyerName(Buyer buyer) {
        return (buyer.firstName().strip() + " " + buyer.lastName().strip()).strip();
    }

    /** Escapes {@code & < > " '} so that the text can go in HTML content or a quoted attribute. */
    public static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

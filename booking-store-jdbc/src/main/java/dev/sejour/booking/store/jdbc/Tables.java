package dev.sejour.booking.store.jdbc;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two table names, after the prefix. The shipped scripts name every table, index and constraint
 * starting with its table's name ({@code reservations_expiry_idx}), so one rewrite prefixes them all and
 * two prefixes never clash in one schema.
 */
record Tables(String prefix, String sejours, String reservations) {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*|");
    private static final Pattern NAME = Pattern.compile("(?<![A-Za-z0-9_])(sejours|reservations)(?![A-Za-z0-9])");

    static Tables withPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a table prefix is letters, digits and '_', starting with a letter"
                    + " or '_': " + prefix);
        }
        return new Tables(prefix, prefix + "sejours", prefix + "reservations");
    }

    /** The per-buyer lock rows of the hold limit; named after {@code reservations}, so prefixed with it. */
    String buyerLocks() {
        return reservations + "_buyer_locks";
    }

    /** Prefixes the tables and the objects named after them in a shipped script. */
    String apply(String script) {
        return prefix.isEmpty() ? script : NAME.matcher(script).replaceAll(Matcher.quoteReplacement(prefix) + "$1");
    }
}

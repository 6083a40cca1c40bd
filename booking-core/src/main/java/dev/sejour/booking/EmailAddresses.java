package dev.sejour.booking;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for a buyer's email address, shared by the checkout (nothing is held for an address that
 * fails it) and the {@code booking-mail} module (which parses with Jakarta Mail, then applies this rule),
 * so that an address the checkout accepts is one Stripe and the SMTP notifier accept too.
 *
 * <p>An address is {@code local@domain}, ASCII only, at most {@value #MAX_LENGTH} characters:
 * <ul>
 *   <li>the local part is an RFC 5321 dot-atom of at most {@value #MAX_LOCAL_PART_LENGTH} characters:
 *       atoms of letters, digits and {@code !#$%&'*+/=?^_`{|}~-}, joined by single dots, none leading or
 *       trailing ({@code a.@b.fr} and {@code a..b@c.fr} fail). Quoted local parts ({@code "a b"@c.fr}) are
 *       refused: legal, but rejected by Stripe and by many mail servers;</li>
 *   <li>the domain is a host name per RFC 1035 and RFC 1123: at least two labels, none empty
 *       ({@code camille@.example.org}, {@code camille@example..org} fail), each of 1 to
 *       {@value #MAX_LABEL_LENGTH} letters, digits and hyphens, a hyphen never first or last
 *       ({@code a@-bad-.fr} fails), the last one (the top-level domain) two or more letters or an {@code xn--}
 *       name (no top-level domain has a digit, a hyphen or a single letter: {@code a@example.c} is never
 *       delivered); at most
 *       {@value #MAX_DOMAIN_LENGTH} characters. Address literals ({@code a@[192.0.2.1]}) are refused.</li>
 * </ul>
 *
 * <p><b>Internationalised addresses are refused</b> ({@code jöhn@example.com}, {@code a@exämple.fr}): a
 * non-ASCII local part needs SMTPUTF8 from every relay on the way, which neither the library's notifier nor
 * most SMTP servers offer, so the buyer would pay and never get a confirmation. A buyer with an
 * internationalised domain can type its ASCII ({@code xn--}) form, which passes.
 *
 * <p>Thread-safe, stateless.
 */
public final class EmailAddresses {

    /** The longest address: RFC 5321's 256-octet path minus its angle brackets. */
    public static final int MAX_LENGTH = 254;
    /** The longest local part (RFC 5321, 4.5.3.1.1). */
    public static final int MAX_LOCAL_PART_LENGTH = 64;
    /** The longest domain (RFC 1035, 2.3.4, without the final dot). */
    public static final int MAX_DOMAIN_LENGTH = 253;
    /** The longest domain label (RFC 1035, 2.3.4). */
    public static final int MAX_LABEL_LENGTH = 63;

    private static final Pattern ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?");
    // Top-level domains are letters (ICANN admits no digit or hyphen, and none of one letter), or the ASCII
    // form of an internationalised one.
    private static final Pattern TOP_LEVEL_DOMAIN = Pattern.compile("[A-Za-z]{2,63}|[Xx][Nn]--[A-Za-z0-9-]+");

    private EmailAddresses() {
    }

    /** Whether the address passes the rule. */
    public static boolean isValid(String address) {
        return problem(address).isEmpty();
    }

    /**
     * Why the address fails the rule, in a few English words fit for an error message after the field's
     * name ({@code "has an empty domain label"}); empty when it passes. Never throws.
     *
     * @param address the address as typed, without surrounding spaces or a display name
     */
    public static Optional<String> problem(String address) {
        if (address == null || address.isEmpty()) {
            return Optional.of("is required");
        }
        if (!address.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return Optional.of(address.chars().anyMatch(c -> c > 0x7f)
                    ? "must be written in ASCII: internationalised addresses are not supported"
                    : "must not contain spaces or control characters");
        }
        if (address.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return Optional.of("must contain an @");
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.isEmpty()) {
            return Optional.of("has nothing before the @");
        }
        if (local.length() > MAX_LOCAL_PART_LENGTH) {
            return Optional.of("must have at most " + MAX_LOCAL_PART_LENGTH + " characters before the @");
        }
        for (String atom : local.split("\\.", -1)) {
            if (atom.isEmpty()) {
                return Optional.of("must not have a dot at the start or end of its name, or two dots in a row");
            }
            if (!ATOM.matcher(atom).matches()) {
                return Optional.of(atom.indexOf('@') >= 0 ? "must contain a single @"
                        : "has a character not allowed before the @");
            }
        }
        return domainProblem(domain);
    }

    /** The address with its domain in lower case (domains are case-insensitive; local parts may not be). */
    public static String normalize(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? address : address.substring(0, at) + address.substring(at).toLowerCase(Locale.ROOT);
    }

    private static Optional<String> domainProblem(String domain) {
        if (domain.isEmpty()) {
            return Optional.of("has no domain after the @");
        }
        if (domain.startsWith("[")) {
            return Optional.of("must have a domain name, not an address literal");
        }
        if (domain.length() > MAX_DOMAIN_LENGTH) {
            return Optional.of("must have a domain of at most " + MAX_DOMAIN_LENGTH + " characters");
        }
        String[] labels = domain.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                return Optional.of("has an empty domain label (a dot at the start or end of the domain, or two"
                        + " dots in a row)");
            }
            if (label.length() > MAX_LABEL_LENGTH) {
                return Optional.of("has a domain label longer than " + MAX_LABEL_LENGTH + " characters");
            }
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("has a domain label with a character other than letters, digits and hyphens,"
                        + " or a hyphen at its start or end");
            }
        }
        if (labels.length < 2) {
            return Optional.of("must have a domain with a top-level domain (like example.org)");
        }
        if (!TOP_LEVEL_DOMAIN.matcher(labels[labels.length - 1]).matches()) {
            return Optional.of("must have a top-level domain of letters (like .org or .fr)");
        }
        return Optional.empty();
    }
}

package dev.sejour.booking.mail;

import dev.sejour.booking.EmailAddresses;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Strict parsing of the addresses the library sends to or from: Jakarta Mail's strict RFC 822 parser, then
 * the library's one address rule ({@link EmailAddresses}, which the checkout applies too) on the address's
 * ASCII form, so that the notifier never refuses an address the checkout accepted.
 */
final class Addresses {

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u0085\\u2028\\u2029]");

    private Addresses() {
    }

    /**
     * One RFC 822 address, {@code addr} or {@code Name <addr>}: no line break or control character, no group,
     * no list. The domain is turned into its ASCII ({@code xn--}) form; a non-ASCII local part is refused, as
     * it needs SMTPUTF8, which the library does not use. The result then passes {@link EmailAddresses}: a
     * dot-atom local part, host-name labels, the lengths.
     */
    static InternetAddress strict(String text) throws AddressException {
        if (text == null || text.isBlank()) {
            throw new AddressException("the address is empty");
        }
        if (CONTROL.matcher(text).find()) {
            throw new AddressException("the address contains a line break or control character", HeaderText.clean(text));
        }
        InternetAddress parsed = new InternetAddress(text.strip(), true);
        if (parsed.isGroup()) {
            throw new AddressException("a group is not a single address", text);
        }
        parsed.validate();
        String address = parsed.getAddress();
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new AddressException("the address has no domain", address);
        }
        String local = address.substring(0, at);
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(local)) {
            throw new AddressException("a non-ASCII local part needs SMTPUTF8, which is not supported", address);
        }
        String domain;
        try {
            domain = IDN.toASCII(address.substring(at + 1), IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw new AddressException("the domain is not a valid host name: " + e.getMessage(), address);
        }
        Optional<String> problem = EmailAddresses.problem(local + "@" + domain);
        if (problem.isPresent()) {
            throw new AddressException("the address " + problem.get(), address);
        }
        try {
            return new InternetAddress(local + "@" + domain, parsed.getPersonal(), StandardCharsets.UTF_8.name());
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }
}

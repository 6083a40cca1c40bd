package dev.sejour.booking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressesTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        // Issue 12's inputs first.
        "camille@.example.org   | empty domain label",
        "camille@example..org   | empty domain label",
        "a@-bad-.fr             | hyphen at its start or end",
        "a.@b.fr                | dot at the start or end of its name",
        "jöhn@example.com       | ASCII",
        ".a@b.fr                | dot at the start or end of its name",
        "a..b@c.fr              | two dots in a row",
        "a@b.fr.                | empty domain label",
        "a@b                    | top-level domain",
        "a@b.123                | top-level domain of letters",
        // No top-level domain can be one letter, hold a digit or a hyphen (other than an xn-- name): such an
        // address is never delivered, so the buyer would pay and never be told.
        "camille@example.c      | top-level domain of letters",
        "a@example.b0           | top-level domain of letters",
        "a@example.f-r          | top-level domain of letters",
        "a@example.1fr          | top-level domain of letters",
        "a@exa_mple.fr          | letters, digits and hyphens",
        "a@exämple.fr           | ASCII",
        "a@[192.0.2.1]          | address literal",
        "'\"a b\"@c.fr'         | spaces",
        "a@b@c.fr               | single @",
        "david.example          | must contain an @",
        "@example.org           | nothing before the @",
        "a@                     | no domain",
        "'a@b.fr>, x@y.fr'      | spaces",
    })
    void refusedAddressesSayWhy(String address, String why) {
        assertThat(EmailAddresses.problem(address)).hasValueSatisfying(p -> assertThat(p).contains(why));
        assertThat(EmailAddresses.isValid(address)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@b.fr", "camille@example.org", "o'brien+yoga@sub-domain.example.org",
        "x@a1.co.uk", "!#$%&'*+/=?^_`{|}~-@example.org", "camille@xn--exmple-cua.fr", "a@1.2.fr", "a@b.xn--p1ai", "A@B.FR", "a@b.museum",
        "a@b.XN--P1AI"})
    void acceptedAddresses(String address) {
        assertThat(EmailAddresses.problem(address)).isEmpty();
    }

    @Test
    void lengthsFollowRfc5321And1035() {
        String label63 = "a".repeat(63);
        assertThat(EmailAddresses.isValid("a".repeat(64) + "@b.fr")).isTrue();
        assertThat(EmailAddresses.isValid("a".repeat(65) + "@b.fr")).isFalse();
        assertThat(EmailAddresses.isValid("a@" + label63 + ".fr")).isTrue();
        assertThat(EmailAddresses.isValid("a@" + label63 + "a.fr")).isFalse();
        String domain = String.join(".", label63, label63, label63, "a".repeat(58), "fr");
        assertThat(domain).hasSize(253);
        assertThat(EmailAddresses.isValid("a@" + domain)).isFalse(); // 255 characters in all
        assertThat(EmailAddresses.problem("a@a" + domain).orElseThrow()).contains("254");
        assertThat(EmailAddresses.problem("a".repeat(64) + "@" + domain.substring(64))).isEmpty();
        assertThat(EmailAddresses.problem(null)).isPresent();
        assertThat(EmailAddresses.problem("")).isPresent();
    }

    @Test
    void normalizingLowerCasesTheDomainOnly() {
        assertThat(EmailAddresses.normalize("Camille.Martin@Example.ORG")).isEqualTo("Camille.Martin@example.org");
    }
}

package dev.sejour.booking.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.sejour.booking.Buyer;
import dev.sejour.booking.EmailAddresses;
import dev.sejour.booking.Money;
import dev.sejour.booking.spi.NotificationException;
import jakarta.mail.internet.AddressException;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The mail module applies the checkout's address rule ({@link EmailAddresses}): what the checkout refused
 * the notifier refuses, and what the checkout accepted a real SMTP server (GreenMail) receives.
 */
class OneAddressRuleTest {

    @RegisterExtension
    static final GreenMailExtension greenMail =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    /** Issue 12's addresses, and their kin: all refused at checkout. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"camille@.example.org", "camille@example..org", "a@-bad-.fr", "a.@b.fr",
        "jöhn@example.com", ".camille@example.org", "ca..mille@example.org", "camille@example.org.",
        "camille@example", "camille@exa_mple.org", "camille@example.123", "camille@[192.0.2.1]",
        "camille@example.c", "camille@example.b0"})
    void whatTheCheckoutRefusesTheMailerRefusesAsPermanent(String address) throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
        assertThat(EmailAddresses.isValid(address)).as("checkout").isFalse();
        assertThatThrownBy(() -> Addresses.strict(address)).isInstanceOf(AddressException.class);

        SmtpNotifier notifier = new SmtpNotifier(settings().build());
        assertThatThrownBy(() -> notifier.notify(Fixtures.confirmation(new Buyer("Martin", "Camille", address),
                Money.of(90_000, "eur"), "Stage")))
                .isInstanceOfSatisfying(NotificationException.class, e -> assertThat(e.permanent()).isTrue());
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"camille@example.org", "o'brien+yoga@sub-domain.example.org", "c.martin@ex-ample.co.uk",
        "x@a1.fr", "!#$%&'*+/=?^_`{|}~-@example.org", "camille@xn--exmple-cua.fr", "CAMILLE@Example.ORG"})
    void whatTheCheckoutAcceptsAnSmtpServerReceives(String address) throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
        assertThat(EmailAddresses.isValid(address)).as("checkout").isTrue();

        new SmtpNotifier(settings().build()).notify(Fixtures.confirmation(new Buyer("Martin", "Camille", address),
                Money.of(90_000, "eur"), "Stage"));

        assertThat(greenMail.getReceivedMessages()).singleElement().satisfies(m ->
                assertThat(m.getAllRecipients()).extracting(Object::toString)
                        .singleElement().asString().endsWith("<" + address + ">"));
    }

    private static SmtpSettings.Builder settings() {
        return SmtpSettings.builder()
                .host(greenMail.getSmtp().getBindTo())
                .port(greenMail.getSmtp().getPort())
                .security(SmtpSettings.Security.NONE)
                .from(Fixtures.FROM, "Séjours Dupont")
                .timeouts(Duration.ofSeconds(5));
    }
}

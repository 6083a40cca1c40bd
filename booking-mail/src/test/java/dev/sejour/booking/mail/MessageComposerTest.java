package dev.sejour.booking.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MessageComposerTest {

    private final Session session = Session.getInstance(new Properties());
    private final MessageComposer composer = MessageComposer.builder().from(Fixtures.FROM).build();

    @Test
    void internationalisedDomainIsSentInItsAsciiForm() throws Exception {
        Buyer zoe = new Buyer("Lefèvre", "Zoé", "zoe@exémple.fr");

        MimeMessage message = composer.buyerMessage(session, Fixtures.confirmation(zoe, Money.of(900, "eur"), "Stage"));

        assertThat(((InternetAddress) message.getAllRecipients()[0]).getAddress()).isEqualTo("zoe@xn--exmple-cva.fr");
    }

    @Test
    void nonAsciiLocalPartIsRefused() {
        Buyer zoe = new Buyer("Lefèvre", "Zoé", "zoé@exemple.fr");

        assertThatThrownBy(() -> composer.buyerMessage(session, Fixtures.confirmation(zoe, Money.of(900, "eur"), "Stage")))
                .isInstanceOf(AddressException.class).hasMessageContaining("SMTPUTF8");
    }

    @Test
    void displayNameTheBuyerTypedIsReplacedByTheirName() throws Exception {
        Buyer zoe = new Buyer("Lefèvre", "Zoé", "Admin <zoe@example.com>");

        MimeMessage message = composer.buyerMessage(session, Fixtures.confirmation(zoe, Money.of(900, "eur"), "Stage"));

        InternetAddress to = (InternetAddress) message.getAllRecipients()[0];
        assertThat(to.getAddress()).isEqualTo("zoe@example.com");
        assertThat(to.getPersonal()).isEqualTo("Zoé Lefèvre");
    }

    @Test
    void noOperatorMeansNoNotice() throws Exception {
        assertThat(composer.operatorNotice(session, Fixtures.confirmation(), true)).isEmpty();
    }
}

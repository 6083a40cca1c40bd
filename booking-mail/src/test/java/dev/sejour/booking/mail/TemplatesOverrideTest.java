package dev.sejour.booking.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.spi.Notification;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TemplatesOverrideTest {

    private final Session session = Session.getInstance(new Properties());

    @Test
    void applicationCanWrapTheDefaultTemplates() throws Exception {
        DefaultMessageTemplates defaults = new DefaultMessageTemplates();
        MessageTemplates branded = new MessageTemplates() {
            @Override
            public MailContent buyerMessage(Notification n, Locale locale) {
                MailContent c = defaults.buyerMessage(n, locale);
                return c.withSubject("[Séjours Dupont] " + c.subject() + "\r\nBcc: x@example.com");
            }

            @Override
            public MailContent operatorNotice(Notification n, Locale locale, boolean buyerReached) {
                return defaults.operatorNotice(n, locale, buyerReached);
            }
        };
        MessageComposer composer = MessageComposer.builder().from(Fixtures.FROM).templates(branded).build();

        MimeMessage message = composer.buyerMessage(session, Fixtures.confirmation());

        // Even a template's line break cannot add a header.
        assertThat(message.getSubject()).isEqualTo("[Séjours Dupont] Réservation confirmée\u00a0: " + Fixtures.TITLE
                + " Bcc: x@example.com");
        assertThat(message.getHeader("Bcc")).isNull();
        assertThat(Fixtures.parts(message).text()).contains(Fixtures.AMOUNT_FR);
    }

    @Test
    void textOnlyTemplatesGiveAPlainMessage() throws Exception {
        MessageTemplates plain = new MessageTemplates() {
            @Override
            public MailContent buyerMessage(Notification n, Locale locale) {
                return new MailContent("Merci", "Merci " + n.reservation().buyer().firstName(), null);
            }

            @Override
            public MailContent operatorNotice(Notification n, Locale locale, boolean buyerReached) {
                return new MailContent("Vendu", "Vendu", null);
            }
        };
        MimeMessage message = MessageComposer.builder().from(Fixtures.FROM).templates(plain).build()
                .buyerMessage(session, Fixtures.confirmation());

        assertThat(message.isMimeType("text/plain")).isTrue();
        assertThat(message.getContent()).isEqualTo("Merci Zoé");
    }
}

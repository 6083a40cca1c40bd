package dev.sejour.booking.mail;

import static dev.sejour.booking.mail.Fixtures.AMOUNT_FR;
import static dev.sejour.booking.mail.Fixtures.BUYER_EMAIL;
import static dev.sejour.booking.mail.Fixtures.FROM;
import static dev.sejour.booking.mail.Fixtures.OPERATOR;
import static dev.sejour.booking.mail.Fixtures.REPLY_TO;
import static dev.sejour.booking.mail.Fixtures.RESERVATION_ID;
import static dev.sejour.booking.mail.Fixtures.SLUG;
import static dev.sejour.booking.mail.Fixtures.TITLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import dev.sejour.booking.spi.Notification;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmtpNotifierTest {

    @RegisterExtension
    static final GreenMailExtension greenMail =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    @BeforeEach
    void emptyMailboxes() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    static SmtpSettings.Builder settings() {
        return SmtpSettings.builder()
                .host(greenMail.getSmtp().getBindTo())
                .port(greenMail.getSmtp().getPort())
                .security(SmtpSettings.Security.NONE)
                .from(FROM, "Séjours Dupont")
                .replyTo(REPLY_TO)
                .timeouts(Duration.ofSeconds(5));
    }

    private static MimeMessage onlyMessage() {
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        return received[0];
    }

    @Test
    void confirmationReachesTheBuyerWithTextAndHtmlParts() throws Exception {
        new SmtpNotifier(settings().build()).notify(Fixtures.confirmation());

        MimeMessage message = onlyMessage();
        assertThat(message.getSubject()).isEqualTo("Réservation confirmée\u00a0: " + TITLE);
        InternetAddress from = (InternetAddress) message.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo(FROM);
        assertThat(from.getPersonal()).isEqualTo("Séjours Dupont");
        assertThat(((InternetAddress) message.getReplyTo()[0]).getAddress()).isEqualTo(REPLY_TO);
        InternetAddress to = (InternetAddress) message.getRecipients(Message.RecipientType.TO)[0];
        assertThat(to.getAddress()).isEqualTo(BUYER_EMAIL);
        assertThat(to.getPersonal()).isEqualTo("Zoé Lefèvre-Dupont");
        assertThat(message.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(message.getMessageID()).isEqualTo("<" + RESERVATION_ID + ".confirmation@sejours.example>");

        Fixtures.Parts parts = Fixtures.parts(message);
        for (String body : new String[] {parts.text(), parts.html()}) {
            assertThat(body).contains(TITLE, AMOUNT_FR, "Zoé Lefèvre-Dupont", RESERVATION_ID, SLUG, "2 places");
        }
        assertThat(parts.text()).contains("Montant\u00a0: " + AMOUNT_FR, "Places\u00a0: 2");
        assertThat(parts.html()).startsWith("<!DOCTYPE html>").contains("<html lang=\"fr\">");
    }

    @Test
    void nonAsciiTravelsEncodedAndComesBackIntact() throws Exception {
        new SmtpNotifier(settings().build()).notify(Fixtures.confirmation());

        String raw = Fixtures.raw(onlyMessage());
        // Headers are RFC 2047 encoded words and bodies UTF-8 quoted-printable or base64: nothing raw.
        assertThat(raw).doesNotContain("Ærøskøbing", "Zoé");
        assertThat(raw).contains("charset=UTF-8");
        assertThat(raw).containsPattern("Subject: =\\?UTF-8\\?[QB]\\?");
    }

    @Test
    void englishLocaleWritesEnglish() throws Exception {
        new SmtpNotifier(settings().locale(Locale.ENGLISH).build()).notify(Fixtures.confirmation());

        MimeMessage message = onlyMessage();
        assertThat(message.getSubject()).isEqualTo("Booking confirmed: " + TITLE);
        Fixtures.Parts parts = Fixtures.parts(message);
        assertThat(parts.text()).contains("Hello Zoé Lefèvre-Dupont,", "Amount: €1,800.00", "Reference: " + RESERVATION_ID);
        assertThat(parts.html()).contains("<html lang=\"en\">", "€1,800.00");
    }

    @Test
    void aLocaleWithoutBundleGetsFrenchWhateverTheJvmLocale() throws Exception {
        new SmtpNotifier(settings().locale(Locale.GERMAN).build()).notify(Fixtures.confirmation());

        assertThat(onlyMessage().getSubject()).startsWith("Réservation confirmée");
    }

    @Test
    void yenHasNoDecimals() throws Exception {
        Notification yen = Fixtures.confirmation(Fixtures.zoe(), Money.of(18_000, "jpy"), TITLE);
        new SmtpNotifier(settings().locale(Locale.ENGLISH).build()).notify(yen);

        Fixtures.Parts parts = Fixtures.parts(onlyMessage());
        assertThat(parts.text()).containsPattern("Amount: ¥18,000\\r?\\n").doesNotContain("18,000.00");
    }

    @Test
    void refundNoticeSaysThePaymentWentBack() throws Exception {
        new SmtpNotifier(settings().build()).notify(Fixtures.refund());

        MimeMessage message = onlyMessage();
        assertThat(message.getSubject()).isEqualTo("Paiement remboursé\u00a0: " + TITLE);
        assertThat(message.getMessageID()).isEqualTo("<" + RESERVATION_ID + ".refund@sejours.example>");
        Fixtures.Parts parts = Fixtures.parts(message);
        assertThat(parts.text()).contains("Bonjour Zoé Lefèvre-Dupont,", "remboursé en totalité", AMOUNT_FR,
                "aucune place ne vous est réservée", "Référence\u00a0: " + RESERVATION_ID);
        assertThat(parts.html()).contains("Votre paiement a été remboursé", AMOUNT_FR);
    }

    @Test
    void hostileValuesAreEscapedInHtmlAndCannotAddHeaders() throws Exception {
        Buyer eve = new Buyer("<script>alert(1)</script>", "Eve\r\nBcc: victim@example.com", "eve@example.com");
        String title = "<b>Stage</b> & co\r\nX-Injected: yes";
        new SmtpNotifier(settings().build()).notify(Fixtures.confirmation(eve, Money.of(9_00, "eur"), title));

        MimeMessage message = onlyMessage();
        assertThat(message.getAllRecipients()).hasSize(1);
        assertThat(((InternetAddress) message.getAllRecipients()[0]).getAddress()).isEqualTo("eve@example.com");
        assertThat(message.getHeader("Bcc")).isNull();
        assertThat(message.getHeader("X-Injected")).isNull();
        // GreenMail creates a mailbox for every address it delivers to.
        assertThat(greenMail.getUserManager().getUserByEmail("victim@example.com")).isNull();
        String raw = Fixtures.raw(message);
        String headers = raw.substring(0, raw.indexOf("\r\n\r\n"));
        assertThat(headers).doesNotContainPattern("(?m)^(Bcc|X-Injected):");
        assertThat(message.getSubject()).isEqualTo("Réservation confirmée\u00a0: <b>Stage</b> & co X-Injected: yes");

        Fixtures.Parts parts = Fixtures.parts(message);
        assertThat(parts.html())
                .doesNotContain("<script>", "<b>Stage</b>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;Stage&lt;/b&gt; &amp; co");
        // Names and titles stay on one line in the bodies too.
        assertThat(parts.text()).contains("Bonjour Eve Bcc: victim@example.com <script>alert(1)</script>,");
    }

    @Test
    void operatorReceivesASeparateNotice() throws Exception {
        new SmtpNotifier(settings().operator(OPERATOR).build()).notify(Fixtures.confirmation());

        assertThat(greenMail.getReceivedMessages()).hasSize(2);
        MimeMessage[] buyer = greenMail.getReceivedMessagesForDomain(BUYER_EMAIL);
        assertThat(buyer).hasSize(1);
        assertThat(buyer[0].getAllRecipients()).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly(BUYER_EMAIL);
        MimeMessage[] notices = greenMail.getReceivedMessagesForDomain(OPERATOR);
        assertThat(notices).hasSize(1);
        MimeMessage notice = notices[0];
        assertThat(notice.getSubject()).isEqualTo("Nouvelle réservation\u00a0: " + TITLE + " – 2 places – Zoé Lefèvre-Dupont");
        assertThat(((InternetAddress) notice.getReplyTo()[0]).getAddress()).isEqualTo(BUYER_EMAIL);
        Fixtures.Parts parts = Fixtures.parts(notice);
        assertThat(parts.text()).contains("Zoé Lefèvre-Dupont (zoe@example.com) a payé " + AMOUNT_FR,
                "Paiement Stripe\u00a0: pi_test_abc", RESERVATION_ID).doesNotContain("Attention");
    }

    @Test
    void operatorIsToldOfRefundsToo() throws Exception {
        new SmtpNotifier(settings().operator(OPERATOR).build()).notify(Fixtures.refund());

        MimeMessage[] notices = greenMail.getReceivedMessagesForDomain(OPERATOR);
        assertThat(notices).hasSize(1);
        assertThat(notices[0].getSubject()).startsWith("Réservation remboursée\u00a0: " + TITLE);
    }
}

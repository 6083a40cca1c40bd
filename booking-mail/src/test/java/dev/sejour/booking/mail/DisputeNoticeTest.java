package dev.sejour.booking.mail;

import static dev.sejour.booking.mail.Fixtures.AMOUNT_FR;
import static dev.sejour.booking.mail.Fixtures.BUYER_EMAIL;
import static dev.sejour.booking.mail.Fixtures.DISPUTE_ID;
import static dev.sejour.booking.mail.Fixtures.OPERATOR;
import static dev.sejour.booking.mail.Fixtures.RESERVATION_ID;
import static dev.sejour.booking.mail.Fixtures.TITLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.sejour.booking.spi.NotificationException;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The organiser's notices of disputes, in French by default, sent to the operator address only. */
class DisputeNoticeTest {

    @RegisterExtension
    static final GreenMailExtension greenMail =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    @BeforeEach
    void emptyMailboxes() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    private static SmtpSettings.Builder settings() {
        return SmtpSettings.builder()
                .host(greenMail.getSmtp().getBindTo())
                .port(greenMail.getSmtp().getPort())
                .security(SmtpSettings.Security.NONE)
                .from(Fixtures.FROM, "Séjours Dupont")
                .timeouts(java.time.Duration.ofSeconds(5));
    }

    private static MimeMessage onlyMessage() {
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        return received[0];
    }

    @Test
    void anOpenedDisputeReachesTheOrganiserOnlyInFrench() throws Exception {
        SmtpNotifier notifier = new SmtpNotifier(settings().operator(OPERATOR).build());
        assertThat(notifier.notifiesOrganiser()).isTrue();

        notifier.notify(Fixtures.dispute("needs_response", false));

        MimeMessage message = onlyMessage();
        assertThat(message.getRecipients(Message.RecipientType.TO))
                .extracting(a -> ((InternetAddress) a).getAddress()).containsExactly(OPERATOR);
        assertThat(((InternetAddress) message.getReplyTo()[0]).getAddress()).isEqualTo(BUYER_EMAIL);
        assertThat(message.getSubject()).isEqualTo("Litige ouvert\u00a0: " + TITLE + " – Zoé Lefèvre-Dupont");
        assertThat(message.getMessageID()).contains(RESERVATION_ID + ".dispute_opened.needs_response@");
        Fixtures.Parts parts = Fixtures.parts(message);
        assertThat(parts.text())
                .contains("Zoé Lefèvre-Dupont (" + BUYER_EMAIL + ") conteste auprès de sa banque le paiement de "
                        + AMOUNT_FR)
                .contains("Litige Stripe\u00a0: " + DISPUTE_ID)
                .contains("Motif\u00a0: fraudulent")
                .contains("Statut du litige\u00a0: needs_response")
                .contains("Statut de la réservation\u00a0: payee")
                .contains("à vous de décider");
        assertThat(parts.html()).contains(DISPUTE_ID).contains("Un paiement est contest");
    }

    @Test
    void anInquirySaysNoMoneyMovedYetAndItsEscalationThatTheFundsAreWithdrawn() throws Exception {
        SmtpNotifier notifier = new SmtpNotifier(settings().operator(OPERATOR).build());

        notifier.notify(Fixtures.dispute("warning_needs_response", false));
        MimeMessage inquiry = onlyMessage();
        assertThat(inquiry.getSubject()).isEqualTo("Alerte de litige\u00a0: " + TITLE + " – Zoé Lefèvre-Dupont");
        assertThat(Fixtures.parts(inquiry).text()).contains("Aucun fonds n’est retiré pour l’instant")
                .doesNotContain("Stripe retire ");

        greenMail.purgeEmailFromAllMailboxes();
        notifier.notify(Fixtures.dispute("needs_response", false));  // the bank escalated it: a chargeback
        MimeMessage chargeback = onlyMessage();
        assertThat(chargeback.getSubject()).startsWith("Litige ouvert\u00a0: ");
        assertThat(Fixtures.parts(chargeback).text()).contains("Stripe retire ");
    }

    @Test
    void aLostDisputeSaysSoWithAWarning() throws Exception {
        new SmtpNotifier(settings().operator(OPERATOR).build()).notify(Fixtures.dispute("lost", true));

        MimeMessage message = onlyMessage();
        assertThat(message.getSubject()).isEqualTo("Litige clos (perdu)\u00a0: " + TITLE + " – Zoé Lefèvre-Dupont");
        assertThat(Fixtures.parts(message).text())
                .contains("est clos\u00a0: perdu, les fonds restent à l’acheteur.")
                .contains("!! Les " + AMOUNT_FR + " contestés ne vous reviendront pas");
    }

    @Test
    void aWonDisputeInEnglish() throws Exception {
        new SmtpNotifier(settings().operator(OPERATOR).locale(Locale.ENGLISH).build())
                .notify(Fixtures.dispute("won", true));

        MimeMessage message = onlyMessage();
        assertThat(message.getSubject()).isEqualTo("Dispute closed (won): " + TITLE + " – Zoé Lefèvre-Dupont");
        assertThat(Fixtures.parts(message).text()).contains("is closed: won, the funds are returned to you.");
    }

    @Test
    void withoutAnOperatorAddressNothingIsOwedAndADisputeIsRefusedForGood() {
        SmtpNotifier notifier = new SmtpNotifier(settings().build());

        assertThat(notifier.notifiesOrganiser()).isFalse();
        assertThatThrownBy(() -> notifier.notify(Fixtures.dispute("needs_response", false)))
                .isInstanceOfSatisfying(NotificationException.class, e -> assertThat(e.permanent()).isTrue());
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void theEmlOutboxWritesTheNoticeForTheOrganiser(@TempDir Path dir) throws Exception {
        EmlOutboxNotifier notifier = new EmlOutboxNotifier(dir,
                MessageComposer.builder().from(Fixtures.FROM).operator(OPERATOR).build());

        notifier.notify(Fixtures.dispute("needs_response", false));

        assertThat(notifier.notifiesOrganiser()).isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactly(RESERVATION_ID + "-dispute_opened-operator.eml");
        }
    }
}

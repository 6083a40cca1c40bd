package dev.sejour.booking.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.sejour.booking.CheckoutRequest;
import dev.sejour.booking.CheckoutSession;
import dev.sejour.booking.Money;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.WebhookResult.Disposition;
import dev.sejour.booking.testkit.BookingTestRig;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A dispute from the Stripe simulator, through the core's webhook handling and notification threads, to the
 * organiser's mailbox in GreenMail: one notice when it opens, one when it closes, none for a duplicate.
 */
class DisputeDeliveryTest {

    private static final String SLUG = "yoga_aeroskobing";

    @RegisterExtension
    static final GreenMailExtension greenMail =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(true);

    @RegisterExtension
    final BookingTestRig rig = BookingTestRig.builder()
            .sejour(new Sejour(SLUG, Fixtures.TITLE, Money.of(90_000, "eur"), 10))
            .service(b -> b.notifier(new SmtpNotifier(SmtpSettings.builder()
                    .host(greenMail.getSmtp().getBindTo())
                    .port(greenMail.getSmtp().getPort())
                    .security(SmtpSettings.Security.NONE)
                    .from(Fixtures.FROM, "Séjours Dupont")
                    .operator(Fixtures.OPERATOR)
                    .timeouts(Duration.ofSeconds(5))
                    .build())))
            .build();

    private List<MimeMessage> toOrganiser(String subjectStart) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().startsWith(subjectStart);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private void settled() {
        await().atMost(Duration.ofSeconds(30)).until(() -> rig.booking().notificationsInFlight() == 0);
    }

    @Test
    void theOrganiserIsToldWhenADisputeOpensAndWhenItCloses() throws Exception {
        CheckoutSession checkout = rig.booking().startCheckout(
                new CheckoutRequest(SLUG, 2, Fixtures.BUYER_EMAIL, "Lefèvre-Dupont", "Zoé"));
        rig.deliver(rig.stripe().pay(checkout.stripeSessionId()));
        var opened = rig.stripe().openDispute(checkout.stripeSessionId(), "fraudulent");

        assertThat(rig.deliver(opened).disposition()).isEqualTo(Disposition.APPLIED);
        settled();
        assertThat(rig.deliver(opened).disposition()).isEqualTo(Disposition.DUPLICATE);
        settled();

        List<MimeMessage> openings = toOrganiser("Litige ouvert");
        assertThat(openings).hasSize(1);
        MimeMessage notice = openings.get(0);
        assertThat(notice.getRecipients(Message.RecipientType.TO))
                .extracting(a -> ((InternetAddress) a).getAddress()).containsExactly(Fixtures.OPERATOR);
        assertThat(Fixtures.parts(notice).text()).contains("Motif\u00a0: fraudulent")
                .contains("Référence\u00a0: " + checkout.reservationId());

        assertThat(rig.deliver(rig.stripe().closeDispute(checkout.stripeSessionId(), "won")).disposition())
                .isEqualTo(Disposition.APPLIED);
        settled();

        assertThat(toOrganiser("Litige clos (gagné)")).hasSize(1);
        assertThat(toOrganiser("Litige")).hasSize(2);
    }
}

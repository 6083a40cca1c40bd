package dev.sejour.booking.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.sejour.booking.spi.NotificationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmtpAuthenticationTest {

    private static final String GOOD_PASSWORD = "correct-horse-battery";
    private static final String BAD_PASSWORD = "wrong-password-1234";

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("organiser@sejours.example", "organiser",
                    GOOD_PASSWORD));

    private static SmtpSettings settings(String password) {
        return SmtpSettings.builder()
                .host(greenMail.getSmtp().getBindTo())
                .port(greenMail.getSmtp().getPort())
                .security(SmtpSettings.Security.NONE)
                .credentials("organiser", password)
                .from("organiser@sejours.example")
                .timeouts(Duration.ofSeconds(5))
                .build();
    }

    @Test
    void wrongPasswordIsATransientFailureWithAClearMessageAndNoPassword() {
        SmtpNotifier notifier = new SmtpNotifier(settings(BAD_PASSWORD));

        NotificationException e = catchThrowableOfType(NotificationException.class,
                () -> notifier.notify(Fixtures.confirmation()));

        assertThat(e.permanent()).isFalse();
        assertThat(e.getMessage()).startsWith("SMTP authentication failed for user organiser on ")
                .doesNotContain(BAD_PASSWORD, GOOD_PASSWORD);
        assertThat(notifier.toString()).doesNotContain(BAD_PASSWORD);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void rightPasswordSends() {
        new SmtpNotifier(settings(GOOD_PASSWORD)).notify(Fixtures.confirmation());

        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }
}

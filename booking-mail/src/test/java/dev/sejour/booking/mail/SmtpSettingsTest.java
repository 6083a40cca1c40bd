package dev.sejour.booking.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SmtpSettingsTest {

    @Test
    void gmailUsesStartTlsOn587AndSendsAsTheAccount() {
        SmtpSettings s = SmtpSettings.gmail("organisatrice@gmail.com", "abcd efgh ijkl mnop");

        assertThat(s.host()).isEqualTo("smtp.gmail.com");
        assertThat(s.port()).isEqualTo(587);
        assertThat(s.security()).isEqualTo(SmtpSettings.Security.STARTTLS);
        assertThat(s.username()).contains("organisatrice@gmail.com");
        assertThat(s.from().getAddress()).isEqualTo("organisatrice@gmail.com");
        assertThat(s.locale()).isEqualTo(Locale.FRENCH);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void toStringNeverShowsThePassword() {
        SmtpSettings s = SmtpSettings.gmail("organisatrice@gmail.com", "abcd efgh ijkl mnop");

        assertThat(s.toString()).doesNotContain("abcd").contains("password=****", "smtp.gmail.com");
        assertThat(new SmtpNotifier(s).toString()).doesNotContain("abcd");
    }

    @Test
    void environmentWithTheSeedsGmailVariables() {
        SmtpSettings s = SmtpSettings.fromEnvironment(Map.of(
                "GMAIL_USER", "organisatrice@gmail.com", "GMAIL_PASS", "app-password",
                "MAIL_OPERATOR", "bureau@sejours.example")).orElseThrow();

        assertThat(s.host()).isEqualTo("smtp.gmail.com");
        assertThat(s.from().getAddress()).isEqualTo("organisatrice@gmail.com");
        assertThat(s.operator()).hasValueSatisfying(a -> assertThat(a.getAddress()).isEqualTo("bureau@sejours.example"));
    }

    @Test
    void environmentWithSmtpVariables() {
        SmtpSettings s = SmtpSettings.fromEnvironment(Map.of(
                "SMTP_HOST", "smtp.sejours.example", "SMTP_PORT", "465", "SMTP_USER", "apikey",
                "SMTP_PASSWORD", "secret", "MAIL_FROM", "Séjours Dupont <contact@sejours.example>",
                "MAIL_REPLY_TO", "reponses@sejours.example", "MAIL_LOCALE", "en-GB",
                "GMAIL_USER", "ignored@gmail.com")).orElseThrow();

        assertThat(s.host()).isEqualTo("smtp.sejours.example");
        assertThat(s.port()).isEqualTo(465);
        assertThat(s.security()).isEqualTo(SmtpSettings.Security.SSL);
        assertThat(s.username()).contains("apikey");
        assertThat(s.from().getAddress()).isEqualTo("contact@sejours.example");
        assertThat(s.from().getPersonal()).isEqualTo("Séjours Dupont");
        assertThat(s.replyTo()).hasValueSatisfying(a -> assertThat(a.getAddress()).isEqualTo("reponses@sejours.example"));
        assertThat(s.locale()).isEqualTo(Locale.UK);
    }

    @Test
    void environmentWithALocalServerWithoutLogin() {
        SmtpSettings s = SmtpSettings.fromEnvironment(Map.of(
                "SMTP_HOST", "localhost", "SMTP_PORT", "1025", "SMTP_SECURITY", "none",
                "MAIL_FROM", "demo@localhost.example")).orElseThrow();

        assertThat(s.security()).isEqualTo(SmtpSettings.Security.NONE);
        assertThat(s.username()).isEmpty();
        assertThat(SmtpNotifier.sessionProperties(s)).containsEntry("mail.smtp.auth", "false")
                .doesNotContainKey("mail.smtp.starttls.enable");
    }

    @Test
    void nothingConfiguredIsEmptyAndBlankValuesCountAsUnset() {
        assertThat(SmtpSettings.fromEnvironment(Map.of())).isEmpty();
        // The seed's .env has "GMAIL_USER=" lines.
        assertThat(SmtpSettings.fromEnvironment(Map.of("GMAIL_USER", "", "GMAIL_PASS", " ", "SMTP_HOST", ""))).isEmpty();
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> SmtpSettings.fromEnvironment(Map.of(
                "SMTP_HOST", "smtp.example", "SMTP_PORT", "five-eight-seven", "MAIL_FROM", "a@b.example")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SMTP_PORT").hasMessageContaining("five-eight-seven");
        assertThatThrownBy(() -> SmtpSettings.fromEnvironment(Map.of(
                "SMTP_HOST", "smtp.example", "SMTP_PORT", "70000", "MAIL_FROM", "a@b.example")))
                .hasMessageContaining("SMTP_PORT");
        assertThatThrownBy(() -> SmtpSettings.fromEnvironment(Map.of(
                "SMTP_HOST", "smtp.example", "SMTP_SECURITY", "tls-maybe", "MAIL_FROM", "a@b.example")))
                .hasMessageContaining("SMTP_SECURITY");
        assertThatThrownBy(() -> SmtpSettings.fromEnvironment(Map.of("GMAIL_USER", "x@gmail.com")))
                .hasMessageContaining("GMAIL_PASS");
        assertThatThrownBy(() -> SmtpSettings.fromEnvironment(Map.of(
                "SMTP_HOST", "smtp.example", "SMTP_USER", "u", "SMTP_PASSWORD", "secret-pw")))
                .hasMessageContaining("MAIL_FROM").hasMessageNotContaining("secret-pw");
        assertThatThrownBy(() -> SmtpSettings.fromEnvironment(Map.of(
                "GMAIL_USER", "x@gmail.com", "GMAIL_PASS", "p", "MAIL_OPERATOR", "bureau@@example")))
                .hasMessageContaining("MAIL_OPERATOR");
    }

    @Test
    void sessionPropertiesCarryTimeoutsAndSecurityButNoPassword() {
        SmtpSettings starttls = SmtpSettings.gmail("organisatrice@gmail.com", "app-password")
                .newBuilder().connectTimeout(Duration.ofSeconds(3)).readTimeout(Duration.ofSeconds(4))
                .writeTimeout(Duration.ofSeconds(5)).build();
        Properties p = SmtpNotifier.sessionProperties(starttls);

        assertThat(p).containsEntry("mail.smtp.connectiontimeout", "3000")
                .containsEntry("mail.smtp.timeout", "4000")
                .containsEntry("mail.smtp.writetimeout", "5000")
                .containsEntry("mail.smtp.auth", "true")
                .containsEntry("mail.smtp.starttls.enable", "true")
                .containsEntry("mail.smtp.starttls.required", "true")
                .doesNotContainKey("mail.smtp.ssl.enable");
        assertThat(p.values()).doesNotContain("app-password");

        Properties ssl = SmtpNotifier.sessionProperties(starttls.newBuilder()
                .security(SmtpSettings.Security.SSL).port(465).build());
        assertThat(ssl).containsEntry("mail.smtp.ssl.enable", "true").containsEntry("mail.smtp.port", "465")
                .doesNotContainKey("mail.smtp.starttls.enable");
    }

    @Test
    void builderRejectsIncompleteSettings() {
        assertThatThrownBy(() -> SmtpSettings.builder().from("a@b.example").build()).hasMessageContaining("host");
        assertThatThrownBy(() -> SmtpSettings.builder().host("h").username("user").password("pw").build())
                .hasMessageContaining("from");
        assertThatThrownBy(() -> SmtpSettings.builder().host("h").from("a@b.example").username("u").build())
                .hasMessageContaining("without a password");
        assertThatThrownBy(() -> SmtpSettings.builder().host("h").from("a@b.example\r\nBcc: x@y.example"))
                .hasMessageContaining("not a valid e-mail address");
        assertThat(SmtpSettings.builder().host("h").from("a@b.example").security(SmtpSettings.Security.SSL)
                .build().port()).isEqualTo(465);
    }
}

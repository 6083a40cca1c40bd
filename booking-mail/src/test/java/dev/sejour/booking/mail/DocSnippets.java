package dev.sejour.booking.mail;

import dev.sejour.booking.BookingService;
import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.spi.Notifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** Code docs/mail.md shows, compiled against the real API (checked by the examples' DocSnippetsTest); never run. */
@SuppressWarnings("unused")
final class DocSnippets {

    private DocSnippets() {
    }

    static void settings() {
        // tag::mail-settings[]
        SmtpSettings settings = SmtpSettings.builder()
                .host("smtp.example.org")
                .port(587)                                   // 0 or unset: the security's usual port
                .security(SmtpSettings.Security.STARTTLS)     // NONE, STARTTLS (default) or SSL
                .credentials("contact@sejours.example", System.getenv("SMTP_PASSWORD"))
                .from("contact@sejours.example", "Séjours Dupont")
                .replyTo("reponses@sejours.example")          // optional
                .operator("bureau@sejours.example")           // optional: the organiser's notices
                .timeouts(Duration.ofSeconds(10))              // connect, read and write; default 10 s each
                .locale(Locale.FRENCH)                         // default
                .build();

        BookingService service = BookingService.builder()
                // stores, Stripe keys, base URL …
                .notifier(new SmtpNotifier(settings))
                .build();
        // end::mail-settings[]
    }

    static void gmail(String appPassword) {
        // tag::mail-gmail[]
        SmtpSettings settings = SmtpSettings.gmail("organisatrice@gmail.com", appPassword);
        // end::mail-gmail[]
    }

    static void environment() {
        // tag::mail-environment[]
        Notifier notifier = SmtpSettings.fromEnvironment(System.getenv())
                .<Notifier>map(SmtpNotifier::new)
                .orElseGet(() -> EmlOutboxNotifier.create(Path.of("outbox"), "demo@sejours.example"));
        // end::mail-environment[]
    }

    static void templates(SmtpSettings settings) {
        // tag::mail-templates[]
        DefaultMessageTemplates defaults = new DefaultMessageTemplates();
        MessageTemplates branded = new MessageTemplates() {
            @Override
            public MailContent buyerMessage(Notification n, Locale locale) {
                MailContent c = defaults.buyerMessage(n, locale);
                return c.withSubject("[Séjours Dupont] " + c.subject());
            }

            @Override
            public MailContent operatorNotice(Notification n, Locale locale, boolean buyerReached) {
                return defaults.operatorNotice(n, locale, buyerReached);
            }
        };
        Notifier notifier = new SmtpNotifier(settings, branded);
        // end::mail-templates[]
    }

    static void outbox() {
        // tag::mail-outbox[]
        Notifier notifier = EmlOutboxNotifier.create(Path.of("outbox"), "demo@sejours.example");
        // or, with every option of the composer:
        Notifier composed = new EmlOutboxNotifier(Path.of("outbox"), MessageComposer.builder()
                .from("demo@sejours.example", "Séjours Dupont")
                .operator("bureau@sejours.example")
                .locale(Locale.ENGLISH)
                .build());
        // end::mail-outbox[]
    }
}

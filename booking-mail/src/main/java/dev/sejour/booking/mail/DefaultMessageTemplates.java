package dev.sejour.booking.mail;

import static dev.sejour.booking.mail.MailFormat.escapeHtml;

import dev.sejour.booking.Dispute;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.spi.Notification;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * The library's wording and look: a short plain-text message and the same in a simple inline-styled HTML
 * page. The words come from the resource bundle {@code dev.sejour.booking.mail.messages} (French, the
 * default, and English); add {@code messages_de.properties} and so on to the classpath for other
 * languages, or point {@link #DefaultMessageTemplates(String, ClassLoader)} at bundles of your own with the
 * same keys. A locale without a bundle gets French, whatever the JVM's default locale.
 */
public class DefaultMessageTemplates implements MessageTemplates {

    /** The bundle of the library's own messages. */
    public static final String BUNDLE = "dev.sejour.booking.mail.messages";

    // No fallback to the JVM's default locale: a server running in en_US must still write French by default.
    private static final ResourceBundle.Control CONTROL =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final String bundleName;
    private final ClassLoader loader;

    /** The library's messages. */
    public DefaultMessageTemplates() {
        this(BUNDLE, DefaultMessageTemplates.class.getClassLoader());
    }

    /** Messages from another bundle with the same keys as {@code messages.properties}. */
    public DefaultMessageTemplates(String bundleName, ClassLoader loader) {
        this.bundleName = Objects.requireNonNull(bundleName, "bundleName");
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    @Override
    public MailContent buyerMessage(Notification notification, Locale locale) {
        Words w = words(locale);
        Reservation r = notification.reservation();
        String prefix = notification.kind() == Notification.Kind.CONFIRMATION ? "confirmation" : "refund";
        String title = oneLine(notification.sejourTitle());
        String amount = MailFormat.formatAmount(r.amount(), locale);
        String places = w.format("places", r.places());
        String name = oneLine(MailFormat.buyerName(r.buyer()));

        Page page = new Page(w);
        page.heading(w.format(prefix + ".heading"));
        page.paragraph(name.isEmpty() ? w.format("greeting.anonymous") : w.format("greeting", name));
        page.paragraph(w.format(prefix + ".intro", title, amount, places));
        page.row("label.sejour", title);
        page.row("label.places", String.valueOf(r.places()));
        page.row("label.amount", amount);
        page.row("label.reference", r.id());
        if (notification.kind() == Notification.Kind.CONFIRMATION) {
            page.row("label.slug", r.sejourSlug());
        }
        page.note(w.format(prefix + ".outro"));
        return page.content(w.format(prefix + ".subject", title), locale);
    }

    @Override
    public MailContent operatorNotice(Notification notification, Locale locale, boolean buyerReached) {
        Words w = words(locale);
        Reservation r = notification.reservation();
        String prefix = notification.kind() == Notification.Kind.CONFIRMATION
                ? "operator.confirmation" : "operator.refund";
        String title = oneLine(notification.sejourTitle());
        String amount = MailFormat.formatAmount(r.amount(), locale);
        String places = w.format("places", r.places());
        String name = oneLine(MailFormat.buyerName(r.buyer()));

        Page page = new Page(w);
        page.heading(w.format(prefix + ".heading"));
        page.paragraph(w.format(prefix + ".intro", title, amount, places, name, oneLine(r.buyer().email())));
        if (!buyerReached) {
            page.warning(w.format("operator.buyerNotReached"));
        }
        page.row("label.sejour", title);
        page.row("label.slug", r.sejourSlug());
        page.row("label.places", String.valueOf(r.places()));
        page.row("label.amount", amount);
        page.row("label.buyer", name);
        page.row("label.email", oneLine(r.buyer().email()));
        page.row("label.reference", r.id());
        if (r.paymentIntentId() != null) {
            page.row("label.payment", r.paymentIntentId());
        } else if (r.stripeSessionId() != null) {
            page.row("label.payment", r.stripeSessionId());
        }
        return page.content(w.format(prefix + ".subject", title, places, name), locale);
    }

    @Override
    public MailContent disputeNotice(Notification notification, Locale locale) {
        Words w = words(locale);
        Reservation r = notification.reservation();
        Dispute d = Objects.requireNonNull(r.dispute(), "the reservation has no dispute");
        boolean closed = notification.kind() == Notification.Kind.DISPUTE_CLOSED;
        // An inquiry (an early warning) has moved no money yet; a chargeback has, and an escalated inquiry is
        // told as the chargeback it became.
        String prefix = closed ? "dispute.closed" : d.inquiry() ? "dispute.inquiry" : "dispute.opened";
        String title = oneLine(notification.sejourTitle());
        String amount = MailFormat.formatAmount(r.amount(), locale);
        String disputed = MailFormat.formatAmount(d.amount(), locale);
        String places = w.format("places", r.places());
        String name = oneLine(MailFormat.buyerName(r.buyer()));
        boolean known = List.of("won", "lost", "warning_closed", "prevented").contains(d.status());
        String outcome = known ? w.format("dispute.outcome." + d.status()) : oneLine(d.status());
        String result = known ? w.format("dispute.result." + d.status()) : oneLine(d.status());

        Page page = new Page(w);
        page.heading(w.format(prefix + ".heading"));
        page.paragraph(w.format(prefix + ".intro", title, amount, places, name, oneLine(r.buyer().email()), disputed,
                outcome));
        if (closed && "lost".equals(d.status())) {
            page.warning(w.format("dispute.closed.lost", title, amount, places, name, oneLine(r.buyer().email()),
                    disputed, outcome));
        }
        page.row("label.sejour", title);
        page.row("label.places", String.valueOf(r.places()));
        page.row("label.amount", amount);
        page.row("label.buyer", name);
        page.row("label.email", oneLine(r.buyer().email()));
        page.row("label.reference", r.id());
        page.row("label.status", r.status().code());
        page.row("label.dispute", d.id());
        page.row("label.disputeAmount", disputed);
        page.row("label.disputeReason", d.reason() == null ? "-" : oneLine(d.reason()));
        page.row("label.disputeStatus", oneLine(d.status()));
        if (r.paymentIntentId() != null) {
            page.row("label.payment", r.paymentIntentId());
        }
        page.note(w.format(prefix + ".outro"));
        return page.content(w.format(prefix + ".subject", title, name, result), locale);
    }

    /** User-supplied text on one line: a line break in a name must not shape the message. */
    private static String oneLine(String value) {
        return HeaderText.clean(value);
    }

    /** The bundle for the locale, French when there is none for it. */
    protected ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle(bundleName, locale, loader, CONTROL);
    }

    private Words words(Locale locale) {
        return new Words(bundle(locale), locale);
    }

    /** Patterns of the bundle, formatted for the locale. */
    private record Words(ResourceBundle bundle, Locale locale) {
        String format(String key, Object... args) {
            return new MessageFormat(bundle.getString(key), locale).format(args);
        }
    }

    /** The message as a list of blocks, written out once as text and once as HTML. */
    private static final class Page {
        private static final String FONT = "font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;";

        private final Words words;
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder html = new StringBuilder();
        private final List<String[]> rows = new ArrayList<>();
        private String heading = "";

        Page(Words words) {
            this.words = words;
        }

        void heading(String value) {
            heading = value;
        }

        void paragraph(String value) {
            text.append(value).append("\n\n");
            html.append("<p style=\"margin:0 0 16px;\">").append(escapeHtml(value)).append("</p>\n");
        }

        void warning(String value) {
            text.append("!! ").append(value).append("\n\n");
            html.append("<p style=\"margin:0 0 16px;padding:12px;background:#fef2f2;border-left:4px solid #dc2626;"
                    + "color:#991b1b;\">").append(escapeHtml(value)).append("</p>\n");
        }

        void row(String labelKey, String value) {
            rows.add(new String[] {words.format(labelKey), value});
        }

        void note(String value) {
            flushRows();
            text.append(value).append('\n');
            html.append("<p style=\"margin:16px 0 0;color:#6b7280;font-size:14px;\">").append(escapeHtml(value))
                    .append("</p>\n");
        }

        MailContent content(String subject, Locale locale) {
            flushRows();
            String body = "<!DOCTYPE html>\n<html lang=\"" + escapeHtml(locale.toLanguageTag()) + "\">\n"
                    + "<head><meta charset=\"UTF-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    + "<title>" + escapeHtml(subject) + "</title></head>\n"
                    + "<body style=\"margin:0;padding:0;background:#f4f4f5;\">\n"
                    + "<div style=\"max-width:560px;margin:0 auto;padding:24px;background:#ffffff;color:#1f2937;"
                    + "font-size:16px;line-height:1.5;" + FONT + "\">\n"
                    + "<h1 style=\"margin:0 0 16px;font-size:20px;\">" + escapeHtml(heading) + "</h1>\n"
                    + html
                    + "</div>\n</body>\n</html>\n";
            return new MailContent(subject, text.toString().stripTrailing() + "\n", body);
        }

        private void flushRows() {
            if (rows.isEmpty()) {
                return;
            }
            String separator = words.format("separator");
            html.append("<table role=\"presentation\" style=\"border-collapse:collapse;width:100%;margin:0 0 16px;\">\n");
            for (String[] row : rows) {
                text.append(row[0]).append(separator).append(row[1]).append('\n');
                html.append("<tr><th scope=\"row\" style=\"text-align:left;padding:6px 12px 6px 0;color:#6b7280;"
                        + "font-weight:normal;vertical-align:top;white-space:nowrap;\">").append(escapeHtml(row[0]))
                        .append("</th><td style=\"padding:6px 0;font-weight:bold;word-break:break-all;overflow-wrap:anywhere;\">").append(escapeHtml(row[1]))
                        .append("</td></tr>\n");
            }
            html.append("</table>\n");
            text.append('\n');
            rows.clear();
        }
    }
}

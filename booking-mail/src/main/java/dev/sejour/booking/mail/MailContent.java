package dev.sejour.booking.mail;

import java.util.Objects;

/**
 * The words of one message, before it becomes MIME.
 *
 * @param subject the subject, on one line (line breaks are removed anyway before it becomes a header)
 * @param text the plain-text body
 * @param html the HTML body, every user-supplied value escaped; null for a plain-text message
 */
public record MailContent(String subject, String text, String html) {

    public MailContent {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }

    public MailContent withSubject(String newSubject) {
        return new MailContent(newSubject, text, html);
    }
}

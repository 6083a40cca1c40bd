/**
 * E-mail for séjour booking: {@link dev.sejour.booking.mail.SmtpNotifier} sends the buyer's confirmation
 * and refund notices over SMTP (Jakarta Mail), {@link dev.sejour.booking.mail.EmlOutboxNotifier} writes
 * them as {@code .eml} files for demos. Both build their messages with a
 * {@link dev.sejour.booking.mail.MessageComposer} and {@link dev.sejour.booking.mail.MessageTemplates}.
 *
 * <p>Nullness: nothing is null unless marked {@link org.jspecify.annotations.Nullable @Nullable} (JSpecify).
 */
@NullMarked
package dev.sejour.booking.mail;

import org.jspecify.annotations.NullMarked;

package dev.sejour.booking.mail;

import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.spi.NotificationException;
import dev.sejour.booking.spi.Notifier;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each message to a directory as an RFC 822 {@code .eml} file instead of sending it: for demos and
 * development without an SMTP server. Any mail client opens the files.
 *
 * <p>Files are named {@code <timestamp>-<reservationId>-<kind>.eml} ({@code …-operator.eml} for the
 * organiser's notice) and appear whole: each is written to a temporary file and then moved into place.
 */
public final class EmlOutboxNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(EmlOutboxNotifier.class);
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern NOT_FILE_SAFE = Pattern.compile("[^A-Za-z0-9_.-]");

    private final Path directory;
    private final MessageComposer composer;
    private final Session session = Session.getInstance(new Properties());

    /** Writes the messages {@code composer} builds into {@code directory}, created when first needed. */
    public EmlOutboxNotifier(Path directory, MessageComposer composer) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.composer = Objects.requireNonNull(composer, "composer");
    }

    /** With the default templates, in French, from {@code from}. */
    public static EmlOutboxNotifier create(Path directory, String from) {
        return new EmlOutboxNotifier(directory, MessageComposer.builder().from(from).build());
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void notify(Notification notification) {
        String reservationId = notification.reservation().id();
        String base = TIMESTAMP.format(composer.clock().instant()) + "-"
                + NOT_FILE_SAFE.matcher(reservationId).replaceAll("_") + "-"
                + notification.kind().name().toLowerCase(Locale.ROOT);
        MimeMessage message;
        try {
            message = composer.buyerMessage(session, notification);
        } catch (AddressException e) {
            writeOperatorNotice(notification, base, false);
            throw new NotificationException("Invalid buyer e-mail address for reservation " + reservationId + ": "
                    + SmtpFailures.describe(e), e, true);
        } catch (MessagingException e) {
            throw new NotificationException("Could not build the message for reservation " + reservationId, e, false);
        }
        try {
            write(message, base + ".eml");
        } catch (IOException | MessagingException e) {
            throw new NotificationException("Could not write the message for reservation " + reservationId
                    + " to " + directory + ": " + SmtpFailures.describe(e), e, false);
        }
        writeOperatorNotice(notification, base, true);
    }

    private void writeOperatorNotice(Notification notification, String base, boolean buyerReached) {
        try {
            Optional<MimeMessage> notice = composer.operatorNotice(session, notification, buyerReached);
            if (notice.isPresent()) {
                write(notice.get(), base + "-operator.eml");
            }
        } catch (IOException | MessagingException | RuntimeException e) {
            LOG.warn("The organiser's notice for reservation {} was not written: {}",
                    notification.reservation().id(), SmtpFailures.describe(e));
        }
    }

    private void write(MimeMessage message, String fileName) throws IOException, MessagingException {
        Files.createDirectories(directory);
        Path target = directory.resolve(fileName);
        Path temp = Files.createTempFile(directory, "." + fileName, ".part");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                message.writeTo(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        LOG.info("Wrote {}", target);
    }
}

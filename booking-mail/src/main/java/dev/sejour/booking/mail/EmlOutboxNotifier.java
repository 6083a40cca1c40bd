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
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * <p>One file per notification, named by reservation and kind: {@code <reservationId>-<kind>.eml}
 * ({@code <reservationId>-<kind>-operator.eml} for the organiser's notice), e.g.
 * {@code res_42-confirmation.eml}. Delivery is idempotent: a notification whose file is already there is
 * not written again, so the same notification delivered twice (a redelivered webhook, a retry after the
 * process died between writing the file and recording the delivery) leaves one file. Each file appears
 * whole or not at all: it is written to a hidden temporary file ({@code .…part}), forced to disk, then
 * moved into place atomically; a process killed half-way leaves at most a {@code .part} file, which mail
 * clients ignore.
 */
public final class EmlOutboxNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(EmlOutboxNotifier.class);
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

    /** True when the composer has an operator address: disputes are written for it. */
    @Override
    public boolean notifiesOrganiser() {
        return composer.operator().isPresent();
    }

    @Override
    public void notify(Notification notification) {
        String reservationId = notification.reservation().id();
        String base = baseName(notification);
        if (notification.kind().forOrganiser()) {
            try {
                write(composer.disputeNotice(session, notification), base + "-operator.eml");
            } catch (IOException | MessagingException e) {
                throw new NotificationException("Could not write the organiser's notice for reservation "
                        + reservationId + " to " + directory + ": " + SmtpFailures.describe(e), e, false);
            }
            return;
        }
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

    /** The file name of a notification, without {@code .eml}: {@code <reservationId>-<kind>}. */
    static String baseName(Notification notification) {
        return NOT_FILE_SAFE.matcher(notification.reservation().id()).replaceAll("_") + "-"
                + notification.kind().name().toLowerCase(Locale.ROOT);
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
        if (Files.exists(target)) {
            LOG.info("{} is already in the outbox: this notification was delivered before", target);
            return;
        }
        Path temp = Files.createTempFile(directory, "." + fileName, ".part");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                message.writeTo(out);
                out.flush();
                channel.force(true); // the content is on disk before the name appears
            }
            try {
                // Two deliveries racing both end here: the second rename replaces the first file with the
                // same message, still one file.
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory();
        } finally {
            Files.deleteIfExists(temp);
        }
        LOG.info("Wrote {}", target);
    }

    // Makes the new name itself durable (Linux, macOS); a file system that cannot open a directory skips it.
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Could not fsync the directory {}: {}", directory, e.toString());
        }
    }
}

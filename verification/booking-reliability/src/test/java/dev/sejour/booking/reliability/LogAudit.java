package dev.sejour.booking.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Reads every log line written so far (slf4j-simple writes them all to the file named by
 * {@code org.slf4j.simpleLogger.logFile}, set by the build) and fails on a secret key, a webhook secret or a
 * card number. Registered on every test class, so a leak fails the class that caused it (or the next one).
 */
final class LogAudit implements AfterAllCallback {

    private static final Pattern SECRET = Pattern.compile("(?:sk|rk)_(?:test|live)_[A-Za-z0-9]{6,}|whsec_[A-Za-z0-9]{6,}");
    private static final Pattern CARD = Pattern.compile("(?<![0-9A-Za-z_])[3-6](?:[ -]?\\d){14,15}(?![0-9A-Za-z_])");

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        assertNoSecretsLogged();
    }

    /** How many log lines were audited; 0 when the build did not send logs to a file. */
    static int assertNoSecretsLogged() throws IOException {
        String file = System.getProperty("org.slf4j.simpleLogger.logFile");
        if (file == null || file.equals("System.err") || file.equals("System.out")) {
            return 0; // run from an IDE without the build's settings: nothing to audit
        }
        assertThat(Path.of(file)).as("the log file the build asked slf4j-simple for").exists();
        List<String> lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        List<String> leaks = new ArrayList<>();
        for (String line : lines) {
            if (line.contains(BookingNode.SECRET_KEY) || line.contains(BookingNode.WEBHOOK_SECRET)
                    || SECRET.matcher(line).find() || containsCardNumber(line) || line.contains("Bearer ")) {
                leaks.add(line);
            }
        }
        assertThat(leaks).as("log lines with a secret or card data (of %d lines in %s)", lines.size(), file).isEmpty();
        return lines.size();
    }

    static boolean containsCardNumber(String text) {
        Matcher m = CARD.matcher(text);
        while (m.find()) {
            String digits = m.group().replaceAll("[ -]", "");
            // Card brands' lengths (Amex 15, the others 16) passing Luhn's check.
            if (luhn(digits)) {
                return true;
            }
        }
        return false;
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}

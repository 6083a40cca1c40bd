package dev.sejour.booking.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.sejour.booking.Buyer;
import dev.sejour.booking.EmailAddresses;
import dev.sejour.booking.Money;
import jakarta.mail.internet.AddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seeded fuzz of the one address rule: random mutations of valid addresses (dots, hyphens, specials,
 * brackets, quotes, look-alikes, controls, long labels). Every address the checkout accepts (as it accepts
 * it: stripped, domain lower-cased) passes the notifier's strict parser, and a sample is received by a real
 * SMTP server (GreenMail); the notifier refuses what the checkout refuses, but for two harmless kinds.
 */
class AddressRuleFuzzTest {

    @RegisterExtension
    static final GreenMailExtension greenMail =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    private static final String[] PIECES = {"a", "Z", "0", "9", ".", "..", "-", "_", "+", "'", "!", "#", "$", "%",
        "&", "*", "/", "=", "?", "^", "`", "{", "}", "|", "~", "@", "\"", " ", "(", ")", "[", "]", "<", ">", ",", ";",
        ":", "\\", "\t", "\r\n", "\u0000", "é", "а", "\u200b", "\u00a0", "ｂ", "xn--", "=?utf-8?q?", "?="};

    @Test
    void theCheckoutAndTheNotifierAgreeOnEveryAddress() throws Exception {
        long seed = Long.getLong("booking.fuzz.seed", 12L);
        Random random = new Random(seed);
        Set<String> candidates = new LinkedHashSet<>();
        String[] bases = {"camille@example.org", "o.brien@sub.example.co.uk", "x@a1.fr", "ab-cd@x-y.fr"};
        while (candidates.size() < 20_000) {
            StringBuilder s = new StringBuilder(bases[random.nextInt(bases.length)]);
            int edits = 1 + random.nextInt(3);
            for (int i = 0; i < edits; i++) {
                int at = random.nextInt(s.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> s.insert(at, PIECES[random.nextInt(PIECES.length)]);
                    case 1 -> { if (at < s.length()) s.deleteCharAt(at); }
                    default -> { if (at < s.length()) s.setCharAt(at, PIECES[random.nextInt(PIECES.length)].charAt(0)); }
                }
            }
            if (random.nextInt(20) == 0) {
                s.insert(s.indexOf("@") + 1, "l".repeat(60 + random.nextInt(8)) + ".");
            }
            candidates.add(s.toString());
        }
        List<String> acceptedButRefusedByMailer = new ArrayList<>();
        List<String> refusedButAcceptedByMailer = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (String typed : candidates) {
            String stripped = typed.strip();
            boolean checkout = !stripped.isEmpty() && EmailAddresses.isValid(stripped);
            String stored = checkout ? EmailAddresses.normalize(stripped) : stripped;
            boolean mailer;
            try {
                Addresses.strict(stored);
                mailer = true;
            } catch (AddressException e) {
                mailer = false;
            }
            if (checkout && !mailer) {
                acceptedButRefusedByMailer.add(stored);
            } else if (!checkout && mailer) {
                refusedButAcceptedByMailer.add(stored);
            }
            if (checkout) {
                accepted.add(stored);
            }
        }
        assertThat(acceptedButRefusedByMailer).as("accepted at checkout, refused by the notifier (seed %d)", seed)
                .isEmpty();
        // The other way round is looser, and harmless: the notifier also takes internationalised domains (for
        // the organiser's own addresses) and Jakarta Mail's parser skips a leading or trailing ',' or ';'.
        assertThat(refusedButAcceptedByMailer).as("refused at checkout, accepted by the notifier (seed %d)", seed)
                .allSatisfy(a -> assertThat(a.chars().anyMatch(c -> c > 0x7f) || a.matches("[,;].*|.*[,;]"))
                        .as(a).isTrue());
        assertThat(accepted).hasSizeGreaterThan(100);

        SmtpNotifier notifier = new SmtpNotifier(SmtpSettings.builder()
                .host(greenMail.getSmtp().getBindTo())
                .port(greenMail.getSmtp().getPort())
                .security(SmtpSettings.Security.NONE)
                .from(Fixtures.FROM, "Séjours Dupont")
                .timeouts(Duration.ofSeconds(5))
                .build());
        List<String> sample = accepted.subList(0, Math.min(150, accepted.size()));
        for (String address : sample) {
            greenMail.purgeEmailFromAllMailboxes();
            notifier.notify(Fixtures.confirmation(new Buyer("Martin", "Camille", address), Money.of(90_000, "eur"),
                    "Stage"));
            assertThat(greenMail.getReceivedMessages()).as(address).singleElement().satisfies(m ->
                    assertThat(m.getAllRecipients()).extracting(Object::toString)
                            .singleElement().asString().endsWith("<" + address + ">"));
        }
    }
}

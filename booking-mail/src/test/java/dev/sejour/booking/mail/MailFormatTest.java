package dev.sejour.booking.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.Money;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class MailFormatTest {

    @Test
    void euroInFrenchUsesTheNoBreakSpacesOfCldr() {
        assertThat(MailFormat.formatAmount(Money.of(180_000, "eur"), Locale.FRENCH)).isEqualTo("1\u202f800,00\u00a0€");
        assertThat(MailFormat.formatAmount(Money.of(900, "eur"), Locale.FRENCH)).isEqualTo("9,00\u00a0€");
    }

    @Test
    void euroInEnglish() {
        assertThat(MailFormat.formatAmount(Money.of(180_000, "eur"), Locale.ENGLISH)).isEqualTo("€1,800.00");
    }

    @Test
    void zeroDecimalCurrenciesCountMajorUnits() {
        assertThat(MailFormat.formatAmount(Money.of(18_000, "jpy"), Locale.ENGLISH)).isEqualTo("¥18,000");
        assertThat(MailFormat.formatAmount(Money.of(18_000, "jpy"), Locale.FRENCH)).isEqualTo("18\u202f000\u00a0JPY");
    }

    @Test
    void threeDecimalCurrencies() {
        assertThat(MailFormat.formatAmount(Money.of(12_340, "kwd"), Locale.ENGLISH)).contains("12.340");
    }

    @Test
    void islandicKronaIsTwoDecimalInStripeButShownWithoutDecimals() {
        // Stripe: ISK amounts are two-decimal in the API (always ending in 00); Java shows ISK with none.
        assertThat(MailFormat.formatAmount(Money.of(1_500_00, "isk"), Locale.ENGLISH)).isEqualTo("ISK1,500");
    }

    @Test
    void currencyUnknownToJavaStaysReadable() {
        assertThat(MailFormat.formatAmount(Money.of(1_234, "xyz"), Locale.FRENCH)).isEqualTo("12.34 XYZ");
    }

    @Test
    void escapesHtml() {
        assertThat(MailFormat.escapeHtml("<a href=\"x\">Tom & Jerry's</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
    }

    @Test
    void headerTextLosesLineBreaks() {
        assertThat(HeaderText.clean("Eve\r\nBcc: victim@example.com\u2028x")).isEqualTo("Eve Bcc: victim@example.com x");
    }
}

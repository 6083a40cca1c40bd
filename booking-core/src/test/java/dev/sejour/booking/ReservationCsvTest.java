package dev.sejour.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ReservationCsvTest {

    @Test
    void cellsASpreadsheetWouldRunAsFormulasStartWithAnApostrophe() {
        assertThat(ReservationCsv.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(ReservationCsv.cell("+33 6")).isEqualTo("'+33 6");
        assertThat(ReservationCsv.cell("-2")).isEqualTo("'-2");
        assertThat(ReservationCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(ReservationCsv.cell("\tcmd")).isEqualTo("'\tcmd");
        assertThat(ReservationCsv.cell("Jean-Pierre")).isEqualTo("Jean-Pierre");
        assertThat(ReservationCsv.cell("")).isEmpty();
    }

    @Test
    void separatorsQuotesAndLineBreaksAreQuotedAsRfc4180Says() {
        assertThat(ReservationCsv.cell("a;b")).isEqualTo("\"a;b\"");
        assertThat(ReservationCsv.cell("dit \"Léo\"")).isEqualTo("\"dit \"\"Léo\"\"\"");
        assertThat(ReservationCsv.cell("l1\nl2")).isEqualTo("\"l1\nl2\"");
        assertThat(ReservationCsv.cell("\rx")).isEqualTo("\"'\rx\"");
    }

    @Test
    void aLineHasFrenchAmountsLocalTimesAndEmptyCellsForWhatIsMissing() {
        StringBuilder out = new StringBuilder();
        Reservation pending = Reservation.pending("res_1", "yoga", new Buyer("Dupont", "Zoé", "zoe@example.com"), 3,
                Money.of(135_050, "eur"), Instant.parse("2026-07-01T08:30:00Z"), Instant.parse("2026-07-01T09:01:00Z"));

        ReservationCsv.start(out, ZoneId.of("Europe/Paris")).write(pending);

        assertThat(out.toString()).endsWith(
                "\r\nres_1;2026-07-01 10:30:00;en_attente;Dupont;Zoé;zoe@example.com;3;1350,50;EUR;;;;\r\n");
        assertThat(out.toString()).startsWith(ReservationCsv.BOM + "reference;");
    }

    @Test
    void aDisputedReservationShowsItsDisputesStatus() {
        StringBuilder out = new StringBuilder();
        Instant at = Instant.parse("2026-07-01T08:30:00Z");
        Reservation disputed = Reservation.pending("res_2", "yoga", new Buyer("Dupont", "Zoé", "zoe@example.com"), 1,
                Money.of(45_000, "eur"), at, at.plusSeconds(900))
                .withDispute(new Dispute("du_1", "lost", "fraudulent", Money.of(45_000, "eur"), at, at));

        ReservationCsv.start(out, ZoneId.of("Europe/Paris")).write(disputed);

        assertThat(out.toString()).contains(";paiement_stripe;litige\r\n").endsWith(";;;lost\r\n");
    }
}

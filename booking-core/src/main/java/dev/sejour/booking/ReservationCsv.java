package dev.sejour.booking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * Writes reservations as CSV for an organiser's spreadsheet, shaped for a French Excel: UTF-8 with a byte
 * order mark (without it Excel reads accents as Windows-1252), {@code ;} between cells (Excel's list
 * separator in a French locale; a comma would put each line in one cell), CRLF line ends, RFC 4180 quoting,
 * amounts with a decimal comma, times in the organiser's zone as {@code yyyy-MM-dd HH:mm:ss}.
 *
 * <p>Buyer-typed cells are neutralised against formula injection (OWASP "CSV Injection"): a cell that
 * starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading
 * apostrophe, so a spreadsheet shows it as text instead of running it.
 *
 * <p>Columns: {@code reference; reserve_le; statut; nom; prenom; email; places; montant; devise; paye_le;
 * session_stripe; paiement_stripe; litige}. {@code litige} is the dispute's Stripe status ({@code needs_response},
 * {@code won}, {@code lost}, …), empty when the payment is not disputed.
 */
public final class ReservationCsv {

    /** The byte order mark written first: Excel needs it to read UTF-8. */
    public static final String BOM = "\uFEFF";
    /** The media type to serve it with. */
    public static final String MEDIA_TYPE = "text/csv; charset=UTF-8";

    static final List<String> HEADER = List.of("reference", "reserve_le", "statut", "nom", "prenom", "email",
            "places", "montant", "devise", "paye_le", "session_stripe", "paiement_stripe", "litige");
    private static final char SEPARATOR = ';';
    private static final String LINE_END = "\r\n";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Appendable out;
    private final DateTimeFormatter time;

    private ReservationCsv(Appendable out, ZoneId zone) {
        this.out = out;
        this.time = TIME.withZone(zone);
    }

    /**
     * Starts a CSV on {@code out}: writes the byte order mark and the header line.
     *
     * @param out where the text goes (encode it as UTF-8)
     * @param zone the zone times are shown in (the organiser's, e.g. {@code Europe/Paris})
     * @throws UncheckedIOException when {@code out} fails
     */
    public static ReservationCsv start(Appendable out, ZoneId zone) {
        ReservationCsv csv = new ReservationCsv(Objects.requireNonNull(out, "out"), Objects.requireNonNull(zone, "zone"));
        csv.append(BOM);
        csv.line(HEADER);
        return csv;
    }

    /**
     * Writes one reservation's line.
     *
     * @throws UncheckedIOException when the output fails
     */
    public void write(Reservation r) {
        line(List.of(r.id(), format(r.createdAt()), r.status().code(), r.buyer().lastName(), r.buyer().firstName(),
                r.buyer().email(), Integer.toString(r.places()),
                r.amount().toMajorUnits().toPlainString().replace('.', ','), r.amount().currency().toUpperCase(),
                format(r.paidAt()), nullToEmpty(r.stripeSessionId()), nullToEmpty(r.paymentIntentId()),
                r.dispute() == null ? "" : r.dispute().status()));
    }

    private String format(Instant instant) {
        return instant == null ? "" : time.format(instant);
    }

    private void line(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(SEPARATOR);
            }
            line.append(cell(cells.get(i)));
        }
        append(line.append(LINE_END));
    }

    /** One cell: neutralised if a spreadsheet would read it as a formula, quoted if it needs to be. */
    static String cell(String value) {
        String text = value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(SEPARATOR) >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    private void append(CharSequence text) {
        try {
            out.append(text);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the CSV failed", e);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

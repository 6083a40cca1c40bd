package dev.sejour.booking.mail;

import java.util.regex.Pattern;

/**
 * Makes text safe to put in a header. A CR or LF in a header value would end the header and start another
 * ({@code Bcc:} …); Jakarta Mail does not remove them from ASCII text, so every user-supplied value that
 * reaches a header (subject, display names) goes through {@link #clean(String)} first.
 */
final class HeaderText {

    /** Control characters (CR, LF, NUL, …), Unicode line and paragraph separators, and the BOM. */
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cntrl}\\u0085\\u2028\\u2029\\uFEFF]+");
    private static final Pattern SPACES = Pattern.compile("\\s{2,}");

    private HeaderText() {
    }

    /** The value on one line: line breaks and other control characters become one space. */
    static String clean(String value) {
        if (value == null) {
            return "";
        }
        String oneLine = UNSAFE.matcher(value).replaceAll(" ");
        return SPACES.matcher(oneLine).replaceAll(" ").strip();
    }
}

package dev.sejour.booking;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Reservation ids: unguessable, URL-safe, sortable enough to read in logs. */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private Ids() {
    }

    private static final Pattern RESERVATION_ID = Pattern.compile("res_[0-9a-z]{24}");

    /** Whether the text has the shape of an id this library makes (checked before any store is asked). */
    static boolean isReservationId(String text) {
        return RESERVATION_ID.matcher(text).matches();
    }

    static String newReservationId() {
        char[] chars = new char[24];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return "res_" + new String(chars);
    }
}

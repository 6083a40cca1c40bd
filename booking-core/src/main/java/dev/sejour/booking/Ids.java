package dev.sejour.booking;

import java.security.SecureRandom;

/** Reservation ids: unguessable, URL-safe, sortable enough to read in logs. */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private Ids() {
    }

    static String newReservationId() {
        char[] chars = new char[24];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return "res_" + new String(chars);
    }
}

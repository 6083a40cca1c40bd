package dev.sejour.booking;

import java.util.Locale;
import java.util.Objects;

/**
 * Who pays. Stored and sent on the wire as the seed's {@code acheteur: {nom, prenom, email}}.
 *
 * @param lastName the seed's {@code nom}
 * @param firstName the seed's {@code prenom}
 * @param email where the confirmation goes
 */
public record Buyer(String lastName, String firstName, String email) {

    public Buyer {
        Objects.requireNonNull(lastName, "lastName");
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(email, "email");
    }

    /**
     * The address as the per-buyer limit counts it: trimmed and lower-cased, local part included
     * ({@code Zoe@Exemple.FR} and {@code zoe@exemple.fr} are one buyer). Dots and {@code +tags} are kept:
     * whether they matter is the mail provider's rule, not a general one.
     */
    public String normalisedEmail() {
        return normaliseEmail(email);
    }

    /** See {@link #normalisedEmail()}. */
    public static String normaliseEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}

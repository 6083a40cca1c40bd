package dev.sejour.booking;

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
}

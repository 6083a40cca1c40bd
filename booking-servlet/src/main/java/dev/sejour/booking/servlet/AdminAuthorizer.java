package dev.sejour.booking.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Decides whether a request may use the organiser's endpoints ({@link BookingAdminServlet}). The application
 * supplies it: there is no default, so nobody gets in by accident. A refused request answers 401.
 */
@FunctionalInterface
public interface AdminAuthorizer {

    /** Whether the request carries the organiser's credentials. Called for every request, before routing. */
    boolean authorize(HttpServletRequest request);

    /**
     * Accepts {@code Authorization: Bearer <token>} with exactly this token, compared in constant time
     * (the comparison's duration says nothing about how much of a guess was right).
     *
     * @param token the secret, at least 16 characters (say 32 random bytes, base64url-encoded)
     * @throws IllegalArgumentException the token is shorter than 16 characters
     */
    static AdminAuthorizer bearerToken(String token) {
        Objects.requireNonNull(token, "token");
        if (token.length() < 16) {
            throw new IllegalArgumentException("an admin token has at least 16 characters");
        }
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        return request -> {
            String header = request.getHeader("Authorization");
            // MessageDigest.isEqual runs in time independent of where the bytes differ (JDK 6u17+).
            return header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
        };
    }
}

package dev.sejour.booking;

import java.util.Optional;
import java.util.regex.Pattern;

/** Checks a buyer's request before anything is held; every message names the field. */
final class CheckoutValidator {

    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_EMAIL_LENGTH = EmailAddresses.MAX_LENGTH;
    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final int maxPlacesPerOrder;

    CheckoutValidator(int maxPlacesPerOrder) {
        this.maxPlacesPerOrder = maxPlacesPerOrder;
    }

    /** The request with names trimmed and the email lower-cased in its domain; or an {@link InvalidRequestException}. */
    CheckoutRequest validate(CheckoutRequest request) {
        if (request == null) {
            throw new InvalidRequestException("the request body is required");
        }
        String slug = request.slug();
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw new InvalidRequestException("slug must be 1 to 100 letters, digits, '-' or '_'");
        }
        if (request.places() < 1 || request.places() > maxPlacesPerOrder) {
            throw new InvalidRequestException("nbPlaces must be between 1 and " + maxPlacesPerOrder);
        }
        String email = request.email() == null ? null : request.email().strip();
        if (email == null || email.isEmpty()) {
            throw new InvalidRequestException("email is required");
        }
        // The rule the mail module applies too: what is accepted here, Stripe and the mailer accept.
        Optional<String> problem = EmailAddresses.problem(email);
        if (problem.isPresent()) {
            throw new InvalidRequestException("email " + problem.get());
        }
        String lastName = name("nom", request.lastName());
        String firstName = name("prenom", request.firstName());
        email = EmailAddresses.normalize(email);
        return new CheckoutRequest(slug, request.places(), email, lastName, firstName);
    }

    private static String name(String field, String value) {
        String stripped = value == null ? "" : value.strip();
        if (stripped.isEmpty()) {
            throw new InvalidRequestException(field + " is required");
        }
        if (stripped.codePointCount(0, stripped.length()) > MAX_NAME_LENGTH) {
            throw new InvalidRequestException(field + " must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (CONTROL.matcher(stripped).find()) {
            throw new InvalidRequestException(field + " must not contain control characters");
        }
        return stripped;
    }
}

package dev.sejour.booking.examples;

/** A setting is missing or invalid; the message is one line that names the variable. */
public class InvalidConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
        super(message);
    }
}

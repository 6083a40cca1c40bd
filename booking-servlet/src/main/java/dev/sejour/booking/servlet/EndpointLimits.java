package dev.sejour.booking.servlet;

/**
 * How much of a request body the endpoints accept before answering 413. A body is never kept past the
 * limit and never read past twice the limit (the excess of a slightly-too-large body is read and dropped
 * so the client gets the 413 cleanly), so a client cannot make the server buffer or read megabytes.
 *
 * @param maxCheckoutBytes limit for {@code POST …/stripe-session} (a few hundred bytes in practice)
 * @param maxWebhookBytes limit for {@code POST …/stripe-webhook} (Stripe's events are a few kilobytes)
 */
public record EndpointLimits(int maxCheckoutBytes, int maxWebhookBytes) {

    public static final EndpointLimits DEFAULT = new EndpointLimits(16 * 1024, 512 * 1024);

    public EndpointLimits {
        if (maxCheckoutBytes < 256 || maxWebhookBytes < 1024) {
            throw new IllegalArgumentException("limits too small to hold a request: " + maxCheckoutBytes + ", "
                    + maxWebhookBytes);
        }
    }
}

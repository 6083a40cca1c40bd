/**
 * An offline, stateful Stripe API simulator ({@link dev.sejour.booking.testkit.stripe.StripeSimulator})
 * and webhook signer ({@link dev.sejour.booking.testkit.stripe.WebhookSigner}) for exercising
 * stripe-java's real HTTP path in tests and demos, without network and without mocking
 * stripe-java.
 */
@NullMarked
package dev.sejour.booking.testkit.stripe;

import org.jspecify.annotations.NullMarked;

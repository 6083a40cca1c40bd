package dev.sejour.booking.store.mongo;

import dev.sejour.booking.Buyer;
import dev.sejour.booking.Dispute;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.spi.StoreException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * Reservation documents, in the seed's shape, to {@link Reservation}s and back. A field whose value is null
 * is left out of the document rather than stored as null: the unique index on {@code stripeSessionId} is
 * sparse, so only absent fields may repeat.
 */
final class ReservationCodec {

    static final String ID = "_id";
    static final String SLUG = "sejourSlug";
    static final String BUYER = "acheteur";
    static final String LAST_NAME = "nom";
    static final String FIRST_NAME = "prenom";
    static final String EMAIL = "email";
    static final String PLACES = "nbPlaces";
    static final String AMOUNT = "montant";
    static final String CURRENCY = "devise";
    static final String STATUS = "statut";
    static final String SESSION = "stripeSessionId";
    static final String PAYMENT_INTENT = "paymentIntentId";
    static final String CREATED_AT = "createdAt";
    static final String EXPIRES_AT = "expiresAt";
    static final String PAID_AT = "paidAt";
    static final String NOTIFIED_AT = "notifiedAt";
    static final String CLAIMED_UNTIL = "notifyClaimedUntil";
    /** The buyer's address as the per-buyer limit counts it (absent in documents of the Next.js app). */
    static final String BUYER_KEY = "buyerKey";
    /** Failed attempts at notifying the current status (absent: none). */
    static final String NOTIFY_ATTEMPTS = "notifyAttempts";
    /** When the notification of the current status was given up (a dead letter). */
    static final String NOTIFY_FAILED_AT = "notifyFailedAt";
    /** The last failed attempt's error, at most 500 characters. */
    static final String NOTIFY_LAST_ERROR = "notifyLastError";
    /**
     * The dispute of the payment, a sub-document with {@link #DISPUTE_FIELDS} (absent: none). English names,
     * like every field added after the Next.js app's.
     */
    static final String DISPUTE = "dispute";
    static final String DISPUTE_ID = "id";
    static final String DISPUTE_STATUS = "status";
    static final String DISPUTE_REASON = "reason";
    static final String DISPUTE_AMOUNT = "amount";
    static final String DISPUTE_CURRENCY = "currency";
    static final String DISPUTE_OPENED_AT = "openedAt";
    static final String DISPUTE_CLOSED_AT = "closedAt";
    static final List<String> DISPUTE_FIELDS = List.of(DISPUTE_ID, DISPUTE_STATUS, DISPUTE_REASON, DISPUTE_AMOUNT,
            DISPUTE_CURRENCY, DISPUTE_OPENED_AT, DISPUTE_CLOSED_AT);
    /** When the organiser's notice of the dispute is due (absent: nothing owed). */
    static final String DISPUTE_NOTICE_DUE_AT = "disputeNoticeDueAt";
    /** Failed attempts at that notice (absent: none). */
    static final String DISPUTE_NOTICE_ATTEMPTS = "disputeNoticeAttempts";
    /** Place changes this reservation committed (see {@link PlaceChanges}). */
    static final String APPLIED = "appliedChanges";
    /** Place changes the repair cancelled, which this reservation may no longer commit. */
    static final String VOIDED = "voidedChanges";

    private final String defaultCurrency;

    ReservationCodec(String defaultCurrency) {
        this.defaultCurrency = defaultCurrency;
    }

    Document encode(Reservation r) {
        Document doc = new Document(ID, r.id())
                .append(SLUG, r.sejourSlug())
                .append(BUYER, new Document(LAST_NAME, r.buyer().lastName())
                        .append(FIRST_NAME, r.buyer().firstName())
                        .append(EMAIL, r.buyer().email()))
                .append(PLACES, r.places())
                .append(AMOUNT, r.amount().minorUnits())
                .append(CURRENCY, r.amount().currency())
                .append(STATUS, r.status().code())
                .append(BUYER_KEY, r.buyer().normalisedEmail());
        putIfPresent(doc, SESSION, r.stripeSessionId());
        putIfPresent(doc, PAYMENT_INTENT, r.paymentIntentId());
        doc.append(CREATED_AT, date(r.createdAt())).append(EXPIRES_AT, date(r.expiresAt()));
        putIfPresent(doc, PAID_AT, date(r.paidAt()));
        putIfPresent(doc, NOTIFIED_AT, date(r.notifiedAt()));
        return doc;
    }

    /**
     * Reads a reservation, also one written by the Next.js app: an {@code ObjectId} id (read as its hex
     * string), a JavaScript number for {@code montant}, no {@code devise} or dates.
     */
    Reservation decode(Document doc) {
        Object id = doc.get(ID);
        try {
            Document buyer = doc.get(BUYER, Document.class);
            Instant createdAt = instant(doc.get(CREATED_AT));
            if (createdAt == null) {
                createdAt = id instanceof ObjectId oid ? oid.getDate().toInstant() : Instant.EPOCH;
            }
            Instant expiresAt = instant(doc.get(EXPIRES_AT));
            Object currency = doc.get(CURRENCY);
            return new Reservation(
                    id instanceof ObjectId oid ? oid.toHexString() : (String) id,
                    doc.getString(SLUG),
                    new Buyer(text(buyer, LAST_NAME), text(buyer, FIRST_NAME), text(buyer, EMAIL)),
                    ((Number) doc.get(PLACES)).intValue(),
                    Money.of(whole((Number) doc.get(AMOUNT)),
                            currency instanceof String c && !c.isBlank() ? c.toLowerCase(Locale.ROOT) : defaultCurrency),
                    ReservationStatus.fromCode(doc.getString(STATUS)),
                    doc.getString(SESSION),
                    doc.getString(PAYMENT_INTENT),
                    createdAt,
                    expiresAt == null ? createdAt : expiresAt,
                    instant(doc.get(PAID_AT)),
                    instant(doc.get(NOTIFIED_AT)),
                    dispute(doc.get(DISPUTE, Document.class)));
        } catch (RuntimeException e) {
            throw new StoreException("reservation " + id + " cannot be read: " + e, e);
        }
    }

    /** The dispute as its sub-document; nulls left out. */
    static Document encodeDispute(Dispute d) {
        Document doc = new Document(DISPUTE_ID, d.id()).append(DISPUTE_STATUS, d.status());
        putIfPresent(doc, DISPUTE_REASON, d.reason());
        doc.append(DISPUTE_AMOUNT, d.amount().minorUnits()).append(DISPUTE_CURRENCY, d.amount().currency())
                .append(DISPUTE_OPENED_AT, date(d.openedAt()));
        putIfPresent(doc, DISPUTE_CLOSED_AT, date(d.closedAt()));
        return doc;
    }

    private static Dispute dispute(Document doc) {
        if (doc == null) {
            return null;
        }
        return new Dispute(doc.getString(DISPUTE_ID), doc.getString(DISPUTE_STATUS), doc.getString(DISPUTE_REASON),
                Money.of(whole((Number) doc.get(DISPUTE_AMOUNT)), doc.getString(DISPUTE_CURRENCY)),
                instant(doc.get(DISPUTE_OPENED_AT)), instant(doc.get(DISPUTE_CLOSED_AT)));
    }

    /**
     * Matches the reservation with this id: our ids are strings, but the Next.js app's documents have
     * {@code ObjectId}s, which the library shows as their hex strings.
     */
    static Bson byId(String id) {
        return ObjectId.isValid(id)
                ? new Document(ID, new Document("$in", List.of(id, new ObjectId(id))))
                : new Document(ID, id);
    }

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Object value) {
        return value instanceof Date d ? d.toInstant() : null;
    }

    private static long whole(Number n) {
        return n instanceof Double || n instanceof Float ? Math.round(n.doubleValue()) : n.longValue();
    }

    private static String text(Document doc, String field) {
        Object value = doc == null ? null : doc.get(field);
        return value == null ? "" : value.toString();
    }

    private static void putIfPresent(Document doc, String field, Object value) {
        if (value != null) {
            doc.append(field, value);
        }
    }
}

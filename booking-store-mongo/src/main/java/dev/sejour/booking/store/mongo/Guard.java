package dev.sejour.booking.store.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import dev.sejour.booking.spi.StoreException;
import java.util.function.Supplier;

/** Turns the driver's failures into the SPI's {@link StoreException}. */
final class Guard {

    private Guard() {
    }

    static <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (MongoException e) {
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    static void run(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    /** A unique index refused the write (error 11000 and its kin). */
    static boolean duplicateKey(MongoException e) {
        return e instanceof MongoServerException s
                && ErrorCategory.fromErrorCode(s.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }
}

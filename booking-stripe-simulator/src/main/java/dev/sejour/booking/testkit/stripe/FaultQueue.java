package dev.sejour.booking.testkit.stripe;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/** FIFO of enqueued faults, each consumed once per matching request until its count runs out. */
final class FaultQueue {

    private static final class Pending {
        final Fault fault;
        int remaining;

        Pending(Fault fault) {
            this.fault = fault;
            this.remaining = fault.times();
        }
    }

    private final Deque<Pending> pending = new ArrayDeque<>();

    synchronized void add(Fault fault) {
        pending.addLast(new Pending(fault));
    }

    /** The first fault matching {@code path}, consumed; null when none applies. */
    synchronized @Nullable Fault take(String path) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (path.startsWith(p.fault.pathPrefix())) {
                if (--p.remaining == 0) {
                    it.remove();
                }
                return p.fault;
            }
        }
        return null;
    }

    synchronized void clear() {
        pending.clear();
    }

    synchronized int size() {
        return pending.size();
    }
}

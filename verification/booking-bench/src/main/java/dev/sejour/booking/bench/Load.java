package dev.sejour.booking.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@code count} calls on {@code threads} threads, each thread with its own {@link Worker} (its own
 * connection), and measures the whole round and every call.
 */
final class Load {

    /** One sender. {@link #call} answers whether the call did what was expected. */
    interface Worker extends AutoCloseable {
        boolean call(int index) throws Exception;

        @Override
        default void close() {
        }
    }

    interface WorkerFactory {
        Worker create() throws Exception;
    }

    record Result(int calls, int failures, long elapsedNanos, long[] latencies, String firstFailure) {
        double perSecond() {
            return (calls - failures) / (elapsedNanos / 1e9);
        }

        double p50Ms() {
            return Stats.percentileMs(latencies, 50);
        }

        double p99Ms() {
            return Stats.percentileMs(latencies, 99);
        }
    }

    private Load() {
    }

    static Result run(int threads, int count, WorkerFactory factory) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long[][] latencies = new long[threads][];
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int slot = t;
            Thread thread = new Thread(() -> {
                long[] mine = new long[count];
                int n = 0;
                try (Worker worker = factory.create()) {
                    ready.countDown();
                    start.await();
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        boolean ok;
                        try {
                            ok = worker.call(i);
                        } catch (Exception e) {
                            ok = false;
                            firstFailure.compareAndSet(null, e.toString());
                        }
                        mine[n++] = System.nanoTime() - t0;
                        if (!ok) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, "call " + i + " answered unexpectedly");
                        }
                    }
                } catch (Exception e) {
                    firstFailure.compareAndSet(null, e.toString());
                    ready.countDown();
                } finally {
                    latencies[slot] = java.util.Arrays.copyOf(mine, n);
                    done.countDown();
                }
            }, "bench-sender-" + t);
            thread.setDaemon(true);
            started.add(thread);
            thread.start();
        }
        ready.await();
        long t0 = System.nanoTime();
        start.countDown();
        done.await();
        long elapsed = System.nanoTime() - t0;
        for (Thread thread : started) {
            thread.join();
        }
        long[] all = Stats.concat(List.of(latencies));
        int calls = all.length;
        int failed = failures.get() + (count - calls);
        return new Result(count, failed, elapsed, all, firstFailure.get());
    }
}

package dev.sejour.booking.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * A rush from one thread: B kept-alive connections opened beforehand, one request each written at once, the
 * answers read as they come through one {@link Selector}. Real buyers are on their own machines; B blocking
 * client threads on the server's 2 cores would measure the client as much as the server, so this one costs
 * a write and a read per buyer and nothing else. Answers must carry a {@code Content-Length} (the booking
 * servlet's do).
 */
final class NioRush implements AutoCloseable {

    record Answer(int status, String body) {
    }

    record Result(long elapsedNanos, List<Answer> answers) {
    }

    private final List<SocketChannel> channels = new ArrayList<>();
    private final Selector selector;
    private final int port;

    NioRush(int port, int buyers) throws IOException {
        this.port = port;
        this.selector = Selector.open();
        try {
            for (int i = 0; i < buyers; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                channels.add(channel);
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Sends buyer i the request {@code body.apply(i)} on connection i, all at once, and waits for every answer. */
    Result post(String path, IntFunction<byte[]> body) throws IOException {
        int buyers = channels.size();
        ByteBuffer[] requests = new ByteBuffer[buyers];
        for (int i = 0; i < buyers; i++) {
            byte[] content = body.apply(i);
            byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + content.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            requests[i] = ByteBuffer.allocate(head.length + content.length).put(head).put(content).flip();
        }
        ByteArrayOutputStream[] received = new ByteArrayOutputStream[buyers];
        Answer[] answers = new Answer[buyers];
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long t0 = System.nanoTime();
        for (int i = 0; i < buyers; i++) {
            SocketChannel channel = channels.get(i);
            received[i] = new ByteArrayOutputStream(512);
            // A request is a few hundred bytes: the socket's send buffer takes it whole.
            while (requests[i].hasRemaining()) {
                channel.write(requests[i]);
            }
            channel.register(selector, SelectionKey.OP_READ, i);
        }
        int left = buyers;
        while (left > 0) {
            selector.select(10_000);
            if (selector.selectedKeys().isEmpty()) {
                throw new IOException("no answer for 10 s; " + left + " of " + buyers + " missing");
            }
            for (SelectionKey key : selector.selectedKeys()) {
                int i = (Integer) key.attachment();
                buffer.clear();
                int n = ((SocketChannel) key.channel()).read(buffer);
                if (n < 0) {
                    throw new IOException("buyer " + i + ": connection closed before the answer");
                }
                received[i].write(buffer.array(), 0, n);
                answers[i] = parse(received[i].toByteArray());
                if (answers[i] != null) {
                    key.interestOps(0);
                    left--;
                }
            }
            selector.selectedKeys().clear();
        }
        long elapsed = System.nanoTime() - t0;
        for (SocketChannel channel : channels) {
            channel.keyFor(selector).cancel();
        }
        selector.selectNow();
        return new Result(elapsed, List.of(answers));
    }

    /** The answer once it is complete, or null while bytes are missing. */
    private static Answer parse(byte[] bytes) throws IOException {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return null;
        }
        int length = -1;
        for (String header : text.substring(0, end).split("\r\n")) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            }
        }
        if (length < 0) {
            throw new IOException("an answer without Content-Length: " + text.substring(0, end));
        }
        if (bytes.length < end + 4 + length) {
            return null;
        }
        return new Answer(Integer.parseInt(text.substring(9, 12)),
                new String(bytes, end + 4, length, StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        for (SocketChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}

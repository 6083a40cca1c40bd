package dev.sejour.booking.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small SMTP server on 127.0.0.1 (port 0) that misbehaves the way mail servers do, switchable while it
 * runs: it accepts and never greets, answers every line slowly, refuses with 421, refuses the login, refuses
 * the recipient with 550, or accepts. It counts connections (attempts) and records the recipient of each
 * message it accepted.
 */
final class ScriptedSmtp implements AutoCloseable {

    enum Mode {
        /** Accepts the connection and never writes the greeting. */
        HANG,
        /** Greets and answers, each line after {@link #lineDelay}. */
        SLOW,
        /** Greets with 421: the service is not available, try later. */
        BUSY_421,
        /** Advertises AUTH and refuses every login with 535. */
        AUTH_REFUSED,
        /** Refuses every recipient for good: 550 5.1.1. */
        RCPT_550,
        /** A well-behaved server. */
        ACCEPT
    }

    private final ServerSocket socket;
    private final ExecutorService conversations = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scripted-smtp");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private volatile Mode mode;
    private volatile Duration lineDelay = Duration.ofMillis(500);

    ScriptedSmtp(Mode mode) throws IOException {
        this.mode = mode;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        conversations.execute(this::acceptLoop);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Changes how the next connections are served; connections hanging now are cut (a server restart). */
    void switchTo(Mode next) {
        this.mode = next;
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    ScriptedSmtp lineDelay(Duration delay) {
        this.lineDelay = delay;
        return this;
    }

    /** Connections accepted so far: one per delivery attempt. */
    int connections() {
        return connections.get();
    }

    /** Connections open now (for {@link Mode#HANG}: the deliveries hanging on the server). */
    int openConnections() {
        return open.size();
    }

    /** The recipient of each message accepted, in order. */
    List<String> delivered() {
        return List.copyOf(delivered);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.incrementAndGet();
                open.add(client);
                conversations.execute(() -> {
                    try {
                        converse(client, mode);
                    } catch (IOException | InterruptedException e) {
                        // the client went away, or the test cut the connection
                    } finally {
                        open.remove(client);
                        closeQuietly(client);
                    }
                });
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void converse(Socket client, Mode mode) throws IOException, InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII);
        switch (mode) {
            case HANG -> {
                // Read whatever comes until the client gives up or the test cuts the connection.
                while (in.read() >= 0) {
                    // nothing is ever answered
                }
                return;
            }
            case BUSY_421 -> {
                send(out, "421 4.3.2 scripted busy, try again later", mode);
                return;
            }
            default -> send(out, "220 scripted ESMTP", mode);
        }
        String from = null;
        String recipient = null;
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO")) {
                if (mode == Mode.AUTH_REFUSED) {
                    send(out, "250-scripted", mode);
                    send(out, "250 AUTH PLAIN LOGIN", mode);
                } else {
                    send(out, "250 scripted", mode);
                }
            } else if (command.startsWith("HELO")) {
                send(out, "250 scripted", mode);
            } else if (command.startsWith("AUTH")) {
                send(out, "535 5.7.8 scripted: authentication credentials invalid", mode);
            } else if (command.startsWith("MAIL FROM")) {
                from = line;
                send(out, "250 OK", mode);
            } else if (command.startsWith("RCPT TO")) {
                if (mode == Mode.RCPT_550) {
                    send(out, "550 5.1.1 scripted: no such user here", mode);
                } else {
                    recipient = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
                    send(out, "250 OK", mode);
                }
            } else if (command.equals("DATA")) {
                send(out, "354 go ahead", mode);
                while ((line = in.readLine()) != null && !line.equals(".")) {
                    // the message itself is of no interest here
                }
                if (from != null && recipient != null) {
                    delivered.add(recipient);
                }
                send(out, "250 queued", mode);
            } else if (command.equals("QUIT")) {
                send(out, "221 bye", mode);
                return;
            } else {
                send(out, "250 OK", mode);
            }
        }
    }

    private void send(Writer out, String line, Mode mode) throws IOException, InterruptedException {
        if (mode == Mode.SLOW) {
            Thread.sleep(lineDelay.toMillis()); // the server under test is slow, not the test
        }
        out.write(line + "\r\n");
        out.flush();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) {
            closeQuietly(s);
        }
        conversations.shutdownNow();
    }
}

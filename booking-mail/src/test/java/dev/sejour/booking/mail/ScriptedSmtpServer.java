package dev.sejour.booking.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A tiny SMTP server whose answer to {@code RCPT TO} is chosen by the test, for replies GreenMail never
 * gives (a refused mailbox). Records the recipients of each accepted message.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Function<String, String> rcptReply;
    private final List<List<String>> delivered = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** @param rcptReply the reply line to {@code RCPT TO:<address>}, given the address */
    ScriptedSmtpServer(Function<String, String> rcptReply) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.rcptReply = rcptReply;
        this.acceptor = new Thread(this::acceptLoop, "scripted-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The recipients of each message that got as far as an accepted DATA. */
    List<List<String>> delivered() {
        return delivered;
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                converse(client);
            } catch (IOException e) {
                // closed, or the client went away
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII);
        List<String> accepted = new CopyOnWriteArrayList<>();
        send(out, "220 scripted ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                send(out, "250 scripted");
            } else if (command.startsWith("MAIL FROM")) {
                accepted.clear();
                send(out, "250 OK");
            } else if (command.startsWith("RCPT TO")) {
                String address = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
                String reply = rcptReply.apply(address);
                if (reply.startsWith("250")) {
                    accepted.add(address);
                }
                send(out, reply);
            } else if (command.equals("DATA")) {
                send(out, "354 go ahead");
                while ((line = in.readLine()) != null && !line.equals(".")) {
                    // the message itself is of no interest here
                }
                delivered.add(List.copyOf(accepted));
                send(out, "250 queued");
            } else if (command.equals("QUIT")) {
                send(out, "221 bye");
                return;
            } else {
                send(out, "250 OK");
            }
        }
    }

    private static void send(Writer out, String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

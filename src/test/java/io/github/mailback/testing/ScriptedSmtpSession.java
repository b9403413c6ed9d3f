package io.github.mailback.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One connection of {@link ScriptedSmtpServer}: the server's state machine (greeting, EHLO/HELO,
 * STARTTLS, AUTH, mail transaction, DATA) with the script's rules applied at each stage.
 */
final class ScriptedSmtpSession {
    private static final byte[] CRLF = {'\r', '\n'};

    private final ScriptedSmtpServer server;
    private final int index;
    private Socket socket;
    private WireReader reader;
    private OutputStream out;

    private boolean encrypted;
    private boolean helloDone;
    private boolean stalled;
    private boolean hangUp;
    private int commandCount;
    private String authenticatedUser;
    private String mailCommand;
    private final List<String> recipients = new ArrayList<>();
    private int queued;

    ScriptedSmtpSession(ScriptedSmtpServer server, Socket socket, int index) {
        this.server = server;
        this.socket = socket;
        this.index = index;
    }

    void run() {
        try {
            socket.setSoTimeout(ScriptedSmtpServer.IDLE_TIMEOUT_MILLIS);
            // Replies to a pipelined group go out at once, not held back by Nagle until the client ACKs.
            socket.setTcpNoDelay(true);
            SSLContext implicit = server.implicitTlsContext;
            if (implicit != null) {
                socket = serverSideTls(implicit, socket);
                encrypted = true;
            }
            reader = new WireReader(socket.getInputStream(), 0);
            out = socket.getOutputStream();
            respond(SmtpStage.GREETING, "", "220 " + server.serverName + " ESMTP scripted server ready");
            while (!hangUp && !server.isClosed()) {
                byte[] bytes = reader.readLine(ScriptedSmtpServer.MAX_LINE);
                if (bytes == null) {
                    return;
                }
                String line = new String(bytes, StandardCharsets.UTF_8);
                if (!server.record(new RecordedCommand(line, index, reader.reads(), encrypted))) {
                    write("421 4.7.0 Too many commands");
                    return;
                }
                commandCount++;
                int stallAfter = server.stallAfterCommands;
                if (stallAfter >= 0 && commandCount > stallAfter) {
                    stalled = true;
                }
                if (!stalled) {
                    handle(line);
                }
            }
        } catch (WireReader.LineTooLongException e) {
            try {
                write("500 5.5.2 Line too long");
            } catch (IOException ignored) {
                // The client is gone.
            }
        } catch (IOException e) {
            // The client hung up, timed out, or failed the TLS handshake: the session ends.
        }
    }

    private void handle(String line) throws IOException {
        int sp = line.indexOf(' ');
        String verb = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
        String arg = sp < 0 ? "" : line.substring(sp + 1);
        SmtpStage stage = SmtpStage.ofVerb(verb);
        if (stage == null) {
            switch (verb) {
                case "VRFY" -> write("252 2.5.2 Cannot VRFY user");
                case "HELP" -> write("214 2.0.0 Scripted server");
                default -> write("500 5.5.2 Command not recognized");
            }
            return;
        }
        switch (stage) {
            case EHLO -> {
                if (isPositive(respond(stage, arg, ehloReply(arg)))) {
                    helloDone = true;
                    resetTransaction();
                }
            }
            case HELO -> {
                if (isPositive(respond(stage, arg, "250 " + server.serverName))) {
                    helloDone = true;
                    resetTransaction();
                }
            }
            case STARTTLS -> startTls(arg);
            case AUTH -> auth(arg);
            case MAIL -> {
                if (isPositive(respond(stage, arg, mailReply(arg)))) {
                    mailCommand = line;
                    recipients.clear();
                }
            }
            case RCPT -> {
                String reply = mailCommand == null ? "503 5.5.1 MAIL first"
                        : !arg.toUpperCase(Locale.ROOT).startsWith("TO:") ? "501 5.5.4 Syntax: RCPT TO:<address>"
                        : "250 2.1.5 Ok";
                if (isPositive(respond(stage, arg, reply))) {
                    recipients.add(path(arg));
                }
            }
            case DATA -> {
                String reply = mailCommand == null ? "503 5.5.1 MAIL first"
                        : recipients.isEmpty() ? "554 5.5.1 No valid recipients"
                        : "354 End data with <CR><LF>.<CR><LF>";
                if (respond(stage, arg, reply) == 354) {
                    receiveData();
                }
            }
            case RSET -> {
                respond(stage, arg, "250 2.0.0 Ok");
                resetTransaction();
            }
            case NOOP -> respond(stage, arg, "250 2.0.0 Ok");
            case QUIT -> {
                respond(stage, arg, "221 2.0.0 Bye");
                hangUp = true;
            }
            default -> write("500 5.5.2 Command not recognized");
        }
    }

    private String ehloReply(String helo) {
        List<String> keywords = new ArrayList<>(
                encrypted && server.capabilitiesAfterTls != null ? server.capabilitiesAfterTls : server.capabilities);
        if (server.startTlsContext != null && !encrypted) {
            keywords.add("STARTTLS");
        }
        if (server.authUser != null) {
            List<String> mechanisms = server.authMechanisms;
            keywords.add(mechanisms != null ? "AUTH " + String.join(" ", mechanisms)
                    : server.oauthToken != null ? "AUTH XOAUTH2" : "AUTH PLAIN LOGIN");
        }
        StringBuilder sb = new StringBuilder("250");
        sb.append(keywords.isEmpty() ? ' ' : '-').append(server.serverName).append(" greets ").append(helo);
        for (int i = 0; i < keywords.size(); i++) {
            sb.append('\n').append(250).append(i == keywords.size() - 1 ? ' ' : '-').append(keywords.get(i));
        }
        return sb.toString();
    }

    private String mailReply(String arg) {
        if (!helloDone) {
            return "503 5.5.1 EHLO or HELO first";
        }
        if (mailCommand != null) {
            return "503 5.5.1 Nested MAIL command";
        }
        if (!arg.toUpperCase(Locale.ROOT).startsWith("FROM:")) {
            return "501 5.5.4 Syntax: MAIL FROM:<address>";
        }
        for (String p : arg.substring(arg.lastIndexOf('>') + 1).trim().split(" +")) {
            if (p.toUpperCase(Locale.ROOT).startsWith("SIZE=")) {
                try {
                    if (Long.parseLong(p.substring(5)) > ScriptedSmtpServer.MAX_DATA) {
                        return "552 5.3.4 Message size exceeds fixed limit";
                    }
                } catch (NumberFormatException e) {
                    return "501 5.5.4 Bad SIZE parameter";
                }
            }
        }
        return "250 2.1.0 Ok";
    }

    private void receiveData() throws IOException {
        byte[] raw = reader.readData(ScriptedSmtpServer.MAX_DATA);
        String from = mailCommand;
        List<String> to = List.copyOf(recipients);
        resetTransaction();
        if (raw == null) {
            respond(SmtpStage.DATA_END, "", "552 5.3.4 Message too big");
            return;
        }
        // Recorded before the reply, so a test sees the message even when the script drops the connection.
        server.record(new RecordedMessage(from, to, raw, unstuff(raw), encrypted, authenticatedUser));
        respond(SmtpStage.DATA_END, "", "250 2.0.0 Ok: queued as Q" + index + "." + (++queued));
    }

    /** Drops the terminator line and the leading dot of each line (RFC 5321 section 4.5.2). */
    static byte[] unstuff(byte[] raw) {
        int end = raw.length - 3; // ".\r\n"; the CRLF before it belongs to the last line
        ByteArrayOutputStream data = new ByteArrayOutputStream(Math.max(end, 0));
        boolean lineStart = true;
        for (int i = 0; i < end; i++) {
            byte b = raw[i];
            if (lineStart && b == '.') {
                lineStart = false;
                continue;
            }
            data.write(b);
            lineStart = b == '\n' && i > 0 && raw[i - 1] == '\r';
        }
        return data.toByteArray();
    }

    private void startTls(String arg) throws IOException {
        SSLContext context = server.startTlsContext;
        String reply = encrypted ? "503 5.5.1 TLS already active"
                : context == null ? "502 5.5.1 STARTTLS not offered" : "220 2.0.0 Ready to start TLS";
        ServerAction action = server.actionFor(SmtpStage.STARTTLS, arg);
        if (action != null || !reply.startsWith("220")) {
            perform(action != null ? action : ServerAction.reply(reply));
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(wire(reply));
        String inject = server.injectAfterStartTls;
        if (inject != null) {
            bytes.write(inject.getBytes(StandardCharsets.UTF_8));
        }
        out.write(bytes.toByteArray());
        out.flush();
        long reads = reader.reads();
        // Anything the client sent after STARTTLS in clear text is dropped, never read as a command.
        socket = serverSideTls(context, socket);
        reader = new WireReader(socket.getInputStream(), reads);
        out = socket.getOutputStream();
        encrypted = true;
        helloDone = false;
        authenticatedUser = null;
        resetTransaction();
    }

    private static SSLSocket serverSideTls(SSLContext context, Socket plain) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory()
                .createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
        tls.setUseClientMode(false);
        tls.startHandshake();
        return tls;
    }

    private void auth(String arg) throws IOException {
        ServerAction action = server.actionFor(SmtpStage.AUTH, arg);
        if (action != null) {
            perform(action);
            return;
        }
        if (server.authUser == null) {
            write("502 5.5.1 AUTH not supported");
            return;
        }
        if (authenticatedUser != null) {
            write("503 5.5.1 Already authenticated");
            return;
        }
        String[] parts = arg.split(" +", 2);
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        String initial = parts.length > 1 ? parts[1] : null;
        boolean ok;
        try {
            switch (mechanism) {
                case "PLAIN" -> {
                    String response = initial != null ? initial : challenge("");
                    if (response == null) {
                        return;
                    }
                    // RFC 4616 section 2: authzid NUL authcid NUL passwd.
                    String[] fields = decode(response).split("\u0000", -1);
                    ok = server.oauthToken == null && fields.length == 3 && fields[1].equals(server.authUser)
                            && fields[2].equals(server.authPassword);
                }
                case "LOGIN" -> {
                    String user = initial != null ? initial : challenge("VXNlcm5hbWU6");
                    if (user == null) {
                        return;
                    }
                    String password = challenge("UGFzc3dvcmQ6");
                    if (password == null) {
                        return;
                    }
                    ok = server.oauthToken == null && decode(user).equals(server.authUser)
                            && decode(password).equals(server.authPassword);
                }
                case "XOAUTH2" -> {
                    String response = initial != null ? initial : challenge("");
                    if (response == null) {
                        return;
                    }
                    String expected = "user=" + server.authUser + "\u0001auth=Bearer " + server.oauthToken + "\u0001\u0001";
                    ok = server.oauthToken != null && decode(response).equals(expected);
                    if (!ok) {
                        // Gmail's way (RFC 7628 section 3.2.2 style): an error challenge, the client's empty
                        // response, then the failure reply.
                        String error = Base64.getEncoder().encodeToString(
                                "{\"status\":\"401\",\"schemes\":\"Bearer\"}".getBytes(StandardCharsets.US_ASCII));
                        if (challenge(error) == null) {
                            return;
                        }
                    }
                }
                default -> {
                    write("504 5.5.4 Unrecognized authentication type");
                    return;
                }
            }
        } catch (IllegalArgumentException e) {
            write("501 5.5.2 Cannot decode response");
            return;
        }
        if (ok) {
            authenticatedUser = server.authUser;
            write("235 2.7.0 Authentication successful");
        } else {
            write("535 5.7.8 Authentication credentials invalid");
        }
    }

    /** Sends a 334 challenge and reads the client's answer; null when the client cancelled with "*". */
    private String challenge(String base64) throws IOException {
        write("334 " + base64);
        byte[] bytes = reader.readLine(ScriptedSmtpServer.MAX_LINE);
        if (bytes == null) {
            throw new java.io.EOFException("closed during AUTH");
        }
        String line = new String(bytes, StandardCharsets.US_ASCII);
        server.record(new RecordedCommand(line, index, reader.reads(), encrypted));
        if (line.equals("*")) {
            write("501 5.7.0 Authentication cancelled");
            return null;
        }
        return line;
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
    }

    /** Answers a command: the script's action if a rule matches, else the normal reply. Returns the code sent. */
    private int respond(SmtpStage stage, String arg, String normalReply) throws IOException {
        ServerAction action = server.actionFor(stage, arg);
        return perform(action != null ? action : ServerAction.reply(normalReply));
    }

    /** Carries out an action; returns the reply code written, or -1 when none (or not a valid one). */
    private int perform(ServerAction action) throws IOException {
        switch (action.kind) {
            case REPLY -> {
                if (action.before != null) {
                    action.before.run();
                }
                write(action.reply);
                int code = code(action.reply);
                if (code == 421) {
                    hangUp = true; // RFC 5321 section 3.8: the server closes after 421
                }
                return code;
            }
            case DISCONNECT -> {
                hangUp = true;
                socket.close();
                return -1;
            }
            case SILENCE -> {
                stalled = true;
                return -1;
            }
            case HUGE_LINE -> {
                writeHugeLine(action.size);
                return 250;
            }
            case ENDLESS_CONTINUATION -> {
                writeEndlessContinuation();
                return -1;
            }
            case TRICKLE -> {
                trickle(action.size);
                return -1;
            }
            case ENDLESS_CHALLENGE -> {
                for (int i = 0; i < 1000 && !server.isClosed(); i++) {
                    if (challenge("YWdhaW4=") == null) { // "again"; null when the client cancelled
                        return 501;
                    }
                }
                hangUp = true;
                return -1;
            }
            default -> throw new IllegalStateException("action: " + action.kind);
        }
    }

    private void writeHugeLine(long size) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        out.write("250 ".getBytes(StandardCharsets.US_ASCII));
        for (long left = size; left > 0 && !server.isClosed(); left -= chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
        out.write(CRLF);
        out.flush();
    }

    /** Writes continuation lines until the client hangs up (a write then fails) or five million lines. */
    private void writeEndlessContinuation() throws IOException {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 5_000_000 && !server.isClosed(); i++) {
            batch.append("250-continuation line ").append(i).append("\r\n");
            if (batch.length() > 8 * 1024) {
                out.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
                batch.setLength(0);
            }
        }
        out.flush();
        hangUp = true;
    }

    /** Writes "250-" and then one 'x' per interval, for at most ten minutes or until the client hangs up. */
    private void trickle(long intervalMillis) throws IOException {
        out.write("250-".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
        while (!server.isClosed() && System.nanoTime() < end) {
            // Pacing the fake server, not waiting for a condition.
            java.util.concurrent.locks.LockSupport.parkNanos(intervalMillis * 1_000_000L);
            out.write('x');
            out.flush();
        }
        hangUp = true;
    }

    private void write(String reply) throws IOException {
        out.write(wire(reply));
        out.flush();
    }

    /** The reply's lines joined and ended with CRLF. */
    private static byte[] wire(String reply) {
        return (String.join("\r\n", reply.replace("\r\n", "\n").split("\n", -1)) + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static int code(String reply) {
        if (reply.length() < 3) {
            return -1;
        }
        for (int i = 0; i < 3; i++) {
            if (!Character.isDigit(reply.charAt(i))) {
                return -1;
            }
        }
        // The code of a multi-line reply is the one on its lines; the first line's is enough here.
        return Integer.parseInt(reply.substring(0, 3));
    }

    private static boolean isPositive(int code) {
        return code >= 200 && code < 400;
    }

    private static String path(String arg) {
        int lt = arg.indexOf('<');
        int gt = arg.lastIndexOf('>');
        return lt < 0 || gt < lt ? arg.substring(arg.indexOf(':') + 1).trim() : arg.substring(lt + 1, gt);
    }

    private void resetTransaction() {
        mailCommand = null;
        recipients.clear();
    }
}

package io.github.mailback.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Test helpers: checks on the raw octets of a written message, and parsing with Jakarta Mail. */
final class Wire {
    private Wire() {
    }

    /** Parses the octets as a mail client would. */
    static MimeMessage parse(byte[] octets) {
        try {
            return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(octets));
        } catch (Exception e) {
            throw new AssertionError("Jakarta Mail could not parse the message", e);
        }
    }

    /**
     * Asserts CRLF line ends only, no line over 998 octets, and a header block made of well-formed
     * fields and continuation lines in 7-bit; returns the top-level field names in order.
     */
    static List<String> checkAndListHeaders(byte[] m) {
        int lineStart = 0;
        int longest = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i] == '\r') {
                if (i + 1 >= m.length || m[i + 1] != '\n') {
                    fail("lone CR at octet " + i);
                }
            } else if (m[i] == '\n') {
                if (i == 0 || m[i - 1] != '\r') {
                    fail("lone LF at octet " + i);
                }
                longest = Math.max(longest, i - 1 - lineStart);
                lineStart = i + 1;
            }
        }
        longest = Math.max(longest, m.length - lineStart);
        assertTrue(longest <= 998, "a line has " + longest + " octets");
        assertTrue(m.length >= 2 && m[m.length - 2] == '\r' && m[m.length - 1] == '\n', "ends with CRLF");
        List<String> names = new ArrayList<>();
        int end = headerEnd(m);
        assertTrue(end > 0, "no empty line after the header block");
        for (String line : new String(m, 0, end, StandardCharsets.ISO_8859_1).split("\r\n")) {
            for (char c : line.toCharArray()) {
                assertTrue(c >= 0x20 && c < 0x7f, "header octet 0x" + Integer.toHexString(c) + " in: " + line);
            }
            if (line.startsWith(" ") || line.startsWith("\t")) {
                assertTrue(!names.isEmpty() && !line.isBlank(), "bad continuation line: " + line);
                continue;
            }
            int colon = line.indexOf(':');
            assertTrue(colon > 0, "not a header field: " + line);
            String name = line.substring(0, colon);
            assertTrue(name.chars().allMatch(c -> c > 32 && c < 127), "bad field name: " + name);
            names.add(name);
        }
        return names;
    }

    /** The offset of the CRLF CRLF ending the header block, or -1. */
    static int headerEnd(byte[] m) {
        for (int i = 0; i + 3 < m.length; i++) {
            if (m[i] == '\r' && m[i + 1] == '\n' && m[i + 2] == '\r' && m[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The header block as text (octets as Latin-1), CRLF kept. */
    static String headerBlock(byte[] m) {
        return new String(m, 0, headerEnd(m) + 2, StandardCharsets.ISO_8859_1);
    }

    /**
     * What a body text should read as after a round trip: CRLF line ends, U+FFFD for lone surrogates,
     * and a final line end when it is the whole body ({@code wholeBody}); a body part ends as its text.
     */
    static String expectedBody(String text, boolean wholeBody) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        boolean lineOpen = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                sb.append("\r\n");
                lineOpen = false;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                sb.append(c).append(text.charAt(++i));
                lineOpen = true;
            } else {
                sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
                lineOpen = true;
            }
        }
        if (lineOpen && wholeBody) {
            sb.append("\r\n");
        }
        return sb.toString();
    }

    /** That the parsed message's subject is {@code subject} as cleaned, cut at 250 characters, or none when empty. */
    static void assertSubject(String subject, MimeMessage parsed) throws jakarta.mail.MessagingException {
        String expected = expectedHeaderText(subject);
        if (expected.codePointCount(0, expected.length()) > 250) {
            expected = expected.substring(0, expected.offsetByCodePoints(0, 249)).replaceAll(" +$", "") + "\u2026";
        }
        assertEquals(expected.isEmpty() ? null : expected, parsed.getSubject());
    }

    /** What header text should read as: runs of ASCII white space, controls and separators as one space, trimmed. */
    static String expectedHeaderText(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean breaking = c <= 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029';
            if (breaking) {
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ') {
                    sb.append(' ');
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                sb.append(c).append(text.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return sb.toString().replaceAll("^ +| +$", "");
    }

    /** The text/plain body of a parsed message, whatever its structure. */
    static String textBody(MimeMessage m) {
        try {
            return findPart(m.getContent(), m.getContentType(), "text/plain");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The text/html body of a parsed message, or null. */
    static String htmlBody(MimeMessage m) {
        try {
            return findPart(m.getContent(), m.getContentType(), "text/html");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String findPart(Object content, String contentType, String wanted) throws Exception {
        if (content instanceof jakarta.mail.Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                jakarta.mail.BodyPart part = mp.getBodyPart(i);
                if (jakarta.mail.Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                    continue;
                }
                String found = findPart(part.getContent(), part.getContentType(), wanted);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        return contentType.toLowerCase().startsWith(wanted) ? (String) content : null;
    }
}

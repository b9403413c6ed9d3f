package io.github.mailback.alert;

import io.github.mailback.config.AppFrames;
import io.github.mailback.internal.ControlCharacters;
import io.github.mailback.mime.Header;
import io.github.mailback.mime.MessageIds;
import io.github.mailback.redact.Rule;
import io.github.mailback.report.EmailHeaders;
import io.github.mailback.report.EmailModel;
import io.github.mailback.report.EventSnapshot;
import io.github.mailback.report.GroupReport;
import io.github.mailback.report.HtmlDigest;
import io.github.mailback.report.LayoutBody;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Writes the digest email for the reports of one route: builds its {@link EmailModel} once, renders it
 * as text (Logback's frame, {@link LayoutBody}) and as HTML (the HTML layout's document, or mailback's
 * {@link HtmlDigest}), and adds what threads the emails of one error together: ids, references,
 * Outlook's conversation headers. Used by the sender thread only.
 */
final class EmailComposer {
    /** At most this many references are kept so that the header stays reasonable (RFC 5322 3.6.4). */
    static final int MAX_REFERENCES = 10;
    /** Of the group's id, as hex digits: 128 bits in the references, 64 in the fingerprint header. */
    private static final int ID_HEX = 32;
    private static final int FINGERPRINT_HEX = 16;

    private final LayoutBody text;
    /** The HTML layout's document, or null. */
    private final LayoutBody layoutHtml;
    /** Mailback's HTML digest, or null. */
    private final HtmlDigest digestHtml;
    private final String idDomain;
    private final LongSupplier wallClock;
    private final String service;

    /**
     * @param text the text part's renderer
     * @param layoutHtml the HTML part when it is an HTML layout's document, else null
     * @param digestHtml the HTML part when it is mailback's digest, else null
     * @param idDomain the right-hand side of generated Message-IDs (the From address's domain), see
     *     {@link MessageIds#generate(String)}
     * @param service the name of the service (see {@link AppFrames#service}), which the thread ids and
     *     {@code Thread-Topic} use
     */
    EmailComposer(LayoutBody text, LayoutBody layoutHtml, HtmlDigest digestHtml, String idDomain, LongSupplier wallClock,
            String service) {
        this.text = text;
        this.layoutHtml = layoutHtml;
        this.digestHtml = digestHtml;
        this.idDomain = idDomain;
        this.wallClock = wallClock;
        this.service = service;
    }

    /** Composes the email for these reports plus {@code unkept} events reported by number only. */
    AlertEmail compose(Route route, List<GroupReport> reports, long unkept) {
        EmailModel model = EmailModel.of(reports, unkept);
        GroupReport main = model.main();
        String html = layoutHtml != null ? layoutHtml.write(model) : digestHtml != null ? digestHtml.render(model) : null;
        String messageId = MessageIds.generate(idDomain);
        // Each group's id, the same in every JVM of the service, then this JVM's first email about it:
        // clients thread a fleet's emails about one error under the id no email carries (RFC 5322 3.6.4).
        List<String> references = new ArrayList<>();
        List<Header> headers = new ArrayList<>();
        String at = messageId.substring(messageId.indexOf('@'));
        for (GroupReport r : model.groups()) {
            String hex = HexFormat.of().formatHex(groupId(r.fingerprint()), 0, ID_HEX / 2);
            for (String ref : new String[] {"<mailback.group." + hex + at, r.threadId()}) {
                if (ref != null && !references.contains(ref) && references.size() < MAX_REFERENCES) {
                    references.add(ref);
                }
            }
            if (headers.size() < MAX_REFERENCES) {
                headers.add(new Header(EmailHeaders.FINGERPRINT, hex.substring(0, FINGERPRINT_HEX)));
            }
        }
        if (model.uncleanExits() > 0) {
            headers.add(new Header(EmailHeaders.UNCLEAN_EXITS, Long.toString(model.uncleanExits())));
        }
        String redacted = redacted(model.groups());
        if (!redacted.isEmpty()) {
            headers.add(new Header(EmailHeaders.REDACTED, redacted));
        }
        if (main != null) {
            headers.add(new Header(EmailHeaders.THREAD_TOPIC, topic(main.example().trigger())));
            headers.add(new Header(EmailHeaders.THREAD_INDEX,
                    threadIndex(groupId(main.fingerprint()), main.firstEverMillis())));
            headers.addAll(main.example().headers());
        }
        return new AlertEmail(route, model.subject(), text.write(model), html, model.events(), messageId,
                main != null ? main.threadId() : null, references, wallClock.getAsLong(), headers);
    }

    /** The values redacted in the examples the email shows, by rule, in the rules' order: {@code password=2, jwt=1}. */
    private static String redacted(List<GroupReport> groups) {
        StringBuilder sb = new StringBuilder();
        for (Rule rule : Rule.values()) {
            int n = 0;
            for (GroupReport r : groups) {
                n += r.example() == null ? 0 : r.example().redacted().getOrDefault(rule.id(), 0);
            }
            if (n > 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(rule.id()).append('=').append(n);
            }
        }
        return sb.toString();
    }

    /** An email that reports no event (the configuration check's), with a Message-ID of its own. */
    AlertEmail compose(Route route, String subject, String text, List<Header> headers) {
        return new AlertEmail(route, subject, text, null, 0, MessageIds.generate(idDomain), null, List.of(),
                wallClock.getAsLong(), headers);
    }

    /** A group's id: SHA-256 of the service and the fingerprint, so the same in each JVM of a fleet. */
    private byte[] groupId(String fingerprint) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest((service + '\n' + fingerprint).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    /**
     * Outlook's conversation index, base64 (MS-OXOMSG 2.2.1.3): 1, the 40 high bits of the FILETIME at
     * which this JVM first saw the error, and a GUID that every JVM derives alike from the group's id
     * (as a name-based UUID). Exchange and Outlook take the conversation from the GUID (2.2.1.2), so the
     * fleet's emails about one error meet in one conversation.
     */
    static String threadIndex(byte[] id, long firstMillis) {
        byte[] index = new byte[22];
        index[0] = 1;
        long filetime = (firstMillis + 11_644_473_600_000L) * 10_000; // 100 ns since 1601
        for (int i = 0; i < 5; i++) {
            index[1 + i] = (byte) (filetime >>> (56 - 8 * i));
        }
        System.arraycopy(id, 0, index, 6, 16);
        index[12] = (byte) (index[12] & 0x0f | 0x50); // UUID version 5 (name-based)
        index[14] = (byte) (index[14] & 0x3f | 0x80); // RFC 4122 variant
        return Base64.getEncoder().encodeToString(index);
    }

    /**
     * What Outlook shows above a conversation: what broke and where, without the values and counts
     * that change from one email to the next: the root cause's class and first application frame, or
     * the logger and the message template, then the service.
     */
    private String topic(EventSnapshot e) {
        String s = e.throwable() == null ? AppFrames.simpleName(e.logger()) + " - " + e.template()
                : AppFrames.simpleName(e.throwable().root().className()) + (e.appFrame() == null ? "" : " in " + e.appFrame());
        s = ControlCharacters.oneLine(service == null ? s : s + " on " + service);
        return s.length() > EmailModel.MAX_SUBJECT ? s.substring(0, EmailModel.MAX_SUBJECT) : s;
    }
}

package io.github.mailback.report;

import io.github.mailback.mime.Header;
import java.util.List;

/** The header fields mailback writes on every alert email, which a user's {@code header} must not repeat. */
public final class EmailHeaders {
    /** The number of triggering events an email reports, so that mail filters and tests can add them up. */
    public static final String EVENTS = "X-Mailback-Events";
    /** One per group (the first ten): 16 hex digits of the group's id, the same in every JVM, for mail filters. */
    public static final String FINGERPRINT = "X-Mailback-Fingerprint";
    /** Runs of the service that ended without a clean stop, which the email reports (they count 0 in EVENTS). */
    public static final String UNCLEAN_EXITS = "X-Mailback-Unclean-Exits";
    /** Values redacted, by rule: {@code password=2, jwt=1}. */
    public static final String REDACTED = "X-Mailback-Redacted";
    /** What Outlook shows above a conversation. */
    public static final String THREAD_TOPIC = "Thread-Topic";
    /** Outlook's conversation index (MS-OXOMSG 2.2.1.3). */
    public static final String THREAD_INDEX = "Thread-Index";
    /**
     * What every email also says, so that no auto-reply comes back: RFC 3834 section 5's
     * {@code Auto-Submitted}, and Exchange's {@code X-Auto-Response-Suppress} (out-of-office replies and
     * the like), which Outlook and Exchange honour instead.
     */
    public static final List<Header> AUTOMATIC = List.of(new Header("Auto-Submitted", "auto-generated"),
            new Header("X-Auto-Response-Suppress", "All"));

    private static final List<String> WRITTEN = List.of(EVENTS, FINGERPRINT, THREAD_TOPIC, THREAD_INDEX, UNCLEAN_EXITS,
            REDACTED);

    private EmailHeaders() {
    }

    /** True for a field every email carries already. */
    public static boolean isWritten(String name) {
        for (String w : WRITTEN) {
            if (w.equalsIgnoreCase(name)) {
                return true;
            }
        }
        for (Header h : AUTOMATIC) {
            if (h.name().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}

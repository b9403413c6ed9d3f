package io.github.mailback.testing;

/** The points of an SMTP session where {@link ScriptedSmtpServer} can be told to answer differently. */
public enum SmtpStage {
    /** The 220 greeting, before any command. */
    GREETING,
    EHLO,
    HELO,
    STARTTLS,
    AUTH,
    MAIL,
    RCPT,
    /** The DATA command itself (normally answered 354). */
    DATA,
    /** The final dot that ends the message content (normally answered 250). */
    DATA_END,
    RSET,
    NOOP,
    QUIT;

    /** The stage of a command verb, or null for a verb the server does not know. */
    static SmtpStage ofVerb(String verb) {
        switch (verb) {
            case "EHLO": return EHLO;
            case "HELO": return HELO;
            case "STARTTLS": return STARTTLS;
            case "AUTH": return AUTH;
            case "MAIL": return MAIL;
            case "RCPT": return RCPT;
            case "DATA": return DATA;
            case "RSET": return RSET;
            case "NOOP": return NOOP;
            case "QUIT": return QUIT;
            default: return null;
        }
    }
}

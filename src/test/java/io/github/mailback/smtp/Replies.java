package io.github.mailback.smtp;

import java.util.List;
import java.util.Map;

/** Replies and results as a server would give them, for tests of code that reacts to them (their constructors are not public). */
public final class Replies {
    private Replies() {
    }

    public static SmtpReply reply(int code, String enhancedCode, String... lines) {
        return new SmtpReply(code, enhancedCode, List.of(lines));
    }

    public static SendResult result(List<String> accepted, Map<String, SmtpReply> refused, SmtpReply dataReply) {
        return new SendResult(accepted, refused, dataReply);
    }
}

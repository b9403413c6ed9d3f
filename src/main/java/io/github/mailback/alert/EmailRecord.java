package io.github.mailback.alert;

import io.github.mailback.internal.Bytes;
import io.github.mailback.internal.ControlCharacters;
import io.github.mailback.mime.Header;
import io.github.mailback.mime.MessageIds;
import java.util.ArrayList;
import java.util.List;

/** An email as the spool keeps it; its recipients come from the current configuration, never from here. */
final class EmailRecord {
    private static final int FORMAT = 1;
    private static final int MAX_ITEMS = 1024;

    private EmailRecord() {
    }

    static byte[] write(AlertEmail e) {
        Bytes.Out out = new Bytes.Out().writeByte(FORMAT).writeString(e.subject()).writeString(e.text())
                .writeString(e.html()).writeLong(e.events()).writeString(e.messageId()).writeString(e.inReplyTo())
                .writeStrings(e.references()).writeLong(e.epochMillis()).writeInt(e.headers().size());
        for (Header h : e.headers()) {
            out.writeString(h.name()).writeString(h.value());
        }
        return out.toByteArray();
    }

    static AlertEmail read(byte[] bytes, Route route) throws Bytes.MalformedException {
        Bytes.In in = new Bytes.In(bytes);
        if (in.readByte() != FORMAT) {
            throw new Bytes.MalformedException("an email record of another format");
        }
        try {
            String subject = in.readRequired();
            String text = in.readRequired();
            String html = in.readString();
            long events = in.readLong();
            String messageId = MessageIds.check(in.readRequired());
            String inReplyTo = in.readString();
            List<String> references = new ArrayList<>();
            for (String reference : in.readStrings(MAX_ITEMS)) {
                references.add(MessageIds.check(reference));
            }
            long epochMillis = in.readLong();
            int n = in.readCount(MAX_ITEMS);
            List<Header> headers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                headers.add(new Header(in.readRequired(), ControlCharacters.oneLine(in.readRequired())));
            }
            in.end();
            if (events < 0) {
                throw new Bytes.MalformedException("a negative count");
            }
            return new AlertEmail(route, subject, text, html, events, messageId,
                    inReplyTo == null ? null : MessageIds.check(inReplyTo), references,
                    epochMillis, headers);
        } catch (IllegalArgumentException e) {
            throw new Bytes.MalformedException("an email record holds an impossible value: " + e.getMessage());
        }
    }
}

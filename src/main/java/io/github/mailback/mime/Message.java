package io.github.mailback.mime;

import io.github.mailback.smtp.Envelope;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** An email: addresses, subject, threading fields, custom headers, a text body, HTML and attachments. */
public final class Message {
    private final Address from;
    private final List<Address> to;
    private final List<Address> cc;
    private final List<Address> bcc;
    private final List<Address> replyTo;
    private final String subject;
    private final ZonedDateTime date;
    private final String messageId;
    private final String inReplyTo;
    private final List<String> references;
    private final List<Header> headers;
    private final String text;
    private final Path textFile;
    private final String html;
    private final List<Attachment> attachments;

    private Message(Builder b) {
        this.from = b.from;
        this.to = List.copyOf(b.to);
        this.cc = List.copyOf(b.cc);
        this.bcc = List.copyOf(b.bcc);
        this.replyTo = List.copyOf(b.replyTo);
        this.subject = b.subject;
        this.date = b.date != null ? b.date : ZonedDateTime.now();
        this.messageId = b.messageId != null ? b.messageId : MessageIds.generate();
        this.inReplyTo = b.inReplyTo;
        this.references = List.copyOf(b.references);
        this.headers = List.copyOf(b.headers);
        this.text = b.text;
        this.textFile = b.textFile;
        this.html = b.html;
        this.attachments = List.copyOf(b.attachments);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The author. */
    public Address from() {
        return from;
    }

    /** The To recipients. */
    public List<Address> to() {
        return to;
    }

    /** The Cc recipients. */
    public List<Address> cc() {
        return cc;
    }

    /** Recipients that get the message without appearing in any header. */
    public List<Address> bcc() {
        return bcc;
    }

    /** Where replies should go; empty when to the author. */
    public List<Address> replyTo() {
        return replyTo;
    }

    /** The subject as given (the writer cleans and cuts it); empty when none. */
    public String subject() {
        return subject;
    }

    /** The Date field. */
    public ZonedDateTime date() {
        return date;
    }

    /** The Message-ID, in angle brackets. */
    public String messageId() {
        return messageId;
    }

    /** The Message-ID this one answers, in angle brackets, or null. */
    public String inReplyTo() {
        return inReplyTo;
    }

    /** Message-IDs of the thread, oldest first. */
    public List<String> references() {
        return references;
    }

    /** The custom header fields, in order. */
    public List<Header> headers() {
        return headers;
    }

    /** The value of the first custom header with this name (case-insensitive), or null. */
    public String header(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** The plain text body; empty when none, or when it is read from {@link #textFile()}. */
    public String text() {
        return text;
    }

    /** The file the plain text body is read from when the message is written, or null when it is {@link #text()}. */
    public Path textFile() {
        return textFile;
    }

    /** The HTML alternative, or null. */
    public String html() {
        return html;
    }

    /** The attachments, in order. */
    public List<Attachment> attachments() {
        return attachments;
    }

    /** The SMTP envelope: From, then To, Cc and Bcc, duplicates removed. */
    public Envelope envelope() {
        List<String> recipients = new ArrayList<>(to.size() + cc.size() + bcc.size());
        for (List<Address> list : List.of(to, cc, bcc)) {
            for (Address a : list) {
                recipients.add(a.email());
            }
        }
        return Envelope.of(from.email(), recipients);
    }

    @Override
    public String toString() {
        return "Message{" + messageId + ", from=" + from + ", to=" + to + ", cc=" + cc + ", bcc=" + bcc.size()
                + ", subject=" + HeaderText.cut(HeaderText.clean(subject), 60) + "}";
    }

    /** Builds a {@link Message}; list methods add to what was given before. */
    public static final class Builder {
        private Address from;
        private final List<Address> to = new ArrayList<>();
        private final List<Address> cc = new ArrayList<>();
        private final List<Address> bcc = new ArrayList<>();
        private final List<Address> replyTo = new ArrayList<>();
        private String subject = "";
        private ZonedDateTime date;
        private String messageId;
        private String inReplyTo;
        private final List<String> references = new ArrayList<>();
        private final List<Header> headers = new ArrayList<>();
        private String text = "";
        private Path textFile;
        private String html;
        private final List<Attachment> attachments = new ArrayList<>();

        private Builder() {
        }

        /** The author (required). */
        public Builder from(Address from) {
            this.from = Objects.requireNonNull(from, "from");
            return this;
        }

        /** Adds To recipients. */
        public Builder to(Address... addresses) {
            return to(Arrays.asList(addresses));
        }

        /** Adds To recipients. */
        public Builder to(List<Address> addresses) {
            return add(to, addresses);
        }

        /** Adds Cc recipients. */
        public Builder cc(Address... addresses) {
            return cc(Arrays.asList(addresses));
        }

        /** Adds Cc recipients. */
        public Builder cc(List<Address> addresses) {
            return add(cc, addresses);
        }

        /** Adds Bcc recipients: envelope only, never a header. */
        public Builder bcc(Address... addresses) {
            return bcc(Arrays.asList(addresses));
        }

        /** Adds Bcc recipients: envelope only, never a header. */
        public Builder bcc(List<Address> addresses) {
            return add(bcc, addresses);
        }

        /** Adds Reply-To addresses. */
        public Builder replyTo(Address... addresses) {
            return replyTo(Arrays.asList(addresses));
        }

        /** Adds Reply-To addresses. */
        public Builder replyTo(List<Address> addresses) {
            return add(replyTo, addresses);
        }

        /** Any text; see {@link MessageWriter} for how it is cleaned and cut. */
        public Builder subject(String subject) {
            this.subject = Objects.requireNonNull(subject, "subject");
            return this;
        }

        /** The Date field; defaults to the time {@link #build()} runs, in the system zone. */
        public Builder date(ZonedDateTime date) {
            this.date = Objects.requireNonNull(date, "date");
            return this;
        }

        /**
         * {@code <left@right>} (brackets added when missing); defaults to a new unique id with this host's
         * name on the right ({@link MessageIds#generate(String)} makes one with another domain).
         */
        public Builder messageId(String messageId) {
            this.messageId = MessageIds.check(messageId);
            return this;
        }

        /** The Message-ID this message answers (null for none). */
        public Builder inReplyTo(String messageId) {
            this.inReplyTo = messageId == null ? null : MessageIds.check(messageId);
            return this;
        }

        /** Replaces the References list (Message-IDs of the thread, oldest first). */
        public Builder references(List<String> messageIds) {
            List<String> checked = new ArrayList<>(messageIds.size());
            for (String id : messageIds) {
                checked.add(MessageIds.check(id));
            }
            references.clear();
            references.addAll(checked);
            return this;
        }

        /** Adds a custom header; see {@link Header} for the names refused. */
        public Builder header(String name, String value) {
            headers.add(new Header(name, value));
            return this;
        }

        /** The plain text body; replaces a {@link #textFile(Path)}. */
        public Builder text(String text) {
            this.text = Objects.requireNonNull(text, "text");
            this.textFile = null;
            return this;
        }

        /**
         * The plain text body, read from a file of UTF-8 text (a malformed sequence becomes U+FFFD) each time
         * the message is written rather than held in memory, for a body as large as the disk allows;
         * replaces a {@link #text(String)}. Written as the same text given as a string would be, except that
         * in a multipart message a file holding {@code =_mailback_} is sent quoted-printable. Read twice per
         * message (three times when it goes quoted-printable), so it must be a regular file, not a pipe;
         * see {@link MessageWriter#content} for a file that changes meanwhile.
         */
        public Builder textFile(Path file) {
            this.textFile = Objects.requireNonNull(file, "file");
            this.text = "";
            return this;
        }

        /** An HTML alternative to the text (null for none). */
        public Builder html(String html) {
            this.html = html;
            return this;
        }

        /** Adds an attachment. */
        public Builder attach(Attachment attachment) {
            attachments.add(Objects.requireNonNull(attachment, "attachment"));
            return this;
        }

        /** The message; throws {@link IllegalStateException} without a From or without any recipient. */
        public Message build() {
            if (from == null) {
                throw new IllegalStateException("no from address");
            }
            if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
                throw new IllegalStateException("no recipient (to, cc or bcc)");
            }
            return new Message(this);
        }

        private Builder add(List<Address> list, List<Address> addresses) {
            for (Address a : addresses) {
                list.add(Objects.requireNonNull(a, "address"));
            }
            return this;
        }
    }
}

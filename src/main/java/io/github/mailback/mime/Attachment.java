package io.github.mailback.mime;

import java.util.Objects;
import java.util.regex.Pattern;

/** A file attached to a message; always sent base64 encoded (RFC 2045 section 6.8). */
public final class Attachment {
    /** RFC 2045 section 5.1: type "/" subtype, then optional ";" parameters (token or quoted-string). */
    private static final String TOKEN = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+";
    private static final Pattern CONTENT_TYPE = Pattern.compile(
            TOKEN + "/" + TOKEN + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"([^\"\\\\\\p{Cntrl}]|\\\\[ -~])*\"))*");

    private final String fileName;
    private final String contentType;
    private final byte[] data;

    private Attachment(String fileName, String contentType, byte[] data) {
        this.fileName = fileName;
        this.contentType = contentType;
        this.data = data;
    }

    /**
     * An attachment of a copy of {@code data}. The content type is {@code type/subtype} with optional
     * parameters, for example {@code text/plain; charset=UTF-8}; the file name is any text (written
     * with the header rule of this package, RFC 2231 encoded when not ASCII).
     */
    public static Attachment of(String fileName, String contentType, byte[] data) {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(data, "data");
        if (HeaderText.clean(fileName).isEmpty()) {
            throw new IllegalArgumentException("blank file name");
        }
        String type = contentType.strip();
        if (type.length() > 200 || !CONTENT_TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("not a content type: " + HeaderText.clean(contentType));
        }
        return new Attachment(fileName, type, data.clone());
    }

    /** The file name as given. */
    public String fileName() {
        return fileName;
    }

    /** The content type, for example {@code application/octet-stream}. */
    public String contentType() {
        return contentType;
    }

    /** A copy of the content. */
    public byte[] data() {
        return data.clone();
    }

    /** The size of the content in octets. */
    public int size() {
        return data.length;
    }

    /** The content itself, for the writer (not copied). */
    byte[] bytes() {
        return data;
    }

    @Override
    public String toString() {
        return "Attachment{" + HeaderText.clean(fileName) + ", " + contentType + ", " + data.length + " octets}";
    }
}

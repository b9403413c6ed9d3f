package io.github.mailback.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class MessageTest {
    private static Message.Builder base() {
        return Message.builder().from(Address.of("app@example.com")).to(Address.of("ops@example.com"));
    }

    @Test
    void fromAndARecipientAreRequired() {
        assertThrows(IllegalStateException.class, () -> Message.builder().to(Address.of("a@example.com")).build());
        assertThrows(IllegalStateException.class, () -> Message.builder().from(Address.of("a@example.com")).build());
    }

    @Test
    void defaultsAreADateAndAUniqueMessageId() {
        Message a = base().build();
        Message b = base().build();
        assertNotNull(a.date());
        assertTrue(a.messageId().matches("<[^<>@\\s]+@[^<>@\\s]+>"), a.messageId());
        assertNotEquals(a.messageId(), b.messageId());
        assertEquals("", a.subject());
        assertEquals("", a.text());
    }

    @Test
    void generatedIdsAreRandomOnTheLeftWithTheGivenDomainOnTheRight() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = MessageIds.generate("example.com");
            assertTrue(id.matches("<mailback\\.[0-9a-f]{24}@example\\.com>"), id);
            assertTrue(ids.add(id), id);
        }
        assertTrue(base().build().messageId().matches("<mailback\\.[0-9a-f]{24}@[^<>@\\s]+>"), "the default's form");
    }

    @Test
    void aGeneratedIdsDomainIsWrittenSoThatTheIdIsValid() {
        assertTrue(MessageIds.generate("b\u00fccher.example").endsWith("@xn--bcher-kva.example>"));
        assertTrue(MessageIds.generate("[192.0.2.1]").endsWith("@192.0.2.1>"));
        for (String domain : List.of("b\u00fccher.example", "[192.0.2.1]", "ex ample.com>\r\nBcc: a@b", "\u2028", "")) {
            String id = MessageIds.generate(domain);
            assertEquals(id, base().messageId(id).build().messageId());
        }
    }

    @Test
    void envelopeHoldsFromAndEveryRecipientOnce() {
        Message m = base().cc(Address.of("c@example.com")).bcc(Address.of("b@example.com"), Address.of("ops@example.com")).build();
        assertEquals("app@example.com", m.envelope().from());
        assertEquals(List.of("ops@example.com", "c@example.com", "b@example.com"), m.envelope().recipients());
    }

    @Test
    void messageIdsAreValidatedAndBracketed() {
        assertEquals("<x@y>", base().messageId("x@y").build().messageId());
        assertThrows(IllegalArgumentException.class, () -> base().messageId("<x y@z>"));
        assertThrows(IllegalArgumentException.class, () -> base().messageId("<x@y>\r\nBcc: a@b"));
        assertThrows(IllegalArgumentException.class, () -> base().inReplyTo("no-at"));
        assertThrows(IllegalArgumentException.class, () -> base().references(List.of("<a@b>", "<c>")));
    }

    @Test
    void customHeaderNamesAreValidatedAndWriterOwnedOnesRefused() {
        assertEquals("3", base().header("X-Mailback-Events", "3").build().header("x-mailback-events"));
        for (String name : List.of("Bcc", "to", "Subject", "Content-Type", "MIME-Version", "Message-ID", "From", "Date",
                "Content-Disposition", "Sender", "Reply-To")) {
            assertThrows(IllegalArgumentException.class, () -> base().header(name, "x"), name);
        }
        for (String name : List.of("", "X Bad", "X:Bad", "X-\u00e9", "X-Bad\r\n")) {
            assertThrows(IllegalArgumentException.class, () -> base().header(name, "x"), name);
        }
    }

    @Test
    void listsAreImmutableAndAttachmentsCopied() {
        byte[] data = {1, 2, 3};
        Attachment attachment = Attachment.of("a.bin", "application/octet-stream", data);
        data[0] = 9;
        Message m = base().attach(attachment).build();
        assertArrayEquals(new byte[] {1, 2, 3}, m.attachments().get(0).data());
        assertThrows(UnsupportedOperationException.class, () -> m.to().add(Address.of("x@example.com")));
    }

    @Test
    void attachmentContentTypesAreValidated() {
        Attachment.of("a.log", "text/plain; charset=UTF-8", new byte[0]);
        Attachment.of("a.log", "text/plain; name=\"x y\"", new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> Attachment.of("a", "text", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> Attachment.of("a", "text/plain\r\nBcc: x@y", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> Attachment.of(" \r\n", "text/plain", new byte[0]));
    }
}

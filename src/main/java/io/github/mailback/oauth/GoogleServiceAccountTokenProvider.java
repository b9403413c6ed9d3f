package io.github.mailback.oauth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Tokens for Gmail (Google Workspace) from a service account with domain-wide delegation: the JWT
 * bearer grant (RFC 7523) signed RS256 with the key from {@code keyFile}, the service account's JSON
 * key, impersonating {@code subject} (by default the appender's {@code username}) with the
 * {@code scope} {@code https://mail.google.com/}. The key file is read at each fetch, so a rotated
 * key is picked up.
 */
public final class GoogleServiceAccountTokenProvider extends TokenEndpoint {
    /** The scope that allows SMTP. */
    public static final String DEFAULT_SCOPE = "https://mail.google.com/";
    private static final String DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";
    private static final String JWT_HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private String keyFile;
    private String subject;
    private String scope = DEFAULT_SCOPE;

    /** A provider to configure with the setters. */
    public GoogleServiceAccountTokenProvider() {
    }

    /** The path of the service account's JSON key file. */
    public void setKeyFile(String keyFile) {
        this.keyFile = keyFile;
    }

    /** The user to impersonate; default: the mailbox the client authenticates as. */
    public void setSubject(String subject) {
        this.subject = subject;
    }

    /** The scope asked for; default {@code https://mail.google.com/}. */
    public void setScope(String scope) {
        this.scope = scope;
    }

    /** Reads the key file and signs a grant, without a network call. */
    @Override
    public void check() {
        try {
            grant("check@example.com");
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    @Override
    Grant grant(String user) throws IOException {
        required("keyFile scope", keyFile, scope);
        Map<String, Object> key;
        try (InputStream in = Files.newInputStream(Path.of(keyFile))) {
            byte[] json = in.readNBytes(MAX_ANSWER + 1);
            key = json.length > MAX_ANSWER ? Map.of() : Json.parse(new String(json, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("keyFile " + keyFile + " cannot be read: " + e, e);
        }
        String tokenUri = key.get("token_uri") instanceof String u ? u : DEFAULT_TOKEN_URI;
        long now = System.currentTimeMillis() / 1000;
        // RFC 7523 section 3: the audience is the token endpoint; Google allows an hour at most.
        String claims = "{\"iss\":" + Json.quote(text(key, "client_email")) + ",\"sub\":"
                + Json.quote(subject != null ? subject : user) + ",\"scope\":" + Json.quote(scope) + ",\"aud\":"
                + Json.quote(tokenUri) + ",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}";
        String jwt = base64url(JWT_HEADER) + "." + base64url(claims);
        String pem = text(key, "private_key");
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        try {
            if (begin < 0 || end < begin) {
                throw new GeneralSecurityException("not a PKCS#8 PEM key");
            }
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem.substring(begin + 27, end)))));
            rs256.update(jwt.getBytes(StandardCharsets.US_ASCII));
            jwt += "." + BASE64URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("keyFile " + keyFile + ": the private_key cannot sign: " + e.getMessage());
        }
        return new Grant(endpoint("the token_uri of keyFile", tokenUri),
                form("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion", jwt), null, List.of(jwt));
    }

    private String text(Map<String, Object> key, String name) throws IOException {
        if (key.get(name) instanceof String s) {
            return s;
        }
        throw new IOException("keyFile " + keyFile + " is not a service account key: no " + name);
    }

    private static String base64url(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}

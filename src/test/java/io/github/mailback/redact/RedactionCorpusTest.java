package io.github.mailback.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 20, point 7: realistic log lines that carry a secret, each with the exact text expected (where
 * the marker goes, what stays), and look-alikes that must come out as they went in. The secrets are
 * made at run time by {@link Fakes}.
 */
@Timeout(30)
class RedactionCorpusTest {
    private static final Redactor REDACTOR = Redactor.standard();

    record Case(String name, String input, String expected) {
    }

    static String m(String rule) {
        return "[redacted:" + rule + "]";
    }

    static List<Case> secrets() {
        Fakes f = new Fakes(20);
        List<Case> c = new ArrayList<>();
        String pw = f.password(12);
        String p = m("password");

        // Values under keys, in the forms Java prints them.
        c.add(new Case("key=value", "Login failed for user=alice password=" + pw + " from web-3",
                "Login failed for user=alice password=" + p + " from web-3"));
        c.add(new Case("camelCase key", "Updating profile userPassword=" + pw, "Updating profile userPassword=" + p));
        c.add(new Case("snake_case key", "env DB_PWD=" + pw + " loaded", "env DB_PWD=" + p + " loaded"));
        c.add(new Case("fused upper-case key", "PGPASSWORD=" + pw + " psql -h db", "PGPASSWORD=" + p + " psql -h db"));
        c.add(new Case("record toString", "Credentials[user=alice, password=" + pw + "]",
                "Credentials[user=alice, password=" + p + "]"));
        c.add(new Case("Lombok toString", "DataSourceProperties(url=jdbc:h2:mem:shop, username=sa, password=" + pw + ")",
                "DataSourceProperties(url=jdbc:h2:mem:shop, username=sa, password=" + p + ")"));
        c.add(new Case("IDE toString, quoted", "User{name='alice', password='" + pw + "&x y'}",
                "User{name='alice', password='" + p + "'}"));
        String apiKey = f.alnum(32);
        c.add(new Case("Map toString", "{apiKey=" + apiKey + ", region=eu-west-1}",
                "{apiKey=" + m("api-key") + ", region=eu-west-1}"));
        String secret = f.alnum(40);
        c.add(new Case("JSON", "{\"client_secret\":\"" + secret + "\",\"grant_type\":\"client_credentials\"}",
                "{\"client_secret\":\"" + m("secret") + "\",\"grant_type\":\"client_credentials\"}"));
        c.add(new Case("escaped JSON in a message", "body={\\\"password\\\":\\\"p@ss " + pw + "\\\"}",
                "body={\\\"password\\\":\\\"" + p + "\\\"}"));
        c.add(new Case("YAML", "  password: " + pw, "  password: " + p));
        c.add(new Case("Groovy map", "[user:alice, password:" + pw + "]", "[user:alice, password:" + p + "]"));
        String token = f.alnum(40);
        c.add(new Case("query string", "GET /callback?code=xyz&access_token=" + token + "&state=af0ifjsldkj",
                "GET /callback?code=xyz&access_token=" + m("token") + "&state=af0ifjsldkj"));
        c.add(new Case("API key header", "X-Api-Key: " + apiKey, "X-Api-Key: " + m("api-key")));
        c.add(new Case("token header", "X-Auth-Token: " + token, "X-Auth-Token: " + m("token")));
        c.add(new Case("XML element", "<password>" + pw + "</password>", "<password>" + p + "</password>"));
        c.add(new Case("XML entry", "<entry key=\"db.password\">" + pw + "</entry>", "<entry key=\"db.password\">" + p
                + "</entry>"));
        c.add(new Case("Spring XML property", "<property name=\"password\" value=\"" + pw + "\"/>",
                "<property name=\"password\" value=\"" + p + "\"/>"));
        c.add(new Case("JDBC connection string", "jdbc:sqlserver://db:1433;databaseName=shop;user=sa;password=" + pw
                + ";encrypt=true", "jdbc:sqlserver://db:1433;databaseName=shop;user=sa;password=" + p + ";encrypt=true"));
        c.add(new Case("ADO.NET connection string, spaces in the value", "Server=tcp:db,1433;Initial Catalog=shop;"
                + "User ID=app;Password=correct horse " + pw + ";Encrypt=True;",
                "Server=tcp:db,1433;Initial Catalog=shop;User ID=app;Password=" + p + ";Encrypt=True;"));
        c.add(new Case("properties with spaces", "spring.datasource.password = " + pw,
                "spring.datasource.password = " + p));
        c.add(new Case("command-line flag", "java -jar app.jar --db-password=" + pw + " --port=8080",
                "java -jar app.jar --db-password=" + p + " --port=8080"));
        c.add(new Case("system property", "-Djavax.net.ssl.keyStorePassword=" + pw,
                "-Djavax.net.ssl.keyStorePassword=" + p));
        c.add(new Case("value then prose", "password: " + pw + " rejected", "password: " + p + " rejected"));
        c.add(new Case("secret key", "jwtSecret=" + secret, "jwtSecret=" + m("secret")));
        c.add(new Case("private key name", "private_key=" + secret, "private_key=" + m("secret")));
        c.add(new Case("token in JSON", "{\"refresh_token\": \"" + token + "\"}", "{\"refresh_token\": \"" + m("token")
                + "\"}"));
        String session = f.of(Fakes.HEX, 32).toUpperCase();
        c.add(new Case("session id", "JSESSIONID=" + session + "; Path=/shop", "JSESSIONID=" + m("session-id")
                + "; Path=/shop"));
        c.add(new Case("one-time password", "Verifying otp=482913 for alice", "Verifying otp=" + m("otp")
                + " for alice"));
        c.add(new Case("PIN", "card.pin=4821", "card.pin=" + m("pin")));
        String visa = f.card("4", 16);
        c.add(new Case("card and CVV in JSON", "{\"cardNumber\":\"" + visa + "\",\"cvv\":\"123\"}",
                "{\"cardNumber\":\"" + m("card-number") + "\",\"cvv\":\"" + m("cvv") + "\"}"));
        c.add(new Case("credentials", "credentials=alice:" + pw, "credentials=" + m("credentials")));
        c.add(new Case("npm registry auth line", "//registry.npmjs.org/:_authToken=" + token,
                "//registry.npmjs.org/:_authToken=" + m("token")));
        String opaque = f.alnum(36);
        c.add(new Case("token key with a scheme", "token: Bearer " + opaque, "token: Bearer " + m("token")));

        // Authorization, bearer tokens, cookies.
        c.add(new Case("Basic", "Authorization: Basic " + Fakes.base64("alice:" + pw),
                "Authorization: Basic " + m("authorization")));
        c.add(new Case("Bearer JWT", "Authorization: Bearer " + f.jwt(), "Authorization: Bearer " + m("authorization")));
        c.add(new Case("Proxy-Authorization", "Proxy-Authorization: Basic " + Fakes.base64("proxy:" + pw),
                "Proxy-Authorization: Basic " + m("authorization")));
        c.add(new Case("Digest", "Authorization: Digest username=\"alice\", realm=\"shop\", nonce=\"" + f.of(Fakes.HEX, 32)
                + "\", uri=\"/cart\", response=\"" + f.of(Fakes.HEX, 32) + "\"",
                "Authorization: Digest " + m("authorization")));
        c.add(new Case("Spring HttpHeaders toString", "[Authorization:\"Bearer " + opaque
                + "\", Accept:\"application/json\"]",
                "[Authorization:\"Bearer " + m("authorization") + "\", Accept:\"application/json\"]"));
        c.add(new Case("bearer token in prose", "Calling https://api.example.com/v1/orders with Bearer " + opaque
                + " failed: 401", "Calling https://api.example.com/v1/orders with Bearer " + m("bearer") + " failed: 401"));
        c.add(new Case("Cookie", "Cookie: SESSION=" + f.alnum(24) + "; theme=dark",
                "Cookie: SESSION=" + m("cookie") + "; theme=" + m("cookie")));
        c.add(new Case("Set-Cookie keeps its attributes", "Set-Cookie: remember_me=" + f.alnum(24)
                + "; Path=/; Max-Age=2592000; HttpOnly; Secure",
                "Set-Cookie: remember_me=" + m("cookie") + "; Path=/; Max-Age=2592000; HttpOnly; Secure"));

        // JWTs.
        c.add(new Case("JWT in an exception message", "Token rejected by resource server: " + f.jwt(),
                "Token rejected by resource server: " + m("jwt")));
        c.add(new Case("JWT in prose", "Could not verify " + f.jwt() + " (signature mismatch)",
                "Could not verify " + m("jwt") + " (signature mismatch)"));

        // Passwords in URLs.
        c.add(new Case("PostgreSQL JDBC URL", "Connection to jdbc:postgresql://shop:" + pw
                + "@db.internal:5432/shop refused", "Connection to jdbc:postgresql://shop:" + m("url-password")
                + "@db.internal:5432/shop refused"));
        c.add(new Case("mongodb+srv", "mongodb+srv://app:" + pw + "@cluster0.ab1cd.mongodb.net/shop?retryWrites=true",
                "mongodb+srv://app:" + m("url-password") + "@cluster0.ab1cd.mongodb.net/shop?retryWrites=true"));
        c.add(new Case("redis without a user", "redis://:" + pw + "@cache:6379/0", "redis://:" + m("url-password")
                + "@cache:6379/0"));
        c.add(new Case("AMQP in an exception", "java.net.ConnectException: amqp://guest:" + pw + "@rabbit:5672/ unreachable",
                "java.net.ConnectException: amqp://guest:" + m("url-password") + "@rabbit:5672/ unreachable"));
        c.add(new Case("Oracle thin", "jdbc:oracle:thin:scott/" + pw + "@//db.internal:1521/ORCL",
                "jdbc:oracle:thin:scott/" + m("url-password") + "@//db.internal:1521/ORCL"));
        String ghs = "gh" + "s_" + f.alnum(36);
        c.add(new Case("token in a git URL", "git push failed: https://x-access-token:" + ghs + "@github.com/acme/shop.git",
                "git push failed: https://x-access-token:" + m("github-token") + "@github.com/acme/shop.git"));

        // PEM private keys.
        String rsa = "RSA PRIVATE KEY";
        c.add(new Case("PEM key", Fakes.begin(rsa) + "\n" + f.pemLines(3, "\n") + Fakes.end(rsa),
                Fakes.begin(rsa) + "\n" + m("pem-private-key") + "\n" + Fakes.end(rsa)));
        String pkcs8 = "PRIVATE KEY";
        c.add(new Case("truncated PEM key", "Failed to load key: " + Fakes.begin(pkcs8) + "\n" + f.of(Fakes.BASE64, 64)
                + "\n" + f.of(Fakes.BASE64, 20) + "... (truncated)",
                "Failed to load key: " + Fakes.begin(pkcs8) + "\n" + m("pem-private-key") + "... (truncated)"));
        c.add(new Case("PEM key in escaped JSON", "{\"type\":\"service_account\",\"pem\":\"" + Fakes.begin(pkcs8) + "\\n"
                + f.pemLines(2, "\\n") + Fakes.end(pkcs8) + "\\n\"}",
                "{\"type\":\"service_account\",\"pem\":\"" + Fakes.begin(pkcs8) + "\\n" + m("pem-private-key") + "\\n"
                + Fakes.end(pkcs8) + "\\n\"}"));
        String openssh = "OPENSSH PRIVATE KEY";
        c.add(new Case("OpenSSH key", Fakes.begin(openssh) + "\r\n" + f.pemLines(2, "\r\n") + Fakes.end(openssh),
                Fakes.begin(openssh) + "\r\n" + m("pem-private-key") + "\r\n" + Fakes.end(openssh)));
        c.add(new Case("encrypted PEM key with its headers", Fakes.begin(rsa) + "\nProc-Type: 4,ENCRYPTED\nDEK-Info: "
                + "AES-128-CBC," + f.of(Fakes.HEX, 32).toUpperCase() + "\n\n" + f.pemLines(2, "\n") + Fakes.end(rsa),
                Fakes.begin(rsa) + "\n" + m("pem-private-key") + "\n" + Fakes.end(rsa)));

        // Vendor tokens.
        String aws = "AK" + "IA" + f.of(Fakes.UPPER + "234567", 16);
        c.add(new Case("AWS access key id", "The AWS Access Key Id you provided does not exist in our records. "
                + "(Service: S3, Status Code: 403) keyId=" + aws,
                "The AWS Access Key Id you provided does not exist in our records. (Service: S3, Status Code: 403) keyId="
                + m("aws-access-key-id")));
        c.add(new Case("AWS secret access key", "aws_secret_access_key=" + f.of(Fakes.BASE64, 40),
                "aws_secret_access_key=" + m("api-key")));
        c.add(new Case("GitHub fine-grained token", "gh auth failed for github" + "_pat_" + f.of(Fakes.ALNUM + "_", 82),
                "gh auth failed for " + m("github-token")));
        c.add(new Case("GitHub classic token", "Using token gh" + "p_" + f.alnum(36) + " for the release",
                "Using token " + m("github-token") + " for the release"));
        c.add(new Case("GitLab token", "PRIVATE-TOKEN header was gl" + "pat-" + f.alnum(20),
                "PRIVATE-TOKEN header was " + m("gitlab-token")));
        c.add(new Case("Slack bot token", "slack.post failed, token xo" + "xb-" + f.of(Fakes.DIGITS, 12) + "-"
                + f.of(Fakes.DIGITS, 13) + "-" + f.alnum(24), "slack.post failed, token " + m("slack-token")));
        c.add(new Case("Slack webhook", "POST https://hooks.slack.com/services/T" + f.of(Fakes.UPPER + Fakes.DIGITS, 8)
                + "/B" + f.of(Fakes.UPPER + Fakes.DIGITS, 10) + "/" + f.alnum(24) + " returned 404",
                "POST https://hooks.slack.com/services/" + m("slack-webhook") + " returned 404"));
        c.add(new Case("Stripe secret key", "Stripe request with key s" + "k_live_" + f.alnum(24) + " failed",
                "Stripe request with key " + m("stripe-key") + " failed"));
        c.add(new Case("Stripe webhook secret", "webhook signing with wh" + "sec_" + f.alnum(32),
                "webhook signing with " + m("stripe-key")));
        c.add(new Case("Google API key in a URL", "GET https://maps.googleapis.com/maps/api/geocode/json?address=x&key=AI"
                + "za" + f.of(Fakes.BASE64URL, 35), "GET https://maps.googleapis.com/maps/api/geocode/json?address=x&key="
                + m("google-api-key")));
        c.add(new Case("SendGrid key", "SendGrid rejected S" + "G." + f.of(Fakes.BASE64URL, 22) + "."
                + f.of(Fakes.BASE64URL, 43), "SendGrid rejected " + m("sendgrid-key")));
        c.add(new Case("npm token", "npm ERR! token np" + "m_" + f.alnum(36) + " is invalid",
                "npm ERR! token " + m("npm-token") + " is invalid"));
        c.add(new Case("Twilio API key", "Twilio API key S" + "K" + f.of(Fakes.HEX, 32) + " revoked",
                "Twilio API key " + m("twilio-key") + " revoked"));
        c.add(new Case("Azure AD client secret", "AADSTS7000215 for client credential " + f.alnum(3) + "8Q" + "~"
                + f.of(Fakes.ALNUM + "_~.-", 34) + " of app shop", "AADSTS7000215 for client credential "
                + m("azure-client-secret") + " of app shop"));
        c.add(new Case("Azure storage connection string", "DefaultEndpointsProtocol=https;AccountName=shopstore;"
                + "AccountKey=" + f.of(Fakes.BASE64, 86) + "==;EndpointSuffix=core.windows.net",
                "DefaultEndpointsProtocol=https;AccountName=shopstore;AccountKey=" + m("azure-storage-key")
                + ";EndpointSuffix=core.windows.net"));
        c.add(new Case("Azure SAS URL", "GET https://shopstore.blob.core.windows.net/invoices/1.pdf?sv=2022-11-02&ss=b"
                + "&sp=r&se=2026-12-31&sig=" + f.alnum(40) + "%3D",
                "GET https://shopstore.blob.core.windows.net/invoices/1.pdf?sv=2022-11-02&ss=b&sp=r&se=2026-12-31&sig="
                + m("azure-storage-key")));
        c.add(new Case("SMTP AUTH PLAIN", "C: AUTH PLAIN " + Fakes.base64("\0alice\0" + pw),
                "C: AUTH PLAIN " + m("smtp-auth")));
        c.add(new Case("SMTP AUTH in an error message", "SMTP error after AUTH PLAIN " + Fakes.base64("\0alice\0" + pw)
                + ": 535 5.7.8 Authentication failed", "SMTP error after AUTH PLAIN " + m("smtp-auth")
                + ": 535 5.7.8 Authentication failed"));
        c.add(new Case("SMTP AUTH LOGIN transcript", "S: 334 VXNlcm5hbWU6\nC: " + Fakes.base64("alice")
                + "\nS: 334 UGFzc3dvcmQ6\nC: " + Fakes.base64(pw) + "\nS: 235 2.7.0 Authentication successful",
                "S: 334 VXNlcm5hbWU6\nC: " + m("smtp-auth") + "\nS: 334 UGFzc3dvcmQ6\nC: " + m("smtp-auth")
                + "\nS: 235 2.7.0 Authentication successful"));

        // Cards and IBANs.
        c.add(new Case("Visa in fours", "Charge declined for card " + Fakes.grouped(visa, " ", 4, 4, 4, 4)
                + " (insufficient funds)", "Charge declined for card " + m("card-number") + " (insufficient funds)"));
        c.add(new Case("Amex 4-6-5 with dashes", "amex " + Fakes.grouped(f.card("37", 15), "-", 4, 6, 5) + " expired",
                "amex " + m("card-number") + " expired"));
        c.add(new Case("Mastercard in JSON", "{\"pan\":\"" + f.card("55", 16) + "\"}", "{\"pan\":\"" + m("card-number")
                + "\"}"));
        c.add(new Case("two cards in a run", "cards " + visa + " " + f.card("4", 16),
                "cards " + m("card-number") + " " + m("card-number")));
        c.add(new Case("Discover", "discover=" + f.card("6011", 16), "discover=" + m("card-number")));
        c.add(new Case("Diners Club", "diners " + Fakes.grouped(f.card("36", 14), " ", 4, 6, 4),
                "diners " + m("card-number")));
        c.add(new Case("JCB", "jcb:" + f.card("3530", 16), "jcb:" + m("card-number")));
        c.add(new Case("IBAN", "Refund to GB account " + f.iban("GB", 22) + " queued", "Refund to GB account "
                + m("iban") + " queued"));
        c.add(new Case("IBAN in fours", "IBAN: " + Fakes.inFours(f.iban("FR", 27)) + ", BIC: BNPAFRPP",
                "IBAN: " + m("iban") + ", BIC: BNPAFRPP"));
        return c;
    }

    static List<Case> lookAlikes() {
        List<Case> c = new ArrayList<>();
        for (String line : new String[] {
            "\tat com.acme.shop.checkout.PaymentService.charge(PaymentService.java:142)",
            "java.lang.IllegalStateException: token expired",
            "Caused by: io.jsonwebtoken.ExpiredJwtException: JWT expired at 2026-12-07T10:15:30Z",
            "request 3f2b8c1e-9a4d-4e6f-b2c3-1d5e7f9a0b4c failed",
            "deployed commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
            "sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "2026-12-07 10:15:30,123 ERROR [main] c.a.s.PaymentService - payment failed",
            "event at 1733566530123 (epoch millis) and 1733566530123456 (micros)",
            "order 4111111111111112 not found",
            "shipment 1234567890123456 delayed",
            "Bearer token is missing",
            "WWW-Authenticate: Bearer realm=\"shop\", error=\"invalid_token\"",
            "tokenCount=3",
            "password=${DB_PASSWORD}",
            "password=null",
            "Validation failed: password: must not be blank",
            "password: must not be blank",
            "state=eyJyZXR1cm5UbyI6Ii9jYXJ0In0=",
            "passwordPolicy=strict",
            "author=alice",
            "spin=3",
            "keyboard=us",
            "Accept: application/json",
            "tokenEndpoint=https://login.example.com/oauth2/token",
            "secretName=prod/db",
            "Mail from alice@example.com bounced",
            "Connected to 10.0.3.17:5432 and 2001:db8::8a2e:370:7334",
            "password=****",
            "token_type=Bearer",
            "expires_in=3600",
            "https://alice@example.com/profile",
            "ssh://git@github.com:acme/shop.git",
            "Authorization header is missing",
            "values.stream().map(String::valueOf)",
            "250-AUTH PLAIN LOGIN XOAUTH2",
            "AUTH LOGIN",
            "334 VXNlcm5hbWU6",
            "IBAN DE00 3704 0044 0532 0130 00 rejected",
            "password: required",
            "\"password\": \"<hidden>\"",
            "secret=[PROTECTED]",
            "sessionTimeout=30m",
            "pinned=true",
            "SKU=SK12345",
            "Password reset link sent to alice",
            "keystore=/etc/app/keystore.p12",
            "version 1.4.2 at 12:30:45 on build 20261207",
            "thread=http-nio-8080-exec-1 logger=c.a.Foo",
            "AUTH XOAUTH2 with OAuth 2.0 tokens instead of a password",
            "no OAuth 2.0 token: token endpoint https://login.example.com/token answered HTTP 401",
            "placeholders such as <secret> or [PROTECTED] are kept",
            "After `Authorization:` the scheme stays",
            "checksum " + "4242 ".repeat(30).trim(),
            "verifyOnStart: 127.0.0.1:37633 works: no TLS, AUTH PLAIN accepted",
            "2026-12-07 07:37:47 install libsecret-1-0:amd64 <none> 0.20.5-3",
            "2026-12-07 07:37:58 configure gir1.2-secret-1:amd64 0.20.5-3 <none>",
        }) {
            c.add(new Case(line, line, line));
        }
        Fakes f = new Fakes(21);
        // A grouped number is taken whole: a 19-digit number whose first 16 digits would pass Luhn is no card.
        String first16 = f.card("4", 16);
        String nineteen = first16 + "008";
        for (int d = 0; CardNumberPropertyTest.luhn(nineteen); d++) {
            nineteen = first16 + "00" + d;
        }
        String inFours = Fakes.grouped(nineteen, " ", 4, 4, 4, 4, 3);
        c.add(new Case("19 digits in fours", "reference " + inFours, "reference " + inFours));
        String cert = "CERTIFICATE";
        String certificate = Fakes.begin(cert) + "\n" + f.pemLines(3, "\n") + Fakes.end(cert);
        c.add(new Case("certificate", certificate, certificate));
        String pub = "PUBLIC KEY";
        String publicKey = Fakes.begin(pub) + "\n" + f.pemLines(2, "\n") + Fakes.end(pub);
        c.add(new Case("public key", publicKey, publicKey));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> secretsBecomeMarkers() {
        return secrets().stream().map(c -> DynamicTest.dynamicTest(c.name, () -> {
            assertNotEquals(c.input, c.expected, "a secret case must expect a change");
            assertEquals(c.expected, REDACTOR.redact(c.input, REDACTOR.newTally()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> lookAlikesSurvive() {
        return lookAlikes().stream().map(c -> DynamicTest.dynamicTest(c.name,
                () -> assertEquals(c.input, REDACTOR.redact(c.input, REDACTOR.newTally()))));
    }

    @TestFactory
    Stream<DynamicTest> redactingTwiceChangesNothing() {
        return Stream.concat(secrets().stream(), lookAlikes().stream()).map(c -> DynamicTest.dynamicTest(c.name, () -> {
            String once = REDACTOR.redact(c.input, REDACTOR.newTally());
            Tally second = REDACTOR.newTally();
            assertEquals(once, REDACTOR.redact(once, second));
            assertEquals(0, second.total(), second::summary);
        }));
    }

    @Test
    void theCorpusIsLargeAndCoversEveryBuiltInRule() {
        assertTrue(secrets().size() >= 60, secrets().size() + " secret lines");
        assertTrue(lookAlikes().size() >= 40, lookAlikes().size() + " look-alikes");
        Tally tally = REDACTOR.newTally();
        for (Case c : secrets()) {
            REDACTOR.redact(c.input, tally);
        }
        Set<Rule> missing = EnumSet.noneOf(Rule.class);
        for (Rule rule : Rule.values()) {
            if (rule.kind() == Rule.Kind.BUILT_IN && tally.count(rule) == 0) {
                missing.add(rule);
            }
        }
        assertEquals(Set.of(), missing, "rules without a corpus line");
    }
}

package io.github.mailback.redact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 20, point 2: key names are split into words and compared word by word from their end. */
@Timeout(10)
class KeyNamesTest {
    private static final KeyNames NAMES = new KeyNames(EnumSet.allOf(Rule.class), List.of("ssn", "dateOfBirth"));

    @ParameterizedTest
    @CsvSource({
        "userPassword, password", "db_pwd, password", "PGPASSWORD, password", "password_confirmation, password",
        "newPassword, password", "passwd, password", "MYSQL_PWD, password", "db.pass, password", "smtpPass, password",
        "keyStorePassword, password", "spring.datasource.password, password", "--db-password, password",
        "passphrase, password", "Password2, password",
        "client_secret, secret", "clientSecret, secret", "AWS_SECRET_KEY, secret", "privateKey, secret",
        "signing_key, secret", "jwtSecret, secret",
        "accessToken, token", "refresh_token, token", "X-Auth-Token, token", "id_token, token", "csrftoken, token",
        "GITHUB_TOKEN, token", "tokenValue, token",
        "apiKey, api-key", "x-api-key, api-key", "API_KEY, api-key", "apikey, api-key", "accessKey, api-key",
        "aws_secret_access_key, api-key", "Ocp-Apim-Subscription-Key, api-key",
        "credentials, credentials", "awsCredentials, credentials", "creds, credentials", "basic_auth, credentials",
        "sessionId, session-id", "JSESSIONID, session-id", "PHPSESSID, session-id", "ASP.NET_SessionId, session-id",
        "Cookie, cookie", "Set-Cookie, cookie", "sessionCookie, cookie",
        "otp, otp", "otp_code, otp", "TOTP, otp",
        "pin, pin", "card.pin, pin", "pinCode, pin",
        "cvv, cvv", "cvv2, cvv", "CVC, cvv", "card_cvc, cvv",
        "Authorization, authorization", "Proxy-Authorization, authorization",
        "ssn, custom-key", "customer_ssn, custom-key", "date_of_birth, custom-key", "user.dateOfBirth, custom-key",
    })
    void sensitiveKeys(String key, String rule) {
        Rule found = NAMES.classify(key);
        assertEquals(rule, found == null ? null : found.id(), key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"author", "spin", "tokenCount", "passwordPolicy", "keyboard", "Accept", "tokenType",
        "token_uri", "tokenEndpoint", "secretName", "passwordExpired", "passwordHint", "private_key_id", "apiKeyId",
        "sessionTimeout", "pinned", "cookieName", "authType", "oauth", "otpauth", "keyId", "key", "pass", "bypass",
        "compass", "mapping", "value", "credentialsProvider", "maxTokens", "secrets", "birth", "ssnCount",
        "WWW-Authenticate", "code", "id", "session"})
    void ordinaryKeys(String key) {
        assertNull(NAMES.classify(key), key);
    }

    @Test
    void wordsSplitAtCaseDigitsAndSeparators() {
        assertArrayEquals(new String[] {"xml", "http", "request", "2"}, KeyNames.words("XMLHttpRequest2"));
        assertArrayEquals(new String[] {"db", "password"}, KeyNames.words("--DB_PASSWORD"));
        assertArrayEquals(new String[] {"asp", "net", "session", "id"}, KeyNames.words("ASP.NET_SessionId"));
        assertArrayEquals(new String[] {"x", "api", "key"}, KeyNames.words("x-api-key"));
        assertArrayEquals(new String[0], KeyNames.words("--"));
    }

    @Test
    void aRuleTurnedOffNoLongerNamesItsKeys() {
        EnumSet<Rule> on = EnumSet.allOf(Rule.class);
        on.remove(Rule.PIN);
        KeyNames names = new KeyNames(on, List.of());
        assertNull(names.classify("pin"));
        assertEquals(Rule.PASSWORD, names.classify("password"));
    }

    @Test
    void aLongKeyIsReadFromItsEnd() {
        String key = "a_".repeat(200) + "password";
        assertEquals(Rule.PASSWORD, NAMES.classify(key));
    }
}

package io.github.mailback.redact;

/**
 * The redaction rules, each with the one stable name used in its marker ({@code [redacted:jwt]}), in
 * {@code redactRulesOff}, in the {@code X-Mailback-Redacted} header, in the meter's {@code rule} tag and
 * in docs/redaction.md, whose table lists them in this order with these descriptions (a test checks it).
 *
 * <p>The order is the header's order, and it settles a tie: when two rules find the same text, the
 * earlier one names it, so that a specific rule (a JWT) wins over a generic one (a value under a key).
 */
public enum Rule {
    PEM_PRIVATE_KEY("pem-private-key", Kind.BUILT_IN,
            "the body of a PEM private key (RSA, EC, OpenSSH, PKCS#8, PGP), truncated ones included"),
    JWT("jwt", Kind.BUILT_IN, "a JSON Web Token: base64url header and payload that are JSON objects, and a signature"),
    AWS_ACCESS_KEY_ID("aws-access-key-id", Kind.BUILT_IN, "an AWS access key id (AKIA, ASIA, ABIA, ACCA, A3T)"),
    GITHUB_TOKEN("github-token", Kind.BUILT_IN, "a GitHub token (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)"),
    GITLAB_TOKEN("gitlab-token", Kind.BUILT_IN,
            "a GitLab token (glpat-, gldt-, glrt-, glptt- and the other gl prefixes, GR1348941)"),
    SLACK_TOKEN("slack-token", Kind.BUILT_IN, "a Slack token (xoxb-, xoxp-, xoxa-, xoxe-, xoxr-, xoxs-, xoxo-, xapp-)"),
    SLACK_WEBHOOK("slack-webhook", Kind.BUILT_IN,
            "the secret path of a Slack webhook URL (hooks.slack.com/services/...)"),
    STRIPE_KEY("stripe-key", Kind.BUILT_IN,
            "a Stripe secret or restricted key (sk_live_, rk_test_...) or webhook secret (whsec_)"),
    GOOGLE_API_KEY("google-api-key", Kind.BUILT_IN, "a Google API key (AIza and 35 characters)"),
    SENDGRID_KEY("sendgrid-key", Kind.BUILT_IN, "a SendGrid API key (SG. and two base64url parts)"),
    NPM_TOKEN("npm-token", Kind.BUILT_IN, "an npm access token (npm_ and 36 characters)"),
    TWILIO_KEY("twilio-key", Kind.BUILT_IN, "a Twilio API key (SK and 32 hexadecimal digits)"),
    AZURE_CLIENT_SECRET("azure-client-secret", Kind.BUILT_IN,
            "an Azure AD (Entra ID) client secret (Q~ after four characters)"),
    AZURE_STORAGE_KEY("azure-storage-key", Kind.BUILT_IN,
            "an Azure storage or Service Bus key (AccountKey=, SharedAccessKey=) and a SAS signature (sig=)"),
    SMTP_AUTH("smtp-auth", Kind.BUILT_IN,
            "the credentials of an SMTP AUTH command and of the client's answers to 334 challenges"),
    URL_PASSWORD("url-password", Kind.BUILT_IN,
            "the password of a URL (scheme://user:password@host) and of Oracle's user/password@"),
    AUTHORIZATION("authorization", Kind.BUILT_IN,
            "the credentials of an Authorization or Proxy-Authorization value (the scheme stays)"),
    BEARER("bearer", Kind.BUILT_IN, "a token after the word Bearer anywhere else"),
    COOKIE("cookie", Kind.BUILT_IN,
            "the values of a Cookie or Set-Cookie header or of a key naming a cookie (the names stay)"),
    PASSWORD("password", Kind.BUILT_IN,
            "the value of a key naming a password (password, passwd, pwd, passphrase, passcode, db_pass)"),
    SECRET("secret", Kind.BUILT_IN,
            "the value of a key naming a secret (secret, client secret, secret key, private key, signing key, "
                    + "encryption key)"),
    TOKEN("token", Kind.BUILT_IN, "the value of a key naming a token (token, access_token, X-Auth-Token)"),
    API_KEY("api-key", Kind.BUILT_IN,
            "the value of a key naming an API key (api key, apikey, access key, subscription key)"),
    CREDENTIALS("credentials", Kind.BUILT_IN,
            "the value of a key naming credentials (credentials, credential, creds, auth)"),
    SESSION_ID("session-id", Kind.BUILT_IN,
            "the value of a key naming a session id (session id, JSESSIONID, PHPSESSID)"),
    OTP("otp", Kind.BUILT_IN, "the value of a key naming a one-time password (otp, otp code, totp, hotp)"),
    PIN("pin", Kind.BUILT_IN, "the value of a key naming a PIN (pin, pin code)"),
    CVV("cvv", Kind.BUILT_IN, "the value of a key naming a card security code (cvv, cvc, cvv2)"),
    CARD_NUMBER("card-number", Kind.BUILT_IN,
            "a payment card number whose issuer prefix, length and Luhn check digit agree (spaces or dashes allowed)"),
    IBAN("iban", Kind.BUILT_IN, "an IBAN of a registered country and length whose mod-97 check holds"),
    EMAIL("email", Kind.OPT_IN, "an email address (off unless turned on)"),
    IP_ADDRESS("ip-address", Kind.OPT_IN, "an IPv4 or IPv6 address (off unless turned on)"),
    CUSTOM_KEY("custom-key", Kind.CONFIGURED, "the value of a key named in redactKeys"),
    CUSTOM_PATTERN("custom-pattern", Kind.CONFIGURED, "a match of a redactPattern, or its first group when it has one"),
    BUDGET("budget", Kind.OUTCOME, "a whole field whose redaction ran over its time budget"),
    ERROR("error", Kind.OUTCOME, "a whole field whose redaction failed");

    /** What turns a rule on. */
    public enum Kind {
        /** On unless named in {@code redactRulesOff}. */
        BUILT_IN,
        /** Off unless turned on. */
        OPT_IN,
        /** On when {@code redactKeys} or {@code redactPattern} is given. */
        CONFIGURED,
        /** Not a rule that finds text: what a whole field becomes when its redaction did not finish. */
        OUTCOME
    }

    private final String id;
    private final Kind kind;
    private final String description;
    private final String marker;

    Rule(String id, Kind kind, String description) {
        this.id = id;
        this.kind = kind;
        this.description = description;
        this.marker = Redaction.MARKER_START + id + "]";
    }

    /** The stable name. */
    public String id() {
        return id;
    }

    /** What turns it on. */
    public Kind kind() {
        return kind;
    }

    /** One line on what it redacts. */
    public String description() {
        return description;
    }

    /** The text that replaces what it finds: {@code [redacted:} and the name and {@code ]}. */
    public String marker() {
        return marker;
    }

    /** The rule of that name, or null. */
    public static Rule byId(String id) {
        for (Rule r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        return null;
    }
}

package io.github.mailback;

import io.github.mailback.testing.PostfixServer;
import io.github.mailback.testing.RealMta;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link RealMtaContract} against a full Postfix {@code smtpd} with Dovecot SASL (see
 * {@link PostfixServer}). Skipped only when Postfix or Dovecot is missing; CI installs both.
 */
class PostfixSmtpdTest extends RealMtaContract {
    private static PostfixServer postfix;

    @BeforeAll
    static void startPostfix() throws Exception {
        skipWhenMissing(PostfixSmtpdTest.class, PostfixServer.missing());
        postfix = PostfixServer.start();
    }

    @AfterAll
    static void stopPostfix() {
        if (postfix != null) {
            postfix.close();
        }
    }

    @Override
    RealMta mta() {
        return postfix;
    }
}

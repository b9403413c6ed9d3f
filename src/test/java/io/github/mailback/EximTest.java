package io.github.mailback;

import io.github.mailback.testing.EximServer;
import io.github.mailback.testing.RealMta;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link RealMtaContract} against an Exim 4 daemon (see {@link EximServer}). Skipped only when
 * Exim is missing; CI unpacks it.
 */
class EximTest extends RealMtaContract {
    private static EximServer exim;

    @BeforeAll
    static void startExim() throws Exception {
        skipWhenMissing(EximTest.class, EximServer.missing());
        exim = EximServer.start();
    }

    @AfterAll
    static void stopExim() {
        if (exim != null) {
            exim.close();
        }
    }

    @Override
    RealMta mta() {
        return exim;
    }
}

package io.github.mailback.bench;

/**
 * What an application that has run for a while has: its start-up objects in the old generation. Each
 * appender state calls this at the end of its start. Without it the first young collections, which
 * land in measured bursts, copy whatever the appender made at start (mailback's sender thread, JMX
 * bean and SMTP client make a few megabytes more than the floor): a pause of 8 ms against 3 that an
 * application pays once, not at every collection. A full collection promotes them, for every
 * appender alike.
 */
final class SteadyState {
    private SteadyState() {
    }

    static void tenureStartUpObjects() {
        System.gc();
    }
}

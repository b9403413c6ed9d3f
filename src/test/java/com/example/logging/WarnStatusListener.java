package com.example.logging;

import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/** Prints Logback's warnings and errors on standard error, and nothing below WARN. */
public class WarnStatusListener extends ContextAwareBase implements StatusListener {
    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() >= Status.WARN) {
            System.err.println(status);
        }
    }
}

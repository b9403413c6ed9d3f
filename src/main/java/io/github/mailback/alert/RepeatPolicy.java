package io.github.mailback.alert;

/**
 * When a group of errors is due for an email (all times in nanoseconds):
 * <ul>
 *   <li>a group never mailed: {@code batchWindow} after its first pending event, so that what comes
 *   with it in the same burst joins the same email;</li>
 *   <li>a group mailed before, with new events: {@code repeatInterval} after its last email,
 *   doubling with each repeat up to {@code maxRepeatInterval}; or sooner, but not before
 *   {@code growthMinInterval}, when its new events number {@code growthFactor} times those of
 *   its last email (the error is getting much worse). A group quiet for {@code maxRepeatInterval}
 *   starts again from {@code repeatInterval}.</li>
 * </ul>
 */
record RepeatPolicy(long batchWindow, long repeatInterval, long maxRepeatInterval, long growthFactor,
        long growthMinInterval) {

    public RepeatPolicy {
        if (batchWindow < 0 || repeatInterval <= 0 || maxRepeatInterval < repeatInterval || growthFactor < 2
                || growthMinInterval < 0) {
            throw new IllegalArgumentException("inconsistent repeat policy: " + batchWindow + ", " + repeatInterval
                    + ", " + maxRepeatInterval + ", " + growthFactor + ", " + growthMinInterval);
        }
    }

    /** The instant (nanoTime) at which {@code group} should be mailed; {@code Long.MAX_VALUE} when never. */
    long dueAt(Group group) {
        if (group.pending == 0) {
            return Long.MAX_VALUE;
        }
        long batched = group.pendingSince + batchWindow;
        if (group.mails == 0) {
            return batched;
        }
        long interval = repeatInterval << Math.min(group.level, 30);
        if (interval <= 0 || interval > maxRepeatInterval) {
            interval = maxRepeatInterval;
        }
        long due = group.lastMailedAt + interval;
        if (group.pending >= growthFactor * Math.max(1, group.lastMailedCount)) {
            due = Math.min(due, group.lastMailedAt + growthMinInterval);
        }
        return Math.max(due, batched);
    }
}

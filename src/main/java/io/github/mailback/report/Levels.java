package io.github.mailback.report;

/** Logback's level names in order of severity, for a snapshot that holds the name alone. */
final class Levels {
    private Levels() {
    }

    /** Higher for more severe; an unknown name ranks lowest. */
    static int rank(String level) {
        return switch (level) {
            case "ERROR" -> 40_000;
            case "WARN" -> 30_000;
            case "INFO" -> 20_000;
            case "DEBUG" -> 10_000;
            case "TRACE" -> 5_000;
            default -> Integer.MIN_VALUE;
        };
    }
}

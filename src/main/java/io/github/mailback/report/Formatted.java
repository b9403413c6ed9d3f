package io.github.mailback.report;

/**
 * One event as the appender's layouts wrote it, once, when the sender took it in: the text layout's
 * output, and the HTML layout's when the HTML part is that layout's document (null otherwise).
 */
public record Formatted(String text, String html) {
}

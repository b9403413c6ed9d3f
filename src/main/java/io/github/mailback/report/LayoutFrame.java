package io.github.mailback.report;

import ch.qos.logback.core.Layout;

/**
 * The fixed text a Logback layout writes around its events: file header, presentation header,
 * presentation footer and file footer (Logback's {@code HTMLLayout} writes its doctype, stylesheet and
 * table there). Taken once at start, so that rendering needs no layout.
 */
public record LayoutFrame(String fileHeader, String presentationHeader, String presentationFooter, String fileFooter) {
    public static LayoutFrame of(Layout<?> layout) {
        return new LayoutFrame(layout.getFileHeader(), layout.getPresentationHeader(), layout.getPresentationFooter(),
                layout.getFileFooter());
    }
}

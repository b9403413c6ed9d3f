package io.github.mailback.report;

/**
 * The look of the HTML digest as inline styles, the only styling every mail client keeps (Gmail,
 * Outlook and others drop or rewrite {@code <style>} in part). Rules that keep it readable in dark
 * mode: every element that sets a text colour sets its background colour too, so a client that
 * inverts colours inverts both together; badges use mid-tone backgrounds with white text, readable
 * on light and dark pages. The {@code <style>} block only adds a dark palette for clients that
 * honour {@code prefers-color-scheme} (Apple Mail, Thunderbird, some webmails); nothing depends on it.
 */
final class HtmlStyle {
    private HtmlStyle() {
    }

    static final String FONT = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,"
            + "sans-serif,'Apple Color Emoji','Segoe UI Emoji';";
    static final String MONO = "font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',"
            + "'Courier New',monospace;";

    static final String PAGE_BG = "#eef1f4";
    static final String CARD_BG = "#ffffff";
    static final String INK = "#1f2328";
    static final String MUTED = "#59636e";
    static final String LINE = "#d8dee4";
    static final String CODE_BG = "#f6f8fa";
    static final String HEAD_BG = "#f0f3f6";
    /** Mid-tone red: white text on it reads well, and it stays visible on a dark page. */
    static final String ACCENT = "#c9372c";
    static final String HIT_BG = "#ffebe9";
    static final String HIT_INK = "#82071e";

    static final String PAGE = "margin:0;padding:0;background-color:" + PAGE_BG + ";color:" + INK + ";";
    static final String CARD = FONT + "background-color:" + CARD_BG + ";color:" + INK + ";border:1px solid " + LINE
            + ";border-radius:8px;padding:20px 24px;font-size:14px;line-height:1.5;";
    static final String CARD_TOP = CARD + "border-top:4px solid " + ACCENT + ";";
    static final String TITLE = FONT + "margin:0;font-size:20px;line-height:1.3;font-weight:600;background-color:"
            + CARD_BG + ";color:" + INK + ";";
    static final String HEADLINE = FONT + "margin:6px 0 0 0;font-size:15px;font-weight:600;word-break:break-word;"
            + "overflow-wrap:anywhere;background-color:" + CARD_BG + ";color:" + INK + ";";
    static final String MUTED_TEXT = FONT + "margin:4px 0 0 0;font-size:13px;background-color:" + CARD_BG + ";color:"
            + MUTED + ";";
    static final String LABEL = FONT + "margin:16px 0 6px 0;font-size:12px;font-weight:600;letter-spacing:0.04em;"
            + "text-transform:uppercase;background-color:" + CARD_BG + ";color:" + MUTED + ";";
    static final String TH = FONT + "padding:6px 8px;font-size:12px;font-weight:600;text-align:left;"
            + "white-space:nowrap;background-color:" + HEAD_BG + ";color:" + MUTED + ";border-bottom:1px solid " + LINE
            + ";";
    static final String TD = FONT + "padding:7px 8px;font-size:13px;vertical-align:top;background-color:" + CARD_BG
            + ";color:" + INK + ";border-bottom:1px solid " + LINE + ";";
    static final String TD_NUM = TD + "text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums;";
    static final String TD_TIME = TD + "white-space:nowrap;font-variant-numeric:tabular-nums;";
    static final String TD_MSG = TD + "word-break:break-word;overflow-wrap:anywhere;";
    /**
     * Stack traces and context: a {@code pre} keeps line breaks even where CSS is ignored (Outlook's
     * Word engine); pre-wrap and break-all wrap a long line instead of widening the email.
     */
    static final String CODE = MONO + "margin:0;padding:10px 12px;font-size:12px;line-height:1.45;"
            + "white-space:pre-wrap;word-break:break-all;overflow-wrap:anywhere;background-color:" + CODE_BG
            + ";color:" + INK + ";border:1px solid " + LINE + ";border-radius:6px;";
    static final String CODE_EXAMPLE = CODE + "border-left:4px solid " + ACCENT + ";";
    static final String HIT = MONO + "display:block;margin:0 -12px;padding:2px 12px 2px 8px;font-weight:600;"
            + "background-color:" + HIT_BG + ";color:" + HIT_INK + ";border-left:4px solid " + ACCENT + ";";
    static final String NOTE = MONO + "display:block;font-style:italic;background-color:" + CODE_BG + ";color:"
            + MUTED + ";";
    static final String BADGE = FONT + "display:inline-block;padding:1px 7px;border-radius:10px;font-size:11px;"
            + "font-weight:700;letter-spacing:0.03em;line-height:18px;white-space:nowrap;color:#ffffff;";
    static final String CHIP = FONT + "display:inline-block;padding:1px 7px;border-radius:10px;font-size:11px;"
            + "font-weight:600;line-height:18px;white-space:nowrap;background-color:#e7ebef;color:#424a53;";
    static final String FOOTER = FONT + "padding:14px 24px 0 24px;font-size:12px;line-height:1.5;background-color:"
            + PAGE_BG + ";color:" + MUTED + ";";
    /** Hidden text that mail clients show as the preview line next to the subject. */
    static final String PREHEADER = "display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;"
            + "overflow:hidden;mso-hide:all;";

    /** The badge colour of a level: mid-tone, white text on it. */
    static String levelBackground(String level) {
        return switch (level) {
            case "ERROR" -> ACCENT;
            case "WARN" -> "#a15c07";
            case "INFO" -> "#2f6fdb";
            default -> "#5b6470";
        };
    }

    static final String NEW_BG = "#2f6fdb";

    /** Dark palette for the clients that apply it; inline styles alone already read well. */
    static final String DARK_CSS = """
            :root { color-scheme: light dark; supported-color-schemes: light dark; }
            @media (max-width: 600px) {
              .mb-card { padding: 14px 12px !important; }
            }
            @media (prefers-color-scheme: dark) {
              .mb-page { background-color: #0d1117 !important; color: #e6edf3 !important; }
              .mb-card, .mb-card p, .mb-card h1, .mb-card td { background-color: #161b22 !important; color: #e6edf3 !important; border-color: #30363d !important; }
              .mb-card .mb-grid { border-color: #30363d !important; }
              .mb-card .mb-muted { color: #9da7b3 !important; }
              .mb-card .mb-th { background-color: #1c2128 !important; color: #9da7b3 !important; border-color: #30363d !important; }
              .mb-card .mb-chip { background-color: #30363d !important; color: #d1d9e0 !important; }
              .mb-card .mb-code, .mb-card .mb-code td { background-color: #0d1117 !important; color: #e6edf3 !important; border-color: #30363d !important; }
              .mb-card .mb-note { background-color: #0d1117 !important; color: #9da7b3 !important; }
              .mb-footer { background-color: #0d1117 !important; color: #9da7b3 !important; }
              /* last, so that they win over the rules above */
              .mb-card .mb-hit, .mb-card .mb-code td.mb-hit { background-color: #4b1717 !important; color: #ffdcd7 !important; }
              .mb-top { border-top-color: #c9372c !important; }
              .mb-card .mb-example { border-left-color: #c9372c !important; }
            }
            """;
}

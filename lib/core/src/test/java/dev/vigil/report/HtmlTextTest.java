package dev.vigil.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTextTest {

    @Test
    void escapesEveryCharacterThatCouldEndTextOrAQuotedAttribute() {
        assertEquals("&lt;b title=&quot;a&#39;s&quot;&gt;Tom &amp; Jerry&lt;/b&gt;",
                HtmlText.escape("<b title=\"a's\">Tom & Jerry</b>"));
    }

    @Test
    void leavesOtherTextAsItIsAndWritesNullAsNothing() {
        assertEquals("churn v1 — 0.95 ≥ 0.9", HtmlText.escape("churn v1 — 0.95 ≥ 0.9"));
        assertEquals("", HtmlText.escape(null));
    }
}

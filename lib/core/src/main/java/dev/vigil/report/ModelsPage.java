package dev.vigil.report;

import static dev.vigil.report.HtmlText.escape;
import static dev.vigil.report.PageStyle.badge;
import static dev.vigil.report.PageStyle.time;

import java.util.List;

/**
 * Renders the page listing every model ({@code reports/index.html}): per model its verdict, champion and latest run,
 * linking to its own page. Self-contained like {@link ModelPage}; the same snapshots render the same bytes.
 */
public final class ModelsPage {
    private ModelsPage() {}

    /** The page of {@code models}, in the given order. */
    public static String render(List<ModelSnapshot> models) {
        StringBuilder h = new StringBuilder(8_192);
        PageStyle.open(h, "Vigil: models");
        h.append("<h1>Models</h1><p class=\"meta\">Every registered model, as its latest evaluation run left it;")
                .append(" open a model for its alarms, trends, versions and reports. Rewritten by every run.</p>");
        if (models.isEmpty()) {
            h.append("<p>No model is registered.</p>");
            return h.append("</body></html>").toString();
        }
        long bad = models.stream().filter(m -> ModelPage.verdict(m).kind().equals("bad")).count();
        h.append("<p class=\"verdict\">").append(bad == 0 ? badge("good", "no model in trouble")
                : badge("bad", bad + " of " + models.size() + (models.size() == 1 ? " model" : " models")
                        + " in trouble")).append("</p>");
        h.append("<div class=\"scroll\"><table><tr><th>Model</th><th>Verdict</th><th>Champion</th>")
                .append("<th>Latest run (UTC)</th><th>Runs</th><th>Why</th></tr>");
        for (ModelSnapshot m : models) {
            ModelPage.Verdict v = ModelPage.verdict(m);
            RunIndex.Entry latest = m.latestRun();
            h.append("<tr><td><a href=\"").append(escape(PageStyle.modelLink(m.model()))).append("\">")
                    .append(escape(m.model())).append("</a></td><td>").append(badge(v.kind(), v.word()))
                    .append("</td><td>").append(m.champion() == null ? "none" : escape(m.champion().version()))
                    .append("</td><td>").append(latest == null ? "&mdash;" : time(latest.finishedAt()))
                    .append("</td><td class=\"num\">").append(m.index().runs().size()).append("</td><td>")
                    .append(escape(PageStyle.clip(v.sentence(), 240))).append("</td></tr>");
        }
        return h.append("</table></div></body></html>").toString();
    }
}

package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.StorageLayout;
import dev.vigil.training.ChurnData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model pages a real store gets: churn@v1 trained and promoted by a retrain ({@link ChurnStore}), evaluated on a
 * day before the shift and then on the shifted day.
 */
class ModelPagesTest {
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]+)\"");

    @TempDir
    Path dir;

    private Path store;

    @BeforeEach
    void prepare() {
        store = ChurnStore.prepare(dir.resolve("store"));
        // The store's vigil.config.json is the one `vigil evaluate` judges by: churn's thresholds, as the demo's.
        new LocalBlobStore(store).put(StorageLayout.CONFIG, ("{\"models\": [{\"name\": \"churn\", \"task\":"
                + " \"binary_classification\", \"thresholds\": {\"F1Binary\": 0.70, \"RocAuc\": 0.75}}]}")
                .getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private String read(String key) throws IOException {
        return Files.readString(store.resolve(key), StandardCharsets.UTF_8);
    }

    /** Writes day {@code index} (0-based) of a series whose day 3 is the first shifted one, as its own partition. */
    private void putDay(int index) {
        ChurnData data = new ChurnData(7, 1000, 3, LocalDate.of(2024, 5, 1));
        ChurnData.Day day = data.next();
        while (day.index() < index) {
            day = data.next();
        }
        new LocalBlobStore(store).put(day.key(), day.csv(), "text/csv");
    }

    private CliRun evaluateNewestDay() {
        CliRun run = CliRun.of("evaluate", "churn", "--window-partitions", "1", "--store", store.toString());
        assertEquals(0, run.exitCode(), run::toString);
        return run;
    }

    @Test
    void aRetrainThatPromotesTheFirstVersionWritesTheModelPageAndTheModelsPage() throws IOException {
        String page = read(StorageLayout.modelPage("churn"));
        String models = read(StorageLayout.modelsPage());

        assertTrue(page.contains("<h1>churn <small>binary classification</small></h1>"), page);
        assertTrue(page.contains("no runs"), "no evaluation yet");
        assertTrue(page.contains("<th>Champion</th><td>v1</td>"), "the champion");
        assertTrue(page.contains(">promoted</span>") && page.contains(">registered</span>"), "the timeline");
        assertTrue(page.contains("retrain report"), "the promotion links its retrain report");
        assertTrue(models.contains("<a href=\"churn/index.html\">churn</a>"), models);
    }

    @Test
    void theShiftedDaysRunPutsItsBreachOnTheModelPageWithTrendsAndLinksThatAllResolve() throws IOException {
        putDay(2);
        evaluateNewestDay();
        String before = read(StorageLayout.modelPage("churn"));
        assertTrue(before.contains(">healthy</span>"), () -> "the day before the shift passes every rule: "
                + before.substring(before.indexOf("<p class=\"verdict\">"), before.indexOf("<h2>Champion")));

        putDay(3);
        CliRun shifted = evaluateNewestDay();

        assertTrue(shifted.out().contains("model   "), "the CLI names the model page\n" + shifted);
        String page = read(StorageLayout.modelPage("churn"));
        Matcher verdict = Pattern.compile("<p class=\"verdict\">(.*?)</p>").matcher(page);
        assertTrue(verdict.find(), page);
        assertTrue(verdict.group(1).contains("alarm") && verdict.group(1).contains("F1Binary"), verdict.group(1));
        assertTrue(Pattern.compile("<td>F1Binary(?:UpperBound)?</td><td>&lt; 0\\.7</td><td class=\"num\">0\\.\\d+</td>"
                + "<td><span class=\"badge bad\">breaching</span>").matcher(page).find(),
                "F1Binary breaches its 0.7 rule");
        assertTrue(page.contains("Judged from the values the champion's runs published")
                && page.contains("These states are not read from CloudWatch."), "says where the states come from");
        assertTrue(page.contains("<h2>Trends</h2>")
                && Pattern.compile("F1Binary <span class=\"meta\">\\(alarm when the upper bound &lt; 0\\.7\\)")
                        .matcher(page).find()
                && page.contains("stroke-dasharray=\"5 3\"") && page.contains("time (UTC"), "charts with thresholds");
        for (String run : runIds()) {
            assertTrue(page.contains("href=\"runs/" + run + "/report.html\""), "links run " + run);
        }
        assertEquals(2, runIds().size());
        assertLinksResolve(StorageLayout.modelPage("churn"), page);
        assertLinksResolve(StorageLayout.modelsPage(), read(StorageLayout.modelsPage()));
        assertTrue(read(StorageLayout.modelsPage()).contains("1 of 1 model in trouble"));

        String report = read(StorageLayout.runPrefix("churn", runIds().getLast()) + StorageLayout.REPORT_HTML);
        assertLinksResolve(StorageLayout.runPrefix("churn", runIds().getLast()) + StorageLayout.REPORT_HTML, report);
        assertTrue(Pattern.compile("\\d of 4 features drifted \\(PSI above 0\\.2 or KS above 0\\.1\\)")
                .matcher(report).find(), "the drift section counts the drifted features");
        assertTrue(report.contains("Baseline against live, per bin"), "and draws them per bin");
    }

    @Test
    void theModelPagesAreSelfContainedAndSmall() throws IOException {
        putDay(2);
        evaluateNewestDay();
        for (String key : List.of(StorageLayout.modelPage("churn"), StorageLayout.modelsPage())) {
            String html = read(key);
            String withoutSvgNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
            assertFalse(withoutSvgNamespace.contains("http://") || withoutSvgNamespace.contains("https://"),
                    key + ": no external references");
            assertFalse(html.contains("<script"), key + ": no scripts");
            assertFalse(html.contains("<link") || html.contains("<img"), key + ": no stylesheets or images");
            assertTrue(html.length() < 64 * 1024, key + " is " + html.length() + " characters");
        }
    }

    private List<String> runIds() throws IOException {
        try (Stream<Path> runs = Files.list(store.resolve(StorageLayout.reportsPrefix("churn") + "runs"))) {
            return runs.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Every relative link of the page at {@code key} names a file of the store. */
    private void assertLinksResolve(String key, String html) {
        Path base = store.resolve(key).getParent();
        Matcher m = HREF.matcher(html);
        List<String> links = new ArrayList<>();
        while (m.find()) {
            links.add(m.group(1));
            assertTrue(Files.isRegularFile(base.resolve(m.group(1)).normalize()), key + " links " + m.group(1)
                    + ", which is not a file");
        }
        assertFalse(links.isEmpty(), key + " has links");
    }
}

package dev.vigil.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VigilSettingsTest {
    /** A row of the table in docs/settings.md: | `NAME` | readers | default | description |. */
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Z0-9_]+)` \\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\|$");

    @Test
    void everyNameIsDeclaredOnceAndEveryConstantIsInTheList() throws IllegalAccessException {
        Set<String> names = new HashSet<>();
        for (Setting<?> setting : VigilSettings.ALL) {
            assertTrue(names.add(setting.name()), setting.name() + " is declared twice");
            assertTrue(setting.name().matches("(VIGIL|AWS_LAMBDA|POWERTOOLS)_[A-Z0-9_]+|JAVA_TOOL_OPTIONS"),
                    setting.name());
        }
        int constants = 0;
        for (var field : VigilSettings.class.getFields()) {
            if (field.getType() == Setting.class) {
                constants++;
                assertTrue(VigilSettings.ALL.contains(field.get(null)), field.getName() + " is missing from ALL");
            }
        }
        assertEquals(constants, VigilSettings.ALL.size());
    }

    @Test
    void everySettingAFunctionMayRunWithoutHasADocumentedDefault() {
        for (Setting<?> setting : VigilSettings.ALL) {
            for (VigilFunction function : setting.readers()) {
                if (!setting.isRequiredBy(function)) {
                    assertNotNull(setting.whenUnset(), setting + " unset in " + function.id());
                }
            }
        }
    }

    @Test
    void docsSettingsListsEverySettingWithItsReadersAndDefault() throws IOException {
        Map<String, String[]> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("../../docs/settings.md"))) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                documented.put(row.group(1), new String[] {row.group(2).strip(), row.group(3).strip()});
            }
        }
        assertEquals(VigilSettings.ALL.stream().map(Setting::name).toList(), List.copyOf(documented.keySet()),
                "docs/settings.md lists the catalog in its order");
        for (Setting<?> setting : VigilSettings.ALL) {
            String[] row = documented.get(setting.name());
            assertEquals(DocsTable.readers(setting), row[0], setting + " readers");
            assertEquals(DocsTable.presence(setting), row[1], setting + " default");
        }
    }
}

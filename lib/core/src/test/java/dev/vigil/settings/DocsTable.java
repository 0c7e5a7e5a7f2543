package dev.vigil.settings;

import java.util.stream.Collectors;

/** How docs/settings.md shows a setting; {@link #main} prints the table to paste when the catalog changes. */
final class DocsTable {
    private DocsTable() {}

    static String readers(Setting<?> setting) {
        return setting.readers().stream().map(f -> (setting.isRequiredBy(f) ? "**" + f.id() + "**" : f.id()))
                .collect(Collectors.joining(", "));
    }

    static String presence(Setting<?> setting) {
        String unset = setting.whenUnset();
        if (unset == null) {
            return "required";
        }
        return setting.defaultValue() != null && unset.equals(formatted(setting)) ? "`" + unset + "`" : unset;
    }

    @SuppressWarnings("unchecked")
    private static <T> String formatted(Setting<T> setting) {
        return setting.format(setting.defaultValue());
    }

    public static void main(String[] args) {
        System.out.println("| variable | read by (**required**) | when unset | what it is |");
        System.out.println("| --- | --- | --- | --- |");
        for (Setting<?> setting : VigilSettings.ALL) {
            System.out.println("| `" + setting.name() + "` | " + readers(setting) + " | " + presence(setting) + " | "
                    + setting.description() + " |");
        }
    }
}

package dev.vigil.local;

import dev.vigil.dataset.DatasetFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A local data file named on the command line: checked to exist, be readable and name its format. */
final class DataFileArgument {
    private DataFileArgument() {}

    /**
     * The absolute, normalised paths of {@code files}, each checked.
     *
     * @param option the option that named them, for messages ("--data")
     * @throws CommandFailure a usage error naming the first file that cannot be read as data
     */
    static List<Path> checked(String option, List<Path> files) {
        List<Path> absolute = new ArrayList<>();
        for (Path file : files) {
            Path path = file.toAbsolutePath().normalize();
            if (!Files.isRegularFile(path)) {
                throw CommandFailure.usage(Files.isDirectory(path) ? option + " " + file + " is a directory; name"
                        + " the files in it" : "no such data file: " + file);
            }
            if (!Files.isReadable(path)) {
                throw CommandFailure.usage("cannot read the data file " + file + ": permission denied");
            }
            if (DatasetFormat.ofKey(path.getFileName().toString()).isEmpty()) {
                throw CommandFailure.usage(option + " " + file + ": name a data file .csv, .jsonl, .ndjson or .json"
                        + " (optionally .gz) or .parquet, so its format is known");
            }
            absolute.add(path);
        }
        return absolute;
    }

    /** The bytes of all {@code files} together, for progress. */
    static long totalBytes(List<Path> files) {
        long total = 0;
        for (Path file : files) {
            total += file.toFile().length();
        }
        return total;
    }
}

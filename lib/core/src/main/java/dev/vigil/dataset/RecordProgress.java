package dev.vigil.dataset;

/**
 * How far a CSV reader got through one object: the records read after the header, whether the header was read, and,
 * when the object could not be read to its end, why it stopped and where.
 */
public final class RecordProgress {
    private boolean headerRead;
    private long records;
    private String error;
    private boolean done;

    /** The header was read; what stops the reading from here on stops at a record. */
    public void headerRead() {
        headerRead = true;
    }

    /**
     * Reads the next record of {@code csv} (the header first); false at the end of the object, or when it cannot be
     * read further, which then {@link #stop stops} the reading with the parser's reason.
     *
     * @throws java.io.UncheckedIOException when the stream itself fails
     */
    public boolean read(CsvRecords csv) {
        if (csv.next()) {
            return true;
        }
        if (csv.problem() != null) {
            stop(csv.problem());
        }
        end();
        return false;
    }

    /** Counts one more record and returns its 1-based number. */
    public long nextRecord() {
        return ++records;
    }

    public long records() {
        return records;
    }

    /** The object was read to its end. */
    public void end() {
        done = true;
    }

    /** Stops reading: nothing from here on is counted, and the object is unreadable for {@code cause}. */
    public void stop(String cause) {
        done = true;
        error = headerRead
                ? "read " + records + " records, then stopped at record " + (records + 1) + ": " + cause
                : "stopped at the header: " + cause;
    }

    /** True once the reader reached the end or stopped. */
    public boolean done() {
        return done;
    }

    /** Why the object could not be read to its end, or null. */
    public String error() {
        return error;
    }
}

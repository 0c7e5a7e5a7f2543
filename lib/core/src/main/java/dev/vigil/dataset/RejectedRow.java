package dev.vigil.dataset;

/**
 * One rejected row, kept as an example in reports.
 *
 * @param key the object it came from
 * @param record 1-based record number within the object (the line number for JSON Lines; CSV counts records after
 *     the header, which may span lines when quoted)
 * @param id the row's id column, when configured and present
 * @param reason why it was rejected
 * @param detail what exactly was wrong (e.g. which column and value)
 * @param excerpt the start of the raw record, at most {@value Rejections#EXCERPT_CHARS} characters
 */
public record RejectedRow(String key, long record, String id, RejectReason reason, String detail, String excerpt) {}

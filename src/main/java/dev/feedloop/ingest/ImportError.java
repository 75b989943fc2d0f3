package dev.feedloop.ingest;

/**
 * One problem found in an import file.
 *
 * @param line 1-based line of the file (for CSV the line the record starts on; 0 for the file as a
 *     whole)
 * @param field where in the line, such as {@code messages[1].role} or {@code candidates[0].id}, or
 *     {@code null} when the whole line is at fault
 * @param message what is wrong, in English
 */
public record ImportError(long line, String field, String message) {}

package dev.feedloop.ingest;

import java.io.IOException;
import java.io.Reader;
import java.util.Set;

/** Reads an import file from start to end, handing items and errors to a sink. */
interface ItemReader {

    /**
     * @param skipLines lines already known to be bad (invalid UTF-8): not read, their errors are
     *     reported elsewhere
     */
    void read(Reader in, Set<Long> skipLines, ImportSink sink) throws IOException;

    /** The format the file turned out to be in, once read (CSV is always CSV). */
    default ImportFormat formatRead() {
        return ImportFormat.CSV;
    }
}

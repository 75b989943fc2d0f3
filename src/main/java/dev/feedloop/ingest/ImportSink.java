package dev.feedloop.ingest;

/** Receives what a reader finds in an import file, in file order. */
interface ImportSink {

    /** An item without errors of its own. */
    void item(ItemRecord item);

    void error(ImportError error);

    /** A reader stops early when this says enough errors were found. */
    boolean saturated();

    /** Called after each line (or CSV record, or array element) with the lines read so far. */
    default void progress(long linesRead) {}
}

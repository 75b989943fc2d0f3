package dev.feedloop.ingest;

import java.util.ArrayList;
import java.util.List;

/** The writing pass of an import: hands batches to the {@link ItemWriter} and counts what they did. */
final class WritingSink implements ImportSink {

    private static final long PROGRESS_EVERY_NANOS = 300_000_000L;

    private final long projectId;
    private final boolean rankOnly;
    private final long importId;
    private final IngestProperties properties;
    private final ItemWriter writer;
    private final ImportBatches batches;
    private final List<ItemRecord> batch = new ArrayList<>();
    private final java.util.Set<String> batchIds = new java.util.HashSet<>();
    private final List<ImportError> errors = new ArrayList<>();
    private long itemsCreated;
    private long itemsUnchanged;
    private long itemsExtended;
    private long candidatesAdded;
    private long priorsAdded;
    private long linesRead;
    private long lastProgress = System.nanoTime();

    WritingSink(
            long projectId,
            boolean rankOnly,
            long importId,
            IngestProperties properties,
            ItemWriter writer,
            ImportBatches batches) {
        this.projectId = projectId;
        this.rankOnly = rankOnly;
        this.importId = importId;
        this.properties = properties;
        this.writer = writer;
        this.batches = batches;
    }

    @Override
    public void item(ItemRecord item) {
        if (!batchIds.add(item.externalId())) {
            // The same item again further on in the file: the earlier batch is written first, so
            // that this record finds it and adds its candidates.
            flush();
            batchIds.add(item.externalId());
        }
        batch.add(item);
        if (batch.size() >= properties.batchSize()) {
            flush();
        }
    }

    @Override
    public void error(ImportError error) {
        // The file was checked; it has not changed since. Kept for completeness.
        if (errors.size() < properties.maxErrors()) {
            errors.add(error);
        }
    }

    @Override
    public boolean saturated() {
        return !errors.isEmpty();
    }

    @Override
    public void progress(long linesRead) {
        this.linesRead = linesRead;
    }

    /** Writes the items held so far (nothing once an error was found). */
    void flush() {
        batchIds.clear();
        if (batch.isEmpty() || !errors.isEmpty()) {
            batch.clear();
            return;
        }
        ItemWriter.BatchOutcome outcome = writer.write(projectId, importId, batch, rankOnly);
        errors.addAll(outcome.errors());
        itemsCreated += outcome.itemsCreated();
        itemsUnchanged += outcome.itemsUnchanged();
        itemsExtended += outcome.itemsExtended();
        candidatesAdded += outcome.candidatesAdded();
        priorsAdded += outcome.priorsAdded();
        batch.clear();
        long now = System.nanoTime();
        if (now - lastProgress > PROGRESS_EVERY_NANOS) {
            lastProgress = now;
            batches.linesWritten(importId, linesRead);
        }
    }

    /** Errors found while writing: the project's items changed between the check and the write. */
    List<ImportError> errors() {
        return errors;
    }

    ImportResult result(ImportStatus status, ImportFormat format, long lines, long tasksCreated) {
        return new ImportResult(
                importId,
                status,
                lines,
                itemsCreated,
                itemsUnchanged,
                itemsExtended,
                candidatesAdded,
                tasksCreated,
                format,
                priorsAdded);
    }
}

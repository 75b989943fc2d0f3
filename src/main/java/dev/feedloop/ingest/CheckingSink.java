package dev.feedloop.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checking pass of an import: collects errors (each line's own, duplicate ids within the file,
 * and conflicts with the project's items, looked up a batch at a time), counting all of them and
 * keeping the first {@code maxErrors}.
 */
final class CheckingSink implements ImportSink {

    private static final long PROGRESS_EVERY_NANOS = 300_000_000L;

    private final long projectId;
    private final boolean rankOnly;
    private final long importId;
    private final IngestProperties properties;
    private final ExistingItems existingItems;
    private final ImportBatches batches;
    private final List<ImportError> errors = new ArrayList<>();
    private final Map<String, Long> firstLineOfId = new HashMap<>();
    private final Map<String, Integer> messagesOfRepeatable = new HashMap<>();
    private final List<ItemRecord> batch = new ArrayList<>();
    private long errorCount;
    private long itemCount;
    private long lastProgress = System.nanoTime();

    CheckingSink(
            long projectId,
            boolean rankOnly,
            long importId,
            List<ImportError> encodingErrors,
            IngestProperties properties,
            ExistingItems existingItems,
            ImportBatches batches) {
        this.projectId = projectId;
        this.rankOnly = rankOnly;
        this.importId = importId;
        this.properties = properties;
        this.existingItems = existingItems;
        this.batches = batches;
        encodingErrors.forEach(this::error);
    }

    @Override
    public void item(ItemRecord item) {
        itemCount++;
        Long first = firstLineOfId.putIfAbsent(item.externalId(), item.line());
        if (item.repeatable()) {
            Integer messages = messagesOfRepeatable.putIfAbsent(
                    item.externalId(), item.messages().hashCode());
            if (first != null && messages != null && messages == item.messages().hashCode()) {
                // The same prompt again (another pair of an export, another answer): its candidates join the item.
                itemCount--;
                return;
            }
        }
        if (first != null) {
            error(ImportError.of(
                    item.line(),
                    item.path().isEmpty() ? "id" : item.field("message_id"),
                    "duplicate item id \"" + item.externalId() + "\" (first on line " + first + ")",
                    "ingest.problem.duplicateItem",
                    item.externalId(),
                    first));
            return;
        }
        batch.add(item);
        if (batch.size() >= properties.batchSize()) {
            compareBatch();
        }
    }

    @Override
    public void error(ImportError error) {
        errorCount++;
        if (errors.size() < properties.maxErrors()) {
            errors.add(error);
        }
    }

    @Override
    public boolean saturated() {
        return errorCount >= properties.maxErrors();
    }

    @Override
    public void progress(long linesRead) {
        long now = System.nanoTime();
        if (now - lastProgress > PROGRESS_EVERY_NANOS) {
            lastProgress = now;
            batches.linesRead(importId, linesRead);
        }
    }

    void finish() {
        compareBatch();
    }

    long errorCount() {
        return errorCount;
    }

    long itemCount() {
        return itemCount;
    }

    /** The kept errors, by line. */
    List<ImportError> errors() {
        List<ImportError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingLong(ImportError::line));
        return sorted;
    }

    private void compareBatch() {
        if (batch.isEmpty() || saturated()) {
            batch.clear();
            return;
        }
        var existing = existingItems.find(
                projectId, batch.stream().map(ItemRecord::externalId).toList());
        for (ItemRecord item : batch) {
            ConflictRules.conflicts(item, existing.get(item.externalId()), rankOnly)
                    .forEach(this::error);
        }
        batch.clear();
    }
}

package dev.feedloop.ingest;

import java.util.List;

/**
 * Items were written by an import. Published synchronously inside the import transaction, once per
 * written batch, so listeners (the work queue creating task slots) commit or roll back with the
 * import.
 *
 * @param projectId the project the items belong to
 * @param items the items of this batch that were created or received new candidates
 */
public record ItemsImported(long projectId, List<ImportedItem> items) {}

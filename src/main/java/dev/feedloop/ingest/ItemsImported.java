package dev.feedloop.ingest;

import java.util.List;

/**
 * Items were created or updated by an import. Published synchronously inside the import
 * transaction, once per batch, so listeners' writes commit or roll back with the import.
 */
public record ItemsImported(long projectId, List<ImportedItem> items) {}

package dev.feedloop.projects;

/**
 * A project's settings changed (demonstrations or rankings per item, status, or anything else).
 * Published synchronously inside the transaction that changed them, so listeners (the work queue
 * adding or removing open task slots) see the new settings through {@link Projects#get(long)} and
 * commit or roll back with the change.
 */
public record ProjectSettingsChanged(long projectId) {}

/**
 * Audit: who did what when, append-only ({@code audit_entry}, whose trigger refuses UPDATE and
 * DELETE). A bottom module like {@code problems}: it uses no other module, so every module calls
 * {@link dev.feedloop.audit.AuditLog} directly from its use cases, inside their transactions, and
 * an entry exists exactly when the change it describes committed. Site admins read the log at
 * {@code /admin/audit} and {@code /api/v1/audit}.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Audit",
        allowedDependencies = {"problems"})
package dev.feedloop.audit;

package dev.feedloop.audit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of entries, newest first.
 *
 * @param next the cursor of the next (older) page, for {@code before=}; {@code null} on the last
 */
public record AuditPage(List<AuditRecord> entries, @Nullable Long next) {}

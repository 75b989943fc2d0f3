package dev.feedloop.ingest;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At start-up, marks FAILED the imports that a server which has since died left VALIDATING or
 * WRITING (their own transaction rolled back with the server, so nothing of them was written).
 * Imports that another running server still owns are left alone (see {@link ImportBatches}).
 */
@Component
class AbandonedImports {

    private static final Logger log = LoggerFactory.getLogger(AbandonedImports.class);

    private final ImportBatches batches;

    AbandonedImports(ImportBatches batches) {
        this.batches = batches;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        try {
            failAbandoned();
        } catch (RuntimeException e) {
            log.warn("Could not check for imports left running by a stopped server: {}", e.getMessage());
        }
    }

    /** Marks the abandoned imports FAILED and answers their ids. */
    List<Long> failAbandoned() {
        List<Long> ids = batches.failAbandoned();
        if (!ids.isEmpty()) {
            log.warn("Marked {} import(s) left running by a stopped server as failed: {}", ids.size(), ids);
        }
        return ids;
    }
}

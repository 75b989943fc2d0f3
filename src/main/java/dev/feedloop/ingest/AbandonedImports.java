package dev.feedloop.ingest;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At start-up, marks FAILED the imports whose upload a server which has since died was storing
 * (before their job was scheduled; nothing of them was written) and deletes what it stored. Uploads
 * that another running server is still storing are left alone (see {@link ImportBatches}). An
 * import whose job was scheduled needs nothing here: db-scheduler gives a dead server's execution
 * to a live one ({@link ImportJobWorker}).
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

/**
 * Webhooks: per-project URLs that receive signed JSON posts when something happens in the project
 * (an item completed, a demonstration reviewed, a snapshot made, a feedback's fix approved, a
 * generation run finished, an annotator paused). The module sits on top: it listens to the other
 * modules' events and no module uses it. Each event writes one delivery per matching webhook in the
 * event's transaction, with its db-scheduler execution (the outbox); the execution posts it outside
 * any transaction, signed with HMAC-SHA256, and tries again with backoff until it is delivered or
 * its retry window ends. See docs/webhooks.md.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Webhooks",
        allowedDependencies = {
            "accounts",
            "audit",
            "projects",
            "ingest",
            "workqueue",
            "review",
            "export",
            "feedback",
            "generation",
            "jobs",
            "problems"
        })
package dev.feedloop.webhooks;

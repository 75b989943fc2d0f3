/**
 * Jobs: durable background work in PostgreSQL, with db-scheduler. This module builds the one
 * {@link com.github.kagkarlsson.scheduler.Scheduler} of the server from the application's data
 * source, starts it when the application is ready and stops it gracefully when the application
 * closes. Modules own their tasks: a module declares each task as a bean (a db-scheduler {@link
 * com.github.kagkarlsson.scheduler.task.Task}) and schedules instances with {@link
 * dev.feedloop.jobs.Jobs}. Any server of the same database picks up a due execution.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Jobs",
        allowedDependencies = {})
package dev.feedloop.jobs;

package dev.feedloop.audit.web;

import dev.feedloop.audit.AuditQuery;

/** The admin page's filters, as typed; every one may be blank. */
record AuditFilterForm(String actor, String action, String project, String from, String to, Long before) {

    static final int PAGE_SIZE = 50;

    AuditQuery query() {
        return AuditQuery.parse(actor, action, project, from, to, before, PAGE_SIZE);
    }
}

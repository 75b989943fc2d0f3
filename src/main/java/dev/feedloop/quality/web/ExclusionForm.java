package dev.feedloop.quality.web;

/** The item page's "exclude from export" form: an optional reason. */
record ExclusionForm(String reason) {

    static final ExclusionForm EMPTY = new ExclusionForm("");
}

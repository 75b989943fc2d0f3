package dev.feedloop.export.web;

/** The export page's dataset card form: license, languages as typed ({@code en, ru}), description. */
record DatasetCardForm(String license, String languages, String description) {}

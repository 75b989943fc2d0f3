package dev.feedloop.generation;

import dev.feedloop.problems.Refusal;
import org.springframework.http.HttpStatus;

/** The refusals of the endpoint use cases. */
final class GenerationRefusals {

    private GenerationRefusals() {}

    static Refusal adminsOnly() {
        return Refusal.of(HttpStatus.FORBIDDEN, "error.403.text").detail("endpoints.error.adminsOnly.detail");
    }

    static Refusal notFound(long id) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text").detail("endpoints.error.notFound.detail", id);
    }

    static Refusal nameTaken(String name) {
        return Refusal.of(HttpStatus.CONFLICT, "endpoints.error.nameTaken", name)
                .field("name");
    }

    static Refusal badName() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "endpoints.error.name").field("name");
    }

    static Refusal badModel() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "endpoints.error.model").field("model");
    }

    /** The first of the settings' constraint violations, all of them listed for API clients. */
    static Refusal invalid(String field, String messageCode, java.util.List<Refusal.FieldError> all) {
        return Refusal.of(HttpStatus.BAD_REQUEST, messageCode).field(field).fieldErrors(all);
    }

    static Refusal badBaseUrl() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "endpoints.error.baseUrl").field("baseUrl");
    }

    static Refusal badBaseUrlScheme() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "endpoints.error.baseUrlScheme")
                .field("baseUrl");
    }

    static Refusal badBaseUrlQuery() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "endpoints.error.baseUrlQuery")
                .field("baseUrl");
    }

    static Refusal refusedAddress(String host, String address) {
        return Refusal.of(HttpStatus.UNPROCESSABLE_ENTITY, "endpoints.error.refusedAddress", host, address)
                .code("refused-address")
                .field("baseUrl");
    }

    static Refusal badApiKey() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "endpoints.error.apiKey").field("apiKey");
    }

    static Refusal noServerKey() {
        return Refusal.of(HttpStatus.UNPROCESSABLE_ENTITY, "endpoints.error.noServerKey")
                .code("no-server-key")
                .field("apiKey");
    }

    static Refusal keyUnreadable() {
        return Refusal.of(HttpStatus.CONFLICT, "endpoints.error.keyUnreadable")
                .code("key-unreadable")
                .field("apiKey");
    }

    static Refusal runNotFound(long id) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text").detail("generation.error.runNotFound.detail", id);
    }

    static Refusal noEndpoints() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "generation.error.noEndpoints")
                .field("endpointIds");
    }

    static Refusal unknownEndpoint() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "generation.error.unknownEndpoint")
                .field("endpointIds");
    }

    static Refusal badSamples(int max) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "generation.error.samples", max)
                .field("samples");
    }

    static Refusal badFewerThan() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "generation.error.fewerThan").field("fewerThan");
    }

    static Refusal badMetadata() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "generation.error.metadata").field("metadata");
    }

    static Refusal noItems() {
        return Refusal.of(HttpStatus.UNPROCESSABLE_ENTITY, "generation.error.noItems")
                .code("no-items")
                .field("items");
    }

    static Refusal notRunning(long id) {
        return Refusal.of(HttpStatus.CONFLICT, "generation.error.notRunning", id)
                .code("not-running");
    }

    static Refusal cancelled(long id) {
        return Refusal.of(HttpStatus.CONFLICT, "generation.error.cancelled", id).code("cancelled");
    }

    static Refusal nothingFailed(long id) {
        return Refusal.of(HttpStatus.CONFLICT, "generation.error.nothingFailed", id)
                .code("nothing-failed");
    }

    static Refusal noJudgeEndpoint() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "generation.error.noJudgeEndpoint")
                .field("endpointId");
    }

    static Refusal unknownJudgeEndpoint() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "generation.error.unknownEndpoint")
                .field("endpointId");
    }

    static Refusal badJudgePrompt(int max) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "generation.error.judgePrompt", max)
                .field("prompt");
    }

    static Refusal noJudgeItems() {
        return Refusal.of(HttpStatus.UNPROCESSABLE_ENTITY, "generation.error.noJudgeItems")
                .code("no-items")
                .field("items");
    }

    /** Items with two candidates exist, but none has a human ranking, and only those were asked for. */
    static Refusal noHumanRankedJudgeItems() {
        return Refusal.of(HttpStatus.UNPROCESSABLE_ENTITY, "generation.error.noHumanRankedJudgeItems")
                .code("no-items")
                .field("items");
    }
}

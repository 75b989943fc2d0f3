package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.problems.Refusal;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import jakarta.servlet.http.Cookie;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.StaticMessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * The detail of every refusal, word for word, as the API answers it to a client that asked for
 * Russian: API clients may rely on the wording, so it stays English and unchanged.
 */
@IntegrationTest
class RefusalDetailsTests {

    static final Locale RUSSIAN = Locale.forLanguageTag("ru");

    /** A refusal factory called with sample arguments, and the detail (and field errors) the API answers. */
    record Case(String factory, String method, List<Object> arguments, String detail, List<String> errors) {
        Case errors(String... fieldMessages) {
            return new Case(factory, method, arguments, detail, List.of(fieldMessages));
        }

        @Override
        public String toString() {
            return factory + "." + method + arguments;
        }
    }

    static Case refusal(String factory, String method, String detail, Object... arguments) {
        return new Case(factory, method, Arrays.asList(arguments), detail, List.of());
    }

    static final List<Case> CASES = List.of(
            refusal("audit.AuditRefusals", "unknownAction", "There is no audit action made.up.", "made.up")
                    .errors("action: unknown action"),
            refusal("audit.AuditRefusals", "badLimit", "The limit must be between 1 and 200.", 200)
                    .errors("limit: must be between 1 and 200"),
            refusal(
                            "audit.AuditRefusals",
                            "badTime",
                            "The filter from must be a date (2026-03-01) or an ISO instant (2026-03-01T12:00:00Z), not soon.",
                            "from",
                            "soon")
                    .errors("from: must be a date (2026-03-01) or an ISO instant"),
            refusal("audit.AuditRefusals", "adminsOnly", "Only administrators may read the audit log."),
            refusal("accounts.AccountRefusals", "usernameTaken", "The username 'ann' is taken.", "ann")
                    .errors("username: The username 'ann' is taken."),
            refusal("accounts.AccountRefusals", "userNotFound", "No user with id 12345.", 12345L),
            refusal(
                            "accounts.AccountRefusals",
                            "invalidUsername",
                            "A username is 2 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit.")
                    .errors(
                            "username: A username is 2 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit."),
            refusal(
                            "accounts.AccountRefusals",
                            "passwordTooShort",
                            "The password must have at least 10 characters.",
                            10)
                    .errors("password: The password must have at least 10 characters."),
            refusal("accounts.AccountRefusals", "passwordTooLong", "The password must be at most 72 bytes.")
                    .errors("password: The password must be at most 72 bytes."),
            refusal("accounts.AccountRefusals", "wrongCurrentPassword", "The current password is not correct.")
                    .errors("currentPassword: The current password is not correct."),
            refusal(
                            "accounts.AccountRefusals",
                            "throttled",
                            "Too many failed attempts for this account; try again later.",
                            5L)
                    .errors("currentPassword: Too many failed attempts for this account; try again later."),
            refusal(
                            "accounts.AccountRefusals",
                            "lastAdmin",
                            "This is the last enabled administrator; make someone else an administrator first.")
                    .errors("admin: This is the last enabled administrator; make someone else an administrator first."),
            refusal("accounts.AccountRefusals", "tokenNotFound", "No API token with id 12345.", 12345L),
            refusal("projects.ProjectRefusals", "notFound", "No project 'chat-prefs'.", "chat-prefs"),
            refusal(
                    "projects.ProjectRefusals",
                    "missingRole",
                    "You need the project role REVIEWER in project 'chat-prefs' for this.",
                    "chat-prefs",
                    ProjectRole.REVIEWER),
            refusal("projects.ProjectRefusals", "adminOnly", "Only administrators may change projects."),
            refusal("projects.ProjectRefusals", "slugTaken", "The slug 'chat-prefs' is taken.", "chat-prefs")
                    .errors("slug: The slug 'chat-prefs' is taken."),
            refusal(
                    "projects.ProjectRefusals",
                    "concurrentChange",
                    "Someone changed this project at the same time; reload it and try again."),
            refusal("projects.ProjectRefusals", "userNotFound", "No user 'ann'.", "ann")
                    .errors("username: No user 'ann'."),
            refusal("projects.ProjectRefusals", "memberNotFound", "'ann' is not a member of this project.", "ann"),
            refusal("projects.ProjectRefusals", "guidelineVersionNotFound", "No guidelines version 12345.", 12345),
            invalidProject(
                    "slug",
                    "projects.error.slug",
                    "A slug is 2 to 63 lower-case letters, digits or dashes, starting with a letter or digit."),
            invalidProject("name", "projects.error.name", "The name must have 1 to 200 characters."),
            invalidProject(
                    "description",
                    "projects.error.description",
                    "The description must have at most 10000 characters.",
                    10_000),
            invalidProject("status", "projects.error.status", "The status is required."),
            invalidProject("leaseMinutes", "projects.error.range", "Must be between 1 and 1440.", 1, 1440),
            invalidProject("ratingDimensions", "projects.error.tooManyDimensions", "At most 20 rating dimensions."),
            invalidProject(
                    "ratingDimensions[3].name",
                    "projects.error.dimensionName",
                    "A dimension name has 1 to 50 characters."),
            invalidProject(
                    "ratingDimensions[3].name",
                    "projects.error.dimensionDuplicate",
                    "The dimension 'tone' is listed twice.",
                    "tone"),
            invalidProject(
                    "ratingDimensions[3].max",
                    "projects.error.dimensionRange",
                    "A scale goes from a lower to a higher whole number between 0 and 100."),
            invalidProject("flags", "projects.error.tooManyFlags", "At most 30 flags."),
            invalidProject("flags[2]", "projects.error.flag", "A flag has 1 to 60 characters."),
            invalidProject("flags[2]", "projects.error.flagDuplicate", "The flag 'toxic' is listed twice.", "toxic"),
            invalidProject("roles", "projects.error.noRoles", "Give the member at least one role."),
            invalidProject(
                    "content",
                    "projects.error.guidelinesLength",
                    "Guidelines may have at most 200000 characters.",
                    200_000),
            invalidExport(
                    "format",
                    "Unknown sft format 'xml'; use one of [messages, alpaca].",
                    "sft",
                    "xml",
                    List.of("messages", "alpaca")),
            invalidExport("review", "review must be approved, approved-pending or all."),
            invalidExport("aggregation", "aggregation must be raw or majority."),
            invalidExport("split", "split must be all, train or test."),
            invalidExport("testRatio", "testRatio must be a number from 0 to 1."),
            invalidExport("seed", "seed must be 1 to 64 letters, digits, dots, dashes or underscores."),
            invalidExport("late", "late must be include or exclude."),
            invalidExport("minAnnotators", "minAnnotators must be a whole number from 1 to 1000."),
            invalidExport("asOf", "asOf must be an ISO-8601 instant such as 2025-01-31T12:00:00Z."),
            invalidExport(
                    "license",
                    "license must be a lower-case license identifier such as cc-by-4.0 (letters, digits, dots, plus and dashes, at most 64); got 'CC BY'.",
                    "CC BY"),
            invalidExport(
                    "languages",
                    "languages must be ISO 639 codes such as en or pt-BR, at most 20; got 'english'.",
                    "english"),
            invalidExport("description", "description must be at most 20000 characters.", 20000),
            refusal(
                            "export.ExportRefusals",
                            "unknownAnnotators",
                            "annotators must be all or trusted; got 'everyone'.",
                            "everyone")
                    .errors("annotators: annotators must be all or trusted; got 'everyone'."),
            refusal("export.ExportRefusals", "unknownJudges", "judges must be include or exclude; got 'yes'.", "yes")
                    .errors("judges: judges must be include or exclude; got 'yes'."),
            refusal(
                            "export.ExportRefusals",
                            "asOfOutOfRange",
                            "asOf must be an instant from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.")
                    .errors("asOf: asOf must be an instant from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z."),
            invalidExport("kind", "kind must be sft or preferences."),
            refusal("export.ExportRefusals", "adminsOnly", "Only administrators may export datasets."),
            refusal("export.ExportRefusals", "snapshotNotFound", "No snapshot with id 12345.", 12345L),
            refusal("export.ExportRefusals", "snapshotJobNotFound", "No snapshot job with id 12345.", 12345L),
            refusal(
                    "export.ExportRefusals",
                    "snapshotJobEnded",
                    "Snapshot job 12345 has already ended (done).",
                    12345L,
                    "done"),
            refusal(
                    "export.ExportRefusals",
                    "fileNotFound",
                    "Snapshot 12345 has no file 'train.jsonl'.",
                    12345L,
                    "train.jsonl"),
            refusal(
                            "workqueue.WorkQueueRefusals",
                            "invalidSubmission",
                            "The submission has invalid fields; nothing was stored.",
                            List.of(new Refusal.FieldError("content", "must not be blank")))
                    .errors("content: must not be blank"),
            refusal(
                            "workqueue.WorkQueueRefusals",
                            "invalidRequest",
                            "The submission has invalid fields; nothing was stored.",
                            "note",
                            "say why when the reason is other")
                    .errors("note: say why when the reason is other"),
            refusal(
                            "workqueue.WorkQueueRefusals",
                            "invalidParameter",
                            "The parameter 'limit' is invalid: must be between 1 and 500.",
                            "limit",
                            "must be between 1 and 500")
                    .errors("limit: must be between 1 and 500"),
            refusal(
                            "workqueue.WorkQueueRefusals",
                            "unknownKind",
                            "Unknown task kind 'judge': use write or rank.",
                            "judge")
                    .errors("kind: must be write or rank"),
            refusal("workqueue.WorkQueueRefusals", "taskNotFound", "No task 12345.", 12345L),
            refusal(
                    "workqueue.WorkQueueRefusals",
                    "notYourTask",
                    "Task 12345 was never leased to you; nothing was stored.",
                    12345L),
            refusal(
                    "workqueue.WorkQueueRefusals",
                    "roleMissing",
                    "You do not hold the project role for task 12345 (any more); nothing was stored.",
                    12345L),
            refusal(
                    "workqueue.WorkQueueRefusals",
                    "wrongToken",
                    "This lease token does not belong to your lease on task 12345; nothing was stored.",
                    12345L),
            refusal(
                    "workqueue.WorkQueueRefusals",
                    "leaseLost",
                    "Your lease on task 12345 ended and someone else holds the task now; submit your work, it will be kept.",
                    12345L),
            refusal(
                    "workqueue.WorkQueueRefusals",
                    "alreadySkipped",
                    "You skipped task 12345; it cannot be submitted any more.",
                    12345L),
            refusal("workqueue.WorkQueueRefusals", "alreadySubmitted", "You already submitted task 12345.", 12345L),
            refusal(
                    "workqueue.WorkQueueRefusals",
                    "submitConflict",
                    "Task 12345 was already submitted under this lease with different content"
                            + " (from another tab or device); this submit was not stored.",
                    12345L,
                    678L),
            refusal(
                    "workqueue.WorkQueueRefusals",
                    "projectNotActive",
                    "Project 'chat-prefs' is not active, so it hands out no work.",
                    "chat-prefs"),
            refusal(
                    "workqueue.WorkQueueRefusals",
                    "paused",
                    "You are paused in project 'chat-prefs' (gold accuracy below the threshold, or by an"
                            + " administrator), so it hands out no new tasks to you; an administrator can reinstate you.",
                    "chat-prefs"),
            refusal("workqueue.WorkQueueRefusals", "adminOnly", "Only administrators may do this."),
            refusal("workqueue.WorkQueueRefusals", "noLease", "Task 12345 is not leased.", 12345L),
            refusal(
                            "workqueue.WorkQueueRefusals",
                            "extraCount",
                            "Count 11 is out of range: ask for between 1 and 10 extra rankings.",
                            11,
                            10)
                    .errors("count: Count 11 is out of range: ask for between 1 and 10 extra rankings."),
            refusal(
                    "workqueue.WorkQueueRefusals",
                    "extraTooFew",
                    "Item 'q-1' has fewer than two candidates, so it cannot be ranked.",
                    "q-1"),
            refusal(
                    "workqueue.WorkQueueRefusals",
                    "extraForGold",
                    "Item 'q-1' is a gold item; its rank tasks are made per person, so it gets no extra rankings.",
                    "q-1"),
            refusal(
                            "quality.QualityRefusals",
                            "invalidAsOf",
                            "asOf must be an ISO-8601 instant from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z,"
                                    + " for example 2025-01-31T12:00:00Z; got 'yesterday'.",
                            "yesterday")
                    .errors("asOf: asOf must be an ISO-8601 instant from 0001-01-01T00:00:00Z to"
                            + " 9999-12-31T23:59:59Z, for example 2025-01-31T12:00:00Z; got 'yesterday'."),
            refusal(
                            "quality.QualityRefusals",
                            "unknownPriors",
                            "priors must be include or exclude; got 'maybe'.",
                            "maybe")
                    .errors("priors: priors must be include or exclude; got 'maybe'."),
            refusal(
                            "quality.QualityRefusals",
                            "incompleteSlice",
                            "metadataValue is required with metadataKey: a metadata slice names both the key and the"
                                    + " value.",
                            "metadataValue",
                            "metadataKey")
                    .errors("metadataValue: metadataValue is required with metadataKey: a metadata slice names both"
                            + " the key and the value."),
            refusal(
                            "quality.QualityRefusals",
                            "unknownMetadataKey",
                            "metadataKey: no item of the project has the metadata key 'topic'.",
                            "topic")
                    .errors("metadataKey: metadataKey: no item of the project has the metadata key 'topic'."),
            refusal(
                            "quality.QualityRefusals",
                            "unknownMetadataValue",
                            "metadataValue: no item of the project has 'art' under the metadata key 'topic'.",
                            "topic",
                            "art")
                    .errors("metadataValue: metadataValue: no item of the project has 'art' under the metadata key"
                            + " 'topic'."),
            refusal(
                            "quality.QualityRefusals",
                            "unknownGuidelineVersion",
                            "guidelineVersion: no ranking of the project was made under guideline version 7.",
                            7)
                    .errors("guidelineVersion: guidelineVersion: no ranking of the project was made under guideline"
                            + " version 7."),
            refusal("quality.QualityRefusals", "itemNotFound", "The project has no item 'q-9'.", "q-9"),
            refusal(
                    "quality.QualityRefusals",
                    "adjudicationConflict",
                    "The adjudication of item 'q-1' is no longer version 2: someone decided or cleared it meanwhile."
                            + " Nothing was stored; read the current one and send its version.",
                    "q-1",
                    2),
            refusal("quality.QualityRefusals", "noAdjudication", "Item 'q-1' has no adjudication.", "q-1"),
            refusal(
                    "quality.QualityRefusals",
                    "adjudicationTooFew",
                    "Item 'q-1' has fewer than two candidates, so it cannot be adjudicated.",
                    "q-1"),
            refusal(
                            "quality.QualityRefusals",
                            "adjudicationNoteTooLong",
                            "The note must be at most 10000 characters.",
                            10_000)
                    .errors("note: The note must be at most 10000 characters."),
            refusal(
                            "quality.QualityRefusals",
                            "adjudicationLimit",
                            "limit 0 is out of range: between 1 and 200.",
                            0,
                            200)
                    .errors("limit: limit 0 is out of range: between 1 and 200."),
            refusal(
                            "quality.QualityRefusals",
                            "adjudicationState",
                            "state must be needed or decided; got 'sideways'.",
                            "sideways")
                    .errors("state: state must be needed or decided; got 'sideways'."),
            refusal("ingest.IngestRefusals", "itemNotFound", "No item with id 12345.", 12345L),
            refusal("ingest.IngestRefusals", "importNotFound", "No import with id 12345.", 12345L),
            refusal("ingest.IngestRefusals", "noSuchItem", "No item with id 'q-1' in this project.", "q-1"),
            refusal("ingest.IngestRefusals", "noGold", "Item 'q-1' has no gold answer.", "q-1"),
            refusal("ingest.IngestRefusals", "adminOnlyGold", "Only administrators read and set gold answers."),
            refusal("ingest.IngestRefusals", "adminOnlyExclusion", "Only administrators exclude items from export."),
            refusal("ingest.IngestRefusals", "reasonTooLong", "The reason is longer than 1000 characters.", 1000)
                    .errors("reason: The reason is longer than 1000 characters."),
            refusal(
                            "ingest.IngestRefusals",
                            "invalidGold",
                            "The gold answer is not valid: \"x\" is in the gold answer twice",
                            "\"x\" is in the gold answer twice")
                    .errors("gold: \"x\" is in the gold answer twice"),
            refusal(
                    "ingest.IngestRefusals",
                    "unknownFormat",
                    "Unknown import format 'xml'; use jsonl, csv, oasst, sharegpt, alpaca, hh-rlhf, ultrafeedback, ultrafeedback-binarized, openai-chat, openai-dpo, trl or feedloop-export.",
                    "xml"),
            refusal(
                    "ingest.IngestRefusals",
                    "unknownPriors",
                    "Unknown value 'maybe' for priors; use ignore, import or gold.",
                    "maybe"),
            refusal("ingest.IngestRefusals", "adminOnly", "Only administrators import items."),
            refusal(
                    "ingest.IngestRefusals",
                    "adminOnlyItems",
                    "Only administrators list a project's items (they show model names that annotators may not see)."),
            refusal(
                    "ingest.IngestRefusals",
                    "tooLarge",
                    "The decompressed content is larger than the limit of 10485760 bytes.",
                    "decompressed content",
                    10_485_760L),
            refusal(
                    "ingest.IngestRefusals",
                    "lineTooLong",
                    "Line 12345 is longer than the limit of 1048576 bytes; nothing was imported.",
                    12345L,
                    1_048_576L),
            refusal("ingest.IngestRefusals", "noItems", "The file has no items; nothing was imported.", 12345L),
            refusal(
                    "ingest.IngestRefusals",
                    "unreadable",
                    "The file cannot be read: the upload was interrupted.",
                    "the upload was interrupted."),
            refusal(
                    "ingest.IngestRefusals",
                    "rejected",
                    "The file has 1 error; nothing was imported.",
                    12345L,
                    List.of(),
                    1L),
            refusal(
                    "ingest.IngestRefusals",
                    "rejected",
                    "The file has 1234 errors; nothing was imported.",
                    12345L,
                    List.of(),
                    1234L),
            refusal("review.ReviewRefusals", "notFound", "No demonstration 12345 to review here.", 12345L),
            refusal("review.ReviewRefusals", "commentRequired", "Say why the demonstration is rejected."),
            refusal("review.ReviewRefusals", "contentRequired", "The edited demonstration is empty."),
            refusal(
                    "review.ReviewRefusals",
                    "tooLong",
                    "The comment is longer than 10000 characters.",
                    "comment",
                    10_000),
            refusal(
                    "review.ReviewRefusals",
                    "alreadyReviewed",
                    "Demonstration 12345 was reviewed by someone else in the meantime.",
                    12345L),
            refusal("review.ReviewRefusals", "ownWork", "Nobody reviews their own demonstration 12345.", 12345L),
            refusal(
                    "labeling.LabelingRefusals",
                    "draftConflict",
                    "The draft of task 12345 was saved from another tab or device (version 7); load it or save"
                            + " again naming that version. Nothing was saved.",
                    12345L,
                    7L),
            refusal("generation.GenerationRefusals", "adminsOnly", "Only site administrators manage model endpoints."),
            refusal("generation.GenerationRefusals", "notFound", "There is no model endpoint 12345.", 12345L),
            refusal(
                            "generation.GenerationRefusals",
                            "nameTaken",
                            "An endpoint named 'gpt-4o' exists already; choose another name.",
                            "gpt-4o")
                    .errors("name: An endpoint named 'gpt-4o' exists already; choose another name."),
            refusal("generation.GenerationRefusals", "badName", "Enter a name of up to 100 characters.")
                    .errors("name: Enter a name of up to 100 characters."),
            refusal("generation.GenerationRefusals", "badModel", "Enter the model name, up to 200 characters.")
                    .errors("model: Enter the model name, up to 200 characters."),
            refusal(
                            "generation.GenerationRefusals",
                            "invalid",
                            "Enter a temperature from 0 to 2, or leave it empty.",
                            "temperature",
                            "endpoints.error.temperature",
                            List.of(
                                    new Refusal.FieldError("temperature", "Enter a temperature from 0 to 2."),
                                    new Refusal.FieldError("topP", "Enter a top p above 0 and up to 1.")))
                    .errors("temperature: Enter a temperature from 0 to 2, or leave it empty."),
            refusal(
                            "generation.GenerationRefusals",
                            "badBaseUrl",
                            "Enter a web address such as http://localhost:8000/v1 (up to 500 characters).")
                    .errors("baseUrl: Enter a web address such as http://localhost:8000/v1 (up to 500 characters)."),
            refusal(
                            "generation.GenerationRefusals",
                            "badBaseUrlScheme",
                            "The base URL must start with http:// or https://.")
                    .errors("baseUrl: The base URL must start with http:// or https://."),
            refusal(
                            "generation.GenerationRefusals",
                            "badBaseUrlQuery",
                            "The base URL cannot have a query (?…) or a fragment (#…).")
                    .errors("baseUrl: The base URL cannot have a query (?…) or a fragment (#…)."),
            refusal(
                            "generation.GenerationRefusals",
                            "refusedAddress",
                            "metadata.internal resolves to 169.254.169.254, a link-local or cloud metadata address;"
                                    + " such addresses are refused unless the server allows them"
                                    + " (feedloop.generation.allow-link-local).",
                            "metadata.internal",
                            "169.254.169.254")
                    .errors("baseUrl: metadata.internal resolves to 169.254.169.254, a link-local or cloud metadata"
                            + " address; such addresses are refused unless the server allows them"
                            + " (feedloop.generation.allow-link-local)."),
            refusal("generation.GenerationRefusals", "badApiKey", "An API key is 4 to 500 characters without spaces.")
                    .errors("apiKey: An API key is 4 to 500 characters without spaces."),
            refusal(
                            "generation.GenerationRefusals",
                            "noServerKey",
                            "This server cannot store API keys: its setting feedloop.generation.key-encryption-key"
                                    + " is not set. Leave the API key empty, or ask the operator to set it.")
                    .errors("apiKey: This server cannot store API keys: its setting"
                            + " feedloop.generation.key-encryption-key is not set. Leave the API key empty, or ask"
                            + " the operator to set it."),
            refusal(
                            "generation.GenerationRefusals",
                            "keyUnreadable",
                            "The stored API key cannot be read with this server's key-encryption key (it was"
                                    + " changed). Enter the API key again.")
                    .errors("apiKey: The stored API key cannot be read with this server's key-encryption key (it"
                            + " was changed). Enter the API key again."),
            refusal(
                    "generation.GenerationRefusals",
                    "runNotFound",
                    "There is no generation run 12345 in this project.",
                    12345L),
            refusal("generation.GenerationRefusals", "noEndpoints", "Choose at least one endpoint.")
                    .errors("endpointIds: Choose at least one endpoint."),
            refusal(
                            "generation.GenerationRefusals",
                            "unknownEndpoint",
                            "One of the chosen endpoints does not exist (any more).")
                    .errors("endpointIds: One of the chosen endpoints does not exist (any more)."),
            refusal(
                            "generation.GenerationRefusals",
                            "badSamples",
                            "Enter how many answers each endpoint gives per item, from 1 to 20.",
                            20)
                    .errors("samples: Enter how many answers each endpoint gives per item, from 1 to 20."),
            refusal(
                            "generation.GenerationRefusals",
                            "badFewerThan",
                            "Enter a number of candidates from 1 to 1000: the run answers the items that have"
                                    + " fewer candidates than that.")
                    .errors("fewerThan: Enter a number of candidates from 1 to 1000: the run answers the items"
                            + " that have fewer candidates than that."),
            refusal(
                            "generation.GenerationRefusals",
                            "badMetadata",
                            "Write the metadata filter as key=value, one per line; keys cannot be empty.")
                    .errors("metadata: Write the metadata filter as key=value, one per line; keys cannot be empty."),
            refusal("generation.GenerationRefusals", "noItems", "No item of the project matches; nothing to generate.")
                    .errors("items: No item of the project matches; nothing to generate."),
            refusal("generation.GenerationRefusals", "noJudgeEndpoint", "Choose the endpoint that judges.")
                    .errors("endpointId: Choose the endpoint that judges."),
            refusal(
                            "generation.GenerationRefusals",
                            "unknownJudgeEndpoint",
                            "One of the chosen endpoints does not exist (any more).")
                    .errors("endpointId: One of the chosen endpoints does not exist (any more)."),
            refusal(
                            "generation.GenerationRefusals",
                            "badJudgePrompt",
                            "The judge prompt may be at most 20,000 characters long.",
                            20000)
                    .errors("prompt: The judge prompt may be at most 20,000 characters long."),
            refusal(
                            "generation.GenerationRefusals",
                            "noJudgeItems",
                            "No item of the project has two candidates to judge. Import a second candidate for the"
                                    + " items, or start a generation run first.")
                    .errors("items: No item of the project has two candidates to judge. Import a second candidate"
                            + " for the items, or start a generation run first."),
            refusal(
                            "generation.GenerationRefusals",
                            "noHumanRankedJudgeItems",
                            "No item with two candidates has a human ranking yet, and only those were asked for"
                                    + " (humanRankedOnly). Send humanRankedOnly false to judge every item with two"
                                    + " candidates, or have people rank items first.")
                    .errors("items: No item with two candidates has a human ranking yet, and only those were asked"
                            + " for (humanRankedOnly). Send humanRankedOnly false to judge every item with two"
                            + " candidates, or have people rank items first."),
            refusal("generation.GenerationRefusals", "notRunning", "Run 12345 is not running any more.", 12345L),
            refusal(
                    "generation.GenerationRefusals",
                    "cancelled",
                    "Run 12345 was cancelled; start a new run instead.",
                    12345L),
            refusal(
                    "generation.GenerationRefusals",
                    "nothingFailed",
                    "Run 12345 has no failed answers to retry.",
                    12345L),
            refusal(
                    "feedback.FeedbackRefusals",
                    "adminOnly",
                    "Only administrators may read feedback, change intake options or post feedback without an intake token."),
            refusal(
                    "feedback.FeedbackRefusals",
                    "readersOnly",
                    "Only administrators and the project's reviewers may read its feedback."),
            refusal("feedback.FeedbackRefusals", "otherProject", "This intake token belongs to another project."),
            refusal(
                    "feedback.FeedbackRefusals",
                    "tokenNotFound",
                    "No intake token with id 12345 in this project.",
                    12345L),
            refusal(
                    "feedback.FeedbackRefusals",
                    "noSuchFeedback",
                    "No feedback with traceId 't-1' in this project.",
                    "t-1"),
            refusal(
                            "feedback.FeedbackRefusals",
                            "invalid",
                            "The feedback is not valid; see the fields listed.",
                            List.of(new Refusal.FieldError("traceId", "is required")))
                    .errors("traceId: is required"),
            refusal("feedback.FeedbackRefusals", "tooLarge", "The body is larger than 1048576 bytes.", 1048576L),
            refusal("feedback.FeedbackRefusals", "tooManyLines", "A batch may have at most 1000 lines.", 1000),
            refusal(
                    "feedback.FeedbackRefusals",
                    "rateLimited",
                    "Too much feedback from this token; try again in 3 s.",
                    3L),
            refusal(
                            "feedback.FeedbackRefusals",
                            "invalidParameter",
                            "The parameter state is not valid: must be received or fixed.",
                            "state",
                            "must be received or fixed")
                    .errors("state: must be received or fixed"),
            refusal("feedback.FeedbackRefusals", "reasonRequired", "Say why the reply was not a real failure.")
                    .errors("reason: Say why the reply was not a real failure."),
            refusal(
                    "feedback.FeedbackRefusals",
                    "notAFixTask",
                    "Task 12345 is not a fix task of this project.",
                    12345L),
            refusal("feedback.FeedbackRefusals", "reasonTooLong", "The reason may be at most 2000 characters.", 2000)
                    .errors("reason: The reason may be at most 2000 characters."),
            refusal("feedback.FeedbackRefusals", "alreadyFixed", "A fix was already submitted for task 12345.", 12345L),
            refusal(
                    "labeling.LabelingRefusals",
                    "notAFixTask",
                    "Task 12345 is not a fix task of this project.",
                    12345L),
            refusal(
                            "projects.ProjectRefusals",
                            "unknownRound",
                            "Unknown round 'w9': the parameter round names one of the project's rounds (GET …/rounds lists them).",
                            "w9")
                    .errors(
                            "round: Unknown round 'w9': the parameter round names one of the project's rounds (GET …/rounds lists them)."),
            refusal("projects.ProjectRefusals", "roundNotFound", "No round 'w9'.", "w9"),
            refusal("projects.ProjectRefusals", "roundNameTaken", "The round name 'w9' is taken in this project.", "w9")
                    .errors("name: The round name 'w9' is taken in this project."),
            refusal(
                            "projects.ProjectRefusals",
                            "roundOverlap",
                            "The window overlaps round 'w9' (2026-11-30T00:00:00Z to open); rounds of a project may not overlap.",
                            new dev.feedloop.projects.Round(
                                    "w9", "bot-v7", java.time.Instant.parse("2026-11-30T00:00:00Z"), null))
                    .errors(
                            "startsAt: The window overlaps round 'w9' (2026-11-30T00:00:00Z to open); rounds of a project may not overlap."),
            refusal(
                    "ingest.IngestRefusals",
                    "importEnded",
                    "Import 7 has already ended; there is nothing to cancel.",
                    7L),
            refusal(
                    "ingest.IngestRefusals",
                    "failedAs",
                    "Import 7 was cancelled; nothing was imported.",
                    new dev.feedloop.ingest.ImportView(
                            7L,
                            1L,
                            "items.jsonl",
                            dev.feedloop.ingest.ImportFormat.JSONL,
                            dev.feedloop.ingest.ImportStatus.FAILED,
                            "admin",
                            10L,
                            1L,
                            0L,
                            0L,
                            0L,
                            0L,
                            0L,
                            0L,
                            0L,
                            List.of(new dev.feedloop.ingest.ImportError(
                                    0, null, "the import was cancelled", "ingest.problem.cancelled", List.of())),
                            1L,
                            java.time.Instant.parse("2026-12-01T00:00:00Z"),
                            java.time.Instant.parse("2026-12-01T00:00:01Z"),
                            0L,
                            null,
                            1,
                            true,
                            null,
                            null)),
            refusal(
                    "projects.ProjectRefusals",
                    "roundNotRunning",
                    "Round 'w9' is not running now (it has ended or not started); set its endsAt instead.",
                    "w9"),
            refusal(
                    "webhooks.WebhookRefusals",
                    "adminOnly",
                    "Only administrators may see and change a project's webhooks."),
            refusal("webhooks.WebhookRefusals", "notFound", "No webhook with id 12345 in this project.", 12345L),
            refusal(
                    "webhooks.WebhookRefusals",
                    "deliveryNotFound",
                    "No delivery 0b0e7a52-5f4c-4d0e-9a47-1c2d3e4f5a6b for this webhook.",
                    java.util.UUID.fromString("0b0e7a52-5f4c-4d0e-9a47-1c2d3e4f5a6b")),
            refusal(
                            "webhooks.WebhookRefusals",
                            "badUrl",
                            "The URL must be an absolute http or https address with a host, without user name or fragment.")
                    .errors(
                            "url: The URL must be an absolute http or https address with a host, without user name or fragment."),
            refusal("webhooks.WebhookRefusals", "urlScheme", "The URL must start with http:// or https://.")
                    .errors("url: The URL must start with http:// or https://."),
            refusal("webhooks.WebhookRefusals", "urlTooLong", "The URL must be at most 2000 characters.", 2000)
                    .errors("url: The URL must be at most 2000 characters."),
            refusal(
                            "webhooks.WebhookRefusals",
                            "refusedAddress",
                            "localhost resolves to 127.0.0.1, a loopback, private, link-local or cloud metadata address;"
                                    + " such addresses are refused unless the server allows them"
                                    + " (feedloop.webhooks.allow-private-addresses).",
                            "localhost",
                            "127.0.0.1")
                    .errors("url: localhost resolves to 127.0.0.1, a loopback, private, link-local or cloud metadata"
                            + " address; such addresses are refused unless the server allows them"
                            + " (feedloop.webhooks.allow-private-addresses)."),
            refusal("webhooks.WebhookRefusals", "noEvents", "Choose at least one event.")
                    .errors("events: Choose at least one event."),
            refusal("webhooks.WebhookRefusals", "unknownEvent", "There is no event item.deleted.", "item.deleted")
                    .errors("events: There is no event item.deleted."),
            refusal(
                    "webhooks.WebhookRefusals",
                    "noServerKey",
                    "Webhooks cannot be made on this server: their signing secrets are stored encrypted, and its"
                            + " setting feedloop.generation.key-encryption-key is not set. Ask the operator to set it."),
            refusal(
                    "webhooks.WebhookRefusals",
                    "stillPending",
                    "Delivery 0b0e7a52-5f4c-4d0e-9a47-1c2d3e4f5a6b is still being tried; it can be sent again once it"
                            + " is delivered or failed.",
                    java.util.UUID.fromString("0b0e7a52-5f4c-4d0e-9a47-1c2d3e4f5a6b")));

    static Case invalidProject(String field, String messageCode, String detail, Object... arguments) {
        List<Object> all = new ArrayList<>(List.of(field, messageCode));
        all.addAll(List.of(arguments));
        return refusal("projects.ProjectRefusals", "invalid", detail, all.toArray())
                .errors(field + ": " + detail);
    }

    static Case invalidExport(String field, String detail, Object... arguments) {
        List<Object> all = new ArrayList<>(List.of(field));
        all.addAll(List.of(arguments));
        return refusal("export.ExportRefusals", "invalid", detail, all.toArray())
                .errors(field + ": " + detail);
    }

    static final Path MAIN = Path.of("src", "main", "java");
    /** A call that makes a refusal or names its detail. */
    static final Pattern REFUSAL_CALL = Pattern.compile("Refusal\\.of\\(|\\.detail\\(");

    static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** A message code or a piece of one ({@code "export.error." + field + ".detail"}). */
    static final Pattern MESSAGE_CODE = Pattern.compile("(?=.*\\.)\\.?[a-z][A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]+)*\\.?");

    @Autowired
    ApiProblems problems;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void everyRefusalAnswersItsEnglishDetailToARussianClient() throws Exception {
        LocaleContextHolder.setLocale(RUSSIAN);
        List<String> answered = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (Case c : CASES) {
            ProblemDetail problem = answer(create(c));
            answered.add(c + " -> " + problem.getDetail() + " " + errors(problem));
            expected.add(c + " -> " + c.detail() + " " + c.errors());
        }
        assertThat(answered).containsExactlyElementsOf(expected);
    }

    @Test
    void everyDetailComesFromTheEnglishBundle() throws Exception {
        Properties english = new Properties();
        try (var in = new InputStreamReader(
                RefusalDetailsTests.class.getResourceAsStream("/messages.properties"), StandardCharsets.UTF_8)) {
            english.load(in);
        }
        for (Case c : CASES) {
            Refusal refusal = create(c);
            assertThat(refusal.getBody().getDetail())
                    .as("%s has no detail before it is resolved from the bundle", c)
                    .isNull();
            assertThat(refusal.updateAndGetBody(new StaticMessageSource(), Locale.ENGLISH)
                            .getDetail())
                    .as("%s has no detail without the bundle", c)
                    .isNull();
            String key = english.containsKey(refusal.getDetailMessageCode())
                    ? refusal.getDetailMessageCode()
                    : refusal.messageCode();
            assertThat(english).as("%s: the detail's key", c).containsKey(key);
        }
    }

    @Test
    void everyRefusalFactoryMethodIsPinned() throws Exception {
        List<String> pinned =
                CASES.stream().map(c -> c.factory() + "." + c.method()).toList();
        List<String> factories;
        try (Stream<Path> files = Files.walk(MAIN)) {
            factories = files.map(MAIN::relativize)
                    .map(Path::toString)
                    .filter(name -> name.endsWith("Refusals.java"))
                    .map(name -> name.substring("dev/feedloop/".length(), name.length() - ".java".length())
                            .replace('/', '.'))
                    .sorted()
                    .toList();
        }
        assertThat(factories).hasSizeGreaterThanOrEqualTo(7);
        List<String> unpinned = new ArrayList<>();
        for (String factory : factories) {
            for (Method method : factoryMethods(factory)) {
                boolean fromAnother = Arrays.asList(method.getParameterTypes()).contains(Refusal.class);
                if (!fromAnother && !pinned.contains(factory + "." + method.getName())) {
                    unpinned.add(factory + "." + method.getName());
                }
            }
        }
        assertThat(unpinned)
                .as("refusal factory methods without a pinned detail")
                .isEmpty();
    }

    @Test
    void refusalsAreBuiltFromMessageCodesNotSentences() throws IOException {
        List<String> sentences = new ArrayList<>();
        int calls = 0;
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path source : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = Files.readString(source);
                Matcher call = REFUSAL_CALL.matcher(code);
                while (call.find()) {
                    calls++;
                    String arguments = arguments(code, call.end());
                    Matcher literal = STRING_LITERAL.matcher(arguments);
                    while (literal.find()) {
                        if (!MESSAGE_CODE.matcher(literal.group(1)).matches()) {
                            sentences.add(source.getFileName() + ": " + call.group() + arguments + ")");
                        }
                    }
                }
            }
        }
        assertThat(calls).as("Refusal.of and detail calls found").isGreaterThan(60);
        assertThat(sentences)
                .as("text in Java where a refusal wants message codes")
                .isEmpty();
    }

    @Test
    void aRussianClientReadsTheEnglishDetailOfTheApi() {
        var missing = mvc.get()
                .uri("/api/v1/projects/no-such")
                .with(TestData.as(data.admin()))
                .header("Accept-Language", "ru")
                .cookie(new Cookie("feedloop-lang", "ru"))
                .exchange();
        assertThat(missing).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(missing).bodyJson().extractingPath("$.detail").isEqualTo("No project 'no-such'.");

        var invalid = mvc.post()
                .uri("/api/v1/projects")
                .with(TestData.as(data.admin()))
                .header("Accept-Language", "ru")
                .cookie(new Cookie("feedloop-lang", "ru"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"slug":"chat-prefs","name":" "}
                        """)
                .exchange();
        assertThat(invalid).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(invalid).bodyJson().extractingPath("$.detail").isEqualTo("The name must have 1 to 200 characters.");
        assertThat(invalid).bodyJson().extractingPath("$.errors[0].field").isEqualTo("name");
        assertThat(invalid)
                .bodyJson()
                .extractingPath("$.errors[0].message")
                .isEqualTo("The name must have 1 to 200 characters.");
    }

    /** The text from {@code start} to the parenthesis that closes the call opened just before it. */
    private static String arguments(String code, int start) {
        int depth = 1;
        boolean inString = false;
        for (int i = start; i < code.length(); i++) {
            char c = code.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return code.substring(start, i);
            }
        }
        return code.substring(start);
    }

    private ProblemDetail answer(Refusal refusal) throws Exception {
        var request = new MockHttpServletRequest("GET", "/api/v1/projects");
        request.addHeader("Accept-Language", "ru");
        return (ProblemDetail) problems.handleException(refusal, new ServletWebRequest(request))
                .getBody();
    }

    private static List<String> errors(ProblemDetail problem) {
        if (problem.getProperties() == null || !(problem.getProperties().get("errors") instanceof List<?> list)) {
            return List.of();
        }
        return list.stream()
                .filter(Map.class::isInstance)
                .map(Map.class::cast)
                .map(error -> error.get("field") + ": " + error.get("message"))
                .toList();
    }

    static Refusal create(Case c) throws Exception {
        Method method = factoryMethods(c.factory()).stream()
                .filter(m -> m.getName().equals(c.method()))
                .filter(m -> m.isVarArgs()
                        ? c.arguments().size() >= m.getParameterCount() - 1
                        : c.arguments().size() == m.getParameterCount())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no factory method " + c));
        method.setAccessible(true);
        Object[] arguments = c.arguments().toArray();
        if (method.isVarArgs()) {
            int fixed = method.getParameterCount() - 1;
            Object[] packed = Arrays.copyOf(arguments, fixed + 1);
            packed[fixed] = Arrays.copyOfRange(arguments, fixed, arguments.length, Object[].class);
            arguments = packed;
        }
        return (Refusal) method.invoke(null, arguments);
    }

    static List<Method> factoryMethods(String factory) throws ClassNotFoundException {
        return Arrays.stream(Class.forName("dev.feedloop." + factory).getDeclaredMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()) && m.getReturnType() == Refusal.class)
                .filter(m -> !m.isSynthetic())
                .toList();
    }
}

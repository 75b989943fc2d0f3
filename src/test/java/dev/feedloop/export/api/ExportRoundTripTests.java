package dev.feedloop.export.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole way through the REST API, as a training pipeline would use it: import items, people
 * write and rank through the work queue, an administrator exports; every exported line, parsed
 * with Jackson, holds exactly the text that was imported and submitted.
 */
@IntegrationTest
class ExportRoundTripTests {

    /** Conversations and answers with everything that tends to get mangled on the way. */
    static final Map<String, List<Map<String, String>>> CONVERSATIONS = new LinkedHashMap<>();

    static final Map<String, Map<String, String>> CANDIDATES = new LinkedHashMap<>();
    static final Map<String, String> DEMONSTRATIONS = new LinkedHashMap<>();

    static {
        CONVERSATIONS.put(
                "rt-1",
                List.of(
                        Map.of("role", "system", "content", "Ты — полезный помощник.\nОтвечай кратко."),
                        Map.of("role", "user", "content", "Скажи \"привет\" 👋🏽 и путь C:\\temp\\new\tс табом"),
                        Map.of("role", "assistant", "content", "Привет!\r\n«ок» — \\n не перевод строки"),
                        Map.of("role", "user", "content", "Ещё раз, с эмодзи 🎉 и {\"json\": [1, 2]}")));
        CANDIDATES.put(
                "rt-1",
                Map.of(
                        "a", "Ответ A: \"да\" ✅\nстрока 2",
                        "b", "B: back\\slash \\\" and \u0001 control \u0002 chars",
                        "c", "  C: 你好，世界 🌍 trailing spaces  "));
        DEMONSTRATIONS.put("rt-1", "Идеал: \"цитата\" 🚀\n```\nC:\\path\\\n```\n\t— конец\u0001");
        CONVERSATIONS.put(
                "rt-2", List.of(Map.of("role", "user", "content", "مرحبا بالعالم — עברית — 日本語 👩‍💻\n\n\"quoted\"")));
        CANDIDATES.put(
                "rt-2",
                Map.of(
                        "x", "Single line",
                        "y", "Multi\nline\r\nwith \\u00e9 literally and é really",
                        "z", "Tab\tand \"quotes\" and \\\\ two backslashes"));
        DEMONSTRATIONS.put("rt-2", "Ответ с 🧪 и \\\\n и \"\"");
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    @Autowired
    ApiTokens tokens;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> call(String method, String path, String token, String contentType, String body)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    String token(UserView user) {
        return tokens.create(user.id(), "round-trip").token();
    }

    @Test
    void everyExportedLineHoldsExactlyWhatWasImportedAndSubmitted() throws Exception {
        UserView admin = data.admin();
        String adminToken = token(admin);
        // model names shown: tasks name candidates by their import ids, so what is submitted can be
        // compared with what is exported (HiddenCandidateIdsTests covers projects that hide them)
        var created = call("POST", "/api/v1/projects", adminToken, "application/json", """
                {"slug": "round-trip", "name": "Round trip", "status": "ACTIVE",
                 "demonstrationsPerItem": 1, "rankingsPerItem": 2, "hideModelNames": false}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        List<UserView> people = List.of(data.user(), data.user());
        for (UserView person : people) {
            var member = call(
                    "PUT",
                    "/api/v1/projects/round-trip/members/" + person.username(),
                    adminToken,
                    "application/json",
                    "{\"roles\": [\"LABELER\", \"ANNOTATOR\"]}");
            assertThat(member.statusCode()).as(member.body()).isEqualTo(200);
        }

        StringBuilder upload = new StringBuilder();
        for (String id : CONVERSATIONS.keySet()) {
            ObjectNode item = json.createObjectNode();
            item.put("id", id);
            item.set("messages", json.valueToTree(CONVERSATIONS.get(id)));
            ArrayNode candidates = item.putArray("candidates");
            CANDIDATES.get(id).entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(c -> candidates
                            .addObject()
                            .put("id", c.getKey())
                            .put("model", "model-" + c.getKey())
                            .put("content", c.getValue()));
            upload.append(json.writeValueAsString(item)).append('\n');
        }
        var imported = call(
                "POST",
                "/api/v1/projects/round-trip/items?wait=60",
                adminToken,
                "application/x-ndjson",
                upload.toString());
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);

        // every person writes what is left and ranks every item: the first ties the two last
        // candidates, the second orders all three in reverse
        Set<String> expectedPairs = new HashSet<>();
        Map<String, List<List<List<String>>>> submittedTiers = new LinkedHashMap<>();
        for (int p = 0; p < people.size(); p++) {
            String token = token(people.get(p));
            for (JsonNode task = next(token, "write"); task != null; task = next(token, "write")) {
                String externalId = task.get("item").get("externalId").asString();
                ObjectNode body = json.createObjectNode()
                        .put("leaseToken", task.get("leaseToken").asString())
                        .put("content", DEMONSTRATIONS.get(externalId));
                submit(token, task, body);
            }
            for (JsonNode task = next(token, "rank"); task != null; task = next(token, "rank")) {
                String externalId = task.get("item").get("externalId").asString();
                List<String> ids = new ArrayList<>();
                task.get("candidates").forEach(c -> ids.add(c.get("id").asString()));
                ids.sort(null);
                List<List<String>> tiers = p == 0
                        ? List.of(List.of(ids.get(0)), List.of(ids.get(1), ids.get(2)))
                        : List.of(List.of(ids.get(2)), List.of(ids.get(1)), List.of(ids.get(0)));
                submittedTiers
                        .computeIfAbsent(externalId, k -> new ArrayList<>())
                        .add(tiers);
                for (int better = 0; better < tiers.size(); better++) {
                    for (int worse = better + 1; worse < tiers.size(); worse++) {
                        for (String chosen : tiers.get(better)) {
                            for (String rejected : tiers.get(worse)) {
                                expectedPairs.add(externalId + ":" + chosen + ">" + rejected);
                            }
                        }
                    }
                }
                ObjectNode body = json.createObjectNode()
                        .put("leaseToken", task.get("leaseToken").asString());
                body.set("tiers", json.valueToTree(tiers));
                submit(token, task, body);
            }
        }
        assertThat(expectedPairs).hasSize(2 * (2 + 3));

        // SFT: the conversation, then the demonstration, character for character
        for (String format : List.of("messages", "prompt-completion")) {
            List<JsonNode> lines = export(adminToken, "sft?format=" + format + "&review=approved-pending&testRatio=0");
            assertThat(lines).hasSize(DEMONSTRATIONS.size());
            for (JsonNode line : lines) {
                String externalId = line.get("metadata").get("external_id").asString();
                List<Map<String, String>> conversation =
                        messages(format.equals("messages") ? line.get("messages") : line.get("prompt"));
                String answer = format.equals("messages")
                        ? conversation.remove(conversation.size() - 1).get("content")
                        : line.get("completion").get(0).get("content").asString();
                assertThat(conversation).isEqualTo(CONVERSATIONS.get(externalId));
                assertThat(answer).isEqualTo(DEMONSTRATIONS.get(externalId));
            }
        }

        // preference pairs: prompt, chosen and rejected as imported; exactly the submitted pairs
        Set<String> trlPairs = new HashSet<>();
        for (JsonNode line : export(adminToken, "preferences?format=trl&aggregation=raw&testRatio=0")) {
            String externalId = line.get("metadata").get("external_id").asString();
            String chosen = line.get("metadata").get("chosen_id").asString();
            String rejected = line.get("metadata").get("rejected_id").asString();
            assertThat(messages(line.get("prompt"))).isEqualTo(CONVERSATIONS.get(externalId));
            assertThat(line.get("chosen").get(0).get("content").asString())
                    .isEqualTo(CANDIDATES.get(externalId).get(chosen));
            assertThat(line.get("rejected").get(0).get("content").asString())
                    .isEqualTo(CANDIDATES.get(externalId).get(rejected));
            trlPairs.add(externalId + ":" + chosen + ">" + rejected);
        }
        assertThat(trlPairs).isEqualTo(expectedPairs);

        List<JsonNode> dpo = export(adminToken, "preferences?format=openai-dpo&testRatio=0");
        assertThat(dpo).hasSize(expectedPairs.size());
        for (JsonNode line : dpo) {
            String externalId = line.get("metadata").get("external_id").asString();
            assertThat(messages(line.get("input").get("messages"))).isEqualTo(CONVERSATIONS.get(externalId));
            assertThat(line.get("preferred_output").get(0).get("content").asString())
                    .isEqualTo(CANDIDATES
                            .get(externalId)
                            .get(line.get("metadata").get("chosen_id").asString()));
            assertThat(line.get("non_preferred_output").get(0).get("content").asString())
                    .isEqualTo(CANDIDATES
                            .get(externalId)
                            .get(line.get("metadata").get("rejected_id").asString()));
        }

        // one line per item: candidates as imported, every ranking's tiers as submitted
        List<JsonNode> items = export(adminToken, "preferences?format=rankings&testRatio=0");
        assertThat(items).hasSize(CONVERSATIONS.size());
        for (JsonNode line : items) {
            String externalId = line.get("metadata").get("external_id").asString();
            assertThat(messages(line.get("prompt"))).isEqualTo(CONVERSATIONS.get(externalId));
            Map<String, String> candidates = new LinkedHashMap<>();
            line.get("candidates")
                    .forEach(c -> candidates.put(
                            c.get("id").asString(), c.get("content").asString()));
            assertThat(candidates).isEqualTo(CANDIDATES.get(externalId));
            List<List<List<String>>> tiers = new ArrayList<>();
            line.get("rankings").forEach(r -> tiers.add(json.convertValue(r.get("tiers"), List.class)));
            assertThat(tiers).containsExactlyInAnyOrderElementsOf(submittedTiers.get(externalId));
        }

        for (JsonNode line : export(adminToken, "preferences?format=kto&testRatio=0")) {
            String externalId = line.get("metadata").get("external_id").asString();
            assertThat(line.get("completion").get(0).get("content").asString())
                    .isEqualTo(CANDIDATES
                            .get(externalId)
                            .get(line.get("metadata").get("candidate_id").asString()));
        }
    }

    JsonNode next(String token, String kind) throws Exception {
        var response = call("POST", "/api/v1/projects/round-trip/tasks/next?kind=" + kind, token, null, null);
        if (response.statusCode() == 204) {
            return null;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    void submit(String token, JsonNode task, ObjectNode body) throws Exception {
        var response = call(
                "POST",
                "/api/v1/tasks/" + task.get("taskId").asLong() + "/submit",
                token,
                "application/json",
                json.writeValueAsString(body));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    List<JsonNode> export(String token, String path) throws Exception {
        var response = call("GET", "/api/v1/projects/round-trip/exports/" + path, token, null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).endsWith("\n");
        return response.body().lines().map(json::readTree).collect(Collectors.toList());
    }

    List<Map<String, String>> messages(JsonNode array) {
        List<Map<String, String>> messages = new ArrayList<>();
        array.forEach(m -> {
            assertThat(m.size()).isEqualTo(2);
            messages.add(Map.of(
                    "role",
                    m.get("role").asString(),
                    "content",
                    m.get("content").asString()));
        });
        return messages;
    }
}

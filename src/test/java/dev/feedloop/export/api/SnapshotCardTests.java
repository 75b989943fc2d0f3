package dev.feedloop.export.api;

import static dev.feedloop.testsupport.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A snapshot's dataset card and its {@code .tar}, over real HTTP as {@code curl} and the Hub's
 * uploader would take them: valid front matter naming the files, the numbers of the manifest, a
 * reproduce command that makes the same bytes, and an archive whose files match the manifest.
 */
@IntegrationTest
class SnapshotCardTests {

    static final Pattern FRONT_MATTER = Pattern.compile("\\A---\\n(.*?)\\n---\\n", Pattern.DOTALL);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    @Autowired
    ApiTokens tokens;

    final HttpClient http = HttpClient.newHttpClient();

    String adminToken;
    String memberToken;
    long firstItem;
    long annotator;

    @BeforeEach
    void scenario() {
        UserView admin = data.admin();
        adminToken = tokens.create(admin.id(), "card").token();
        var project = data.project().slug("card-demo").name("Support answers").create();
        data.guidelines(project, "Prefer the answer that **solves** the problem.\n\nBe brief.");
        annotator = data.user().id();
        long second = data.user().id();
        long member = data.user().id();
        data.member(project, member, "ANNOTATOR");
        memberToken = tokens.create(member, "member").token();
        for (int i = 1; i <= 6; i++) {
            long item = data.storedItem(project.id(), "q-" + i, List.of(message("user", "Вопрос " + i + " | да?")));
            if (i == 1) {
                firstItem = item;
            }
            data.candidate(item, "a", "gpt-4o", "Ответ A " + i);
            data.candidate(item, "b", "llama-3-8b", "Ответ B " + i);
            data.ranking(item, annotator).tiers(List.of("a"), List.of("b")).insert();
            data.ranking(item, second)
                    .tiers(i % 3 == 0 ? List.of("b") : List.of("a"), i % 3 == 0 ? List.of("a") : List.of("b"))
                    .insert();
        }
    }

    @Test
    void cardSettingsAreSavedCheckedAndNormalised() throws Exception {
        assertThat(json.readTree(get("/api/v1/projects/card-demo/dataset-card", adminToken)
                        .body()))
                .isEqualTo(json.readTree("{\"license\":\"unknown\",\"languages\":[],\"description\":\"\"}"));

        var saved = put(
                "/api/v1/projects/card-demo/dataset-card",
                adminToken,
                "{\"license\":\" CC-BY-4.0 \",\"languages\":[\"en\",\" ru\",\"\",\"EN\"],\"description\":\"Line one\\r\\nline two\"}");
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(json.readTree(get("/api/v1/projects/card-demo/dataset-card", adminToken)
                        .body()))
                .isEqualTo(
                        json.readTree(
                                "{\"license\":\"cc-by-4.0\",\"languages\":[\"en\",\"ru\"],\"description\":\"Line one\\nline two\"}"));

        var refused = put(
                "/api/v1/projects/card-demo/dataset-card",
                adminToken,
                "{\"license\":\"CC BY\",\"languages\":[],\"description\":\"\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.get("detail").asString()).contains("license").contains("'CC BY'");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("license");
        var badLanguage = put(
                "/api/v1/projects/card-demo/dataset-card",
                adminToken,
                "{\"license\":\"mit\",\"languages\":[\"english\"],\"description\":\"\"}");
        assertThat(badLanguage.statusCode()).isEqualTo(400);
        assertThat(json.readTree(get("/api/v1/projects/card-demo/dataset-card", adminToken)
                                .body())
                        .get("license")
                        .asString())
                .as("a refused save changes nothing")
                .isEqualTo("cc-by-4.0");

        assertThat(get("/api/v1/projects/card-demo/dataset-card", memberToken).statusCode())
                .isEqualTo(403);
        assertThat(put("/api/v1/projects/card-demo/dataset-card", memberToken, "{\"license\":\"mit\"}")
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void snapshotCarriesAHuggingFaceCardThatNamesItsFilesAndNumbers() throws Exception {
        put(
                "/api/v1/projects/card-demo/dataset-card",
                adminToken,
                "{\"license\":\"cc-by-4.0\",\"languages\":[\"ru\"],\"description\":\"Answers of the *support* bot.\"}");
        JsonNode manifest = snapshot("kind=preferences&format=trl&aggregation=raw&testRatio=0.5&seed=card");

        var response = get("/api/v1/snapshots/" + manifest.get("id").asLong() + "/card", adminToken);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/markdown");
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        JsonNode card = manifest.get("card");
        assertThat(card.get("name").asString()).isEqualTo("README.md");
        assertThat(card.get("size").asLong()).isEqualTo(bytes.length);
        assertThat(card.get("sha256").asString()).isEqualTo(sha256(bytes));

        String text = response.body();
        Matcher front = FRONT_MATTER.matcher(text);
        assertThat(front.find()).as("front matter").isTrue();
        Map<String, Object> yaml = new Yaml().load(front.group(1));
        assertThat(yaml.get("license")).isEqualTo("cc-by-4.0");
        assertThat(yaml.get("language")).isEqualTo(List.of("ru"));
        assertThat(yaml.get("task_categories")).isEqualTo(List.of("text-generation"));
        assertThat(yaml.get("size_categories")).isEqualTo(List.of("n<1K"));
        assertThat(yaml.get("pretty_name")).isEqualTo("Support answers preferences");
        @SuppressWarnings("unchecked")
        var configs = (List<Map<String, Object>>) yaml.get("configs");
        assertThat(configs).hasSize(1);
        assertThat(configs.getFirst().get("config_name")).isEqualTo("default");
        var files = new LinkedHashMap<String, String>();
        manifest.get("files")
                .forEach(f -> files.put(f.get("split").asString(), f.get("name").asString()));
        assertThat(configs.getFirst().get("data_files"))
                .isEqualTo(files.entrySet().stream()
                        .map(e -> Map.of("split", e.getKey(), "path", e.getValue()))
                        .toList());

        String body = text.substring(front.end());
        assertThat(body)
                .startsWith("\n# Support answers (preferences, snapshot "
                        + manifest.get("id").asLong() + ")");
        assertThat(body).contains("Answers of the *support* bot.");
        assertThat(body).contains("> Prefer the answer that **solves** the problem.\n>\n> Be brief.");
        assertThat(body).contains("guideline version 1.");
        for (JsonNode file : manifest.get("files")) {
            assertThat(body)
                    .contains("| " + file.get("split").asString() + " | `"
                            + file.get("name").asString() + "` | "
                            + file.get("rows").asLong() + " | "
                            + file.get("size").asLong() + " | `"
                            + file.get("sha256").asString() + "` |");
        }
        JsonNode agreement = manifest.get("quality").get("agreement");
        assertThat(body)
                .contains(String.format(
                        java.util.Locale.ROOT,
                        "| pairwise agreement, ties included (%d comparisons) | %.3f |",
                        agreement.get("comparisons").asLong(),
                        agreement.get("withTies").asDouble()));
        assertThat(body).contains("| gpt-4o | 6 |").contains("| llama-3-8b | 6 |");
        assertThat(body)
                .contains("Every line has the keys `id`, `prompt`, `chosen`, `rejected`, `margin`, `metadata`.");
        assertThat(body).contains(manifest.get("policies").get("pairs").asString());
    }

    @Test
    void theCardsReproduceCommandMakesTheSameBytesAfterNewJudgments() throws Exception {
        JsonNode first = snapshot("kind=preferences&format=rankings&aggregation=majority&testRatio=0.3&seed=r1");
        String card = get("/api/v1/snapshots/" + first.get("id").asLong() + "/card", adminToken)
                .body();

        data.ranking(firstItem, data.user().id())
                .tiers(List.of("b"), List.of("a"))
                .at(Instant.now().plusSeconds(5))
                .insert();

        Matcher command = Pattern.compile("\"\\$FEEDLOOP_URL(/api/v1/[^\"]+)\"").matcher(card);
        assertThat(command.find()).as("reproduce command in:\n" + card).isTrue();
        assertThat(command.group(1)).contains("asOf=").endsWith("&wait=60");
        var again = post(command.group(1), adminToken);
        assertThat(again.statusCode()).isEqualTo(201);
        JsonNode second = json.readTree(again.body());
        assertThat(second.get("id").asLong()).isNotEqualTo(first.get("id").asLong());
        assertThat(second.get("files")).isEqualTo(first.get("files"));
        assertThat(card).contains("sha256sum -c");
        for (JsonNode file : first.get("files")) {
            assertThat(card)
                    .contains(file.get("sha256").asString() + "  "
                            + file.get("name").asString());
        }
    }

    @Test
    void archiveHoldsCardManifestAndFilesInOneFolder() throws Exception {
        JsonNode manifest = snapshot("kind=sft&format=messages&review=all&testRatio=0&seed=s");
        long id = manifest.get("id").asLong();
        // SFT with no demonstrations: an empty train file is still a file of the archive
        var response = bytes("/api/v1/snapshots/" + id + "/archive");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-tar");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("card-demo-snapshot-" + id + ".tar");

        Map<String, byte[]> entries = untar(response.body());
        String folder = "card-demo-snapshot-" + id + "/";
        var names = new java.util.ArrayList<String>();
        names.add(folder + "README.md");
        names.add(folder + "manifest.json");
        manifest.get("files").forEach(f -> names.add(folder + f.get("name").asString()));
        assertThat(entries.keySet()).containsExactlyElementsOf(names);
        assertThat(new String(entries.get(folder + "README.md"), StandardCharsets.UTF_8))
                .isEqualTo(get("/api/v1/snapshots/" + id + "/card", adminToken).body());
        assertThat(json.readTree(entries.get(folder + "manifest.json"))).isEqualTo(manifest);
        for (JsonNode file : manifest.get("files")) {
            byte[] content = entries.get(folder + file.get("name").asString());
            assertThat(content.length).isEqualTo(file.get("size").asLong());
            assertThat(sha256(content)).isEqualTo(file.get("sha256").asString());
        }
    }

    @Test
    void archiveOfPreferencesHoldsTheSameBytesAsTheFileDownloads() throws Exception {
        JsonNode manifest = snapshot("kind=preferences&format=trl&aggregation=raw&testRatio=0.5&seed=t");
        long id = manifest.get("id").asLong();
        var response = bytes("/api/v1/snapshots/" + id + "/archive");
        Map<String, byte[]> entries = untar(response.body());
        for (JsonNode file : manifest.get("files")) {
            String name = file.get("name").asString();
            byte[] download =
                    bytes("/api/v1/snapshots/" + id + "/files/" + name).body();
            assertThat(entries.get("card-demo-snapshot-" + id + "/" + name)).isEqualTo(download);
            assertThat(file.get("rows").asLong()).isPositive();
        }
    }

    @Test
    void aSnapshotMadeBeforeCardsGetsOneRenderedFromItsManifest() throws Exception {
        JsonNode manifest = snapshot("kind=preferences&format=kto&aggregation=raw&testRatio=0&seed=k");
        long id = manifest.get("id").asLong();
        jdbc.sql("UPDATE snapshot SET card = NULL, manifest = manifest - 'card' WHERE id = ?")
                .param(id)
                .update();

        String card = get("/api/v1/snapshots/" + id + "/card", adminToken).body();
        assertThat(card).startsWith("---\nlicense: \"unknown\"\n");
        assertThat(card).contains("- kto").contains("## Reproduce");
        assertThat(json.readTree(get("/api/v1/snapshots/" + id, adminToken).body())
                        .get("card")
                        .isNull())
                .isTrue();
    }

    @Test
    void onlyAdministratorsReadCardsAndArchives() throws Exception {
        long id = snapshot("kind=preferences&format=trl&testRatio=0&seed=x")
                .get("id")
                .asLong();
        assertThat(get("/api/v1/snapshots/" + id + "/card", memberToken).statusCode())
                .isEqualTo(403);
        assertThat(get("/api/v1/snapshots/" + id + "/archive", memberToken).statusCode())
                .isEqualTo(403);
        assertThat(get("/api/v1/snapshots/99999/card", adminToken).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/snapshots/99999/archive", adminToken).statusCode())
                .isEqualTo(404);
    }

    JsonNode snapshot(String query) throws Exception {
        var response = post("/api/v1/projects/card-demo/snapshots?" + query + "&wait=30", adminToken);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body());
    }

    static Map<String, byte[]> untar(byte[] tar) throws Exception {
        var entries = new LinkedHashMap<String, byte[]>();
        try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token);
    }

    HttpResponse<byte[]> bytes(String path) throws Exception {
        return http.send(request(path, adminToken).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String token) throws Exception {
        return http.send(
                request(path, token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(String path, String token, String body) throws Exception {
        return http.send(
                request(path, token)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

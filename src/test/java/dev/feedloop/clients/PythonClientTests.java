package dev.feedloop.clients;

import static dev.feedloop.testsupport.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Python client in {@code clients/python} runs its own tests against this server over real
 * HTTP, with an administrator's API token and a project of ranked items: import, export, snapshot,
 * download and archive with SHA-256 checks, and the mapping of refusals. Skipped where no {@code
 * python3} is installed.
 */
@IntegrationTest
class PythonClientTests {

    static final Path CLIENT = Path.of("clients", "python");

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Autowired
    ApiTokens tokens;

    @Test
    void thePythonClientsTestsPassAgainstThisServer() throws Exception {
        assertThat(CLIENT.resolve("tests")).isDirectory();
        assumeTrue(pythonInstalled(), "python3 is not installed: the Python client's tests are skipped");
        UserView admin = data.admin();
        var project = data.project().slug("python-client").create();
        long first = data.user().id();
        long second = data.user().id();
        for (int i = 1; i <= 4; i++) {
            long item = data.storedItem(project.id(), "q-" + i, List.of(message("user", "Question " + i + " ?")));
            data.candidate(item, "a", "m1", "Answer a" + i);
            data.candidate(item, "b", "m2", "Answer b" + i);
            data.candidate(item, "c", "m3", "Ответ c" + i);
            data.ranking(item, first)
                    .tiers(List.of("a"), List.of("b"), List.of("c"))
                    .insert();
            data.ranking(item, second)
                    .tiers(List.of("c"), List.of("a"), List.of("b"))
                    .insert();
        }
        String token = tokens.create(admin.id(), "python client").token();

        Path log = Files.createTempFile("feedloop-python", ".log");
        try {
            ProcessBuilder run = new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "tests", "-v")
                    .directory(CLIENT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = run.environment();
            env.put("PYTHONPATH", "src");
            env.put("PYTHONDONTWRITEBYTECODE", "1");
            env.put("PYTHONIOENCODING", "utf-8");
            env.put("FEEDLOOP_URL", "http://localhost:" + port);
            env.put("FEEDLOOP_TOKEN", token);
            env.put("FEEDLOOP_PROJECT", project.slug());
            // 4 items × 2 rankings × 3 strictly ordered pairs
            env.put("FEEDLOOP_EXPECTED_LINES", "24");
            Process python = run.start();
            boolean ended = python.waitFor(120, TimeUnit.SECONDS);
            if (!ended) {
                python.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);

            assertThat(ended)
                    .as("the Python tests ended within 120 s:%n%s", output)
                    .isTrue();
            assertThat(python.exitValue())
                    .as("python3 -m unittest:%n%s", output)
                    .isZero();
            assertThat(output)
                    .as("the tests against the server ran")
                    .contains("test_a_snapshot_is_made_downloaded_checked_and_archived")
                    .doesNotContain("name no server");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static boolean pythonInstalled() {
        try {
            Process version = new ProcessBuilder("python3", "--version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package dev.feedloop.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.ModelStub;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import dev.feedloop.workqueue.ClaimedTask;
import dev.feedloop.workqueue.SubmittedJudgment;
import dev.feedloop.workqueue.TaskKind;
import dev.feedloop.workqueue.WorkQueue;
import dev.feedloop.workqueue.api.SubmitRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Check my answer" against a real HTTP model server: the critique is shown beside the editor,
 * stored with the demonstration and shown to the reviewer; answers that are no list, model errors,
 * other people's tasks and model text with markup.
 */
@IntegrationTest
class WritingHelpTests {

    @RegisterExtension
    static final ModelStub MODEL = new ModelStub();

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WorkQueue queue;

    @Autowired
    WritingHelp help;

    @Autowired
    JsonMapper json;

    TestProject project;
    UserView ann;
    ClaimedTask task;
    long endpoint;

    @BeforeEach
    void setUp() {
        project = data.project().demonstrations(1).rankings(0).create();
        ann = data.user();
        data.member(project, ann, "LABELER").guidelines(project, "Always name the **units**.");
        data.itemAsking(project, "How far is the Moon?", "m1", "About 384,400 km.");
        endpoint = MODEL.register(jdbc, "Stub model", "stub-model");
        ModelStub.allowAll(jdbc, project.id());
        task = queue.next(project.slug(), TaskKind.WRITE, TestData.principal(ann))
                .orElseThrow();
    }

    MvcTestResult check(UserView who, String text) {
        return mvc.post()
                .uri("/projects/{slug}/write/{id}/critique", project.slug(), task.taskId())
                .with(TestData.as(who))
                .with(csrf())
                .header("X-Requested-With", "fetch")
                .param("leaseToken", task.leaseToken().toString())
                .param("endpointId", String.valueOf(endpoint))
                .param("content", text)
                .exchange();
    }

    static Document html(MvcTestResult result) throws Exception {
        return Jsoup.parse(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void critiqueIsShownStoredWithTheDemonstrationAndShownToTheReviewer() throws Exception {
        MODEL.answers("""
                ```json
                {"problems": [{"kind": "factual", "text": "The distance is 384,400 km, not 300,000 km."},
                              {"kind": "guideline", "text": "Name the units of every number."}]}
                ```""");

        MvcTestResult result = check(ann, "It is 300,000 away.");

        assertThat(result).hasStatusOk();
        Document page = html(result);
        assertThat(page.select("[data-critique-problem]")).hasSize(2);
        assertThat(page.select("[data-critique-problem]").first().text())
                .contains("factual", "384,400 km, not 300,000 km");
        String sent = MODEL.requests().getFirst().getBodyAsString();
        assertThat(sent)
                .as("the guidelines, the conversation and the text go to the model")
                .contains(
                        "Always name the **units**",
                        "How far is the Moon?",
                        "It is 300,000 away.",
                        "Reply with JSON only");

        SubmittedJudgment judgment = queue.submit(
                task.taskId(),
                TestData.principal(ann),
                SubmitRequest.read(json.valueToTree(
                        Map.of("leaseToken", task.leaseToken().toString(), "content", "It is 384,400 km away."))));

        ModelHelp stored = help.ofDemonstration(judgment.judgmentId());
        assertThat(stored.critique()).hasValueSatisfying(c -> {
            assertThat(c.problems()).extracting(Critique.Problem::kind).containsExactly("factual", "guideline");
            assertThat(c.checkedText()).isEqualTo("It is 300,000 away.");
            assertThat(c.endpointName()).isEqualTo("Stub model");
            assertThat(c.model()).isEqualTo("stub-model");
        });
        assertThat(stored.startedFrom()).as("written without a model draft").isEmpty();

        Document review = html(mvc.get()
                .uri("/projects/{slug}/review", project.slug())
                .with(TestData.as(data.admin()))
                .exchange());
        assertThat(review.select("[data-review-critique] [data-critique-problem]"))
                .hasSize(2);
        assertThat(review.select("[data-review-critique]").text()).contains("Name the units of every number.");
    }

    @Test
    void theNewestCritiqueOfTheLeaseIsTheOneStored() throws Exception {
        MODEL.answers("{\"problems\": [{\"kind\": \"missing\", \"text\": \"first check\"}]}");
        check(ann, "Far.");
        MODEL.answers("{\"problems\": []}");
        assertThat(html(check(ann, "384,400 km.")).text()).contains("The model found no problems.");

        SubmittedJudgment judgment = queue.submit(
                task.taskId(),
                TestData.principal(ann),
                SubmitRequest.read(json.valueToTree(
                        Map.of("leaseToken", task.leaseToken().toString(), "content", "384,400 km."))));

        assertThat(help.ofDemonstration(judgment.judgmentId()).critique())
                .hasValueSatisfying(c -> assertThat(c.problems()).isEmpty());
    }

    @Test
    void anAnswerThatIsNoListIsShownAsTextAndModelMarkupIsInert() throws Exception {
        MODEL.answers("""
                Looks fine mostly. <script>window.pwned = 1</script>
                <img src=x onerror="window.pwned = 2"> [link](javascript:alert(1))
                {"problems": [ broken""");

        Document page = html(check(ann, "384,400 km."));

        assertThat(page.select("[data-critique-problem]")).isEmpty();
        assertThat(page.select("[data-critique-text]").text()).contains("Looks fine mostly.");
        assertThat(page.select("script")).isEmpty();
        assertThat(page.select("[onerror]")).isEmpty();
        assertThat(page.select("a[href^=javascript]")).isEmpty();
    }

    @Test
    void markupInListedProblemsIsShownAsText() throws Exception {
        MODEL.answers("{\"problems\": [{\"kind\": \"format\", \"text\": \"<img src=x onerror=alert(1)> is broken\"}]}");

        MvcTestResult result = check(ann, "384,400 km.");

        Document page = html(result);
        assertThat(page.select("img")).isEmpty();
        assertThat(page.select("[data-critique-problem]").text()).contains("<img src=x onerror=alert(1)> is broken");
    }

    @Test
    void aModelErrorIsSaidInPlainWords() throws Exception {
        MODEL.fails(429);

        MvcTestResult result = check(ann, "384,400 km.");

        assertThat(result).hasStatus(502);
        assertThat(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("Stub model is limiting requests right now (429)");
    }

    @Test
    void aServerThatDoesNotAnswerIsSaidInPlainWords() throws Exception {
        jdbc.sql("UPDATE model_endpoint SET base_url = 'http://127.0.0.1:9/v1' WHERE id = ?")
                .param(endpoint)
                .update();

        MvcTestResult result = check(ann, "384,400 km.");

        assertThat(result).hasStatus(502);
        assertThat(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("Stub model does not answer");
    }

    @Test
    void onlyTheTasksHolderMayAskAndOnlyForTheProjectsEndpoints() throws Exception {
        MODEL.answers("{\"problems\": []}");
        UserView bob = data.user();
        data.member(project, bob, "LABELER");

        assertThat(check(bob, "384,400 km.").getResponse().getStatus()).isBetween(400, 499);
        assertThat(MODEL.requests())
                .as("nothing was sent for someone else's task")
                .isEmpty();

        jdbc.sql("UPDATE assist_settings SET enabled = false WHERE project_id = ?")
                .param(project.id())
                .update();
        MvcTestResult off = check(ann, "384,400 km.");
        assertThat(off).hasStatus(403);
        assertThat(off.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("This project does not offer that model");
        assertThat(MODEL.requests()).isEmpty();
    }

    @Test
    void theWritePageOffersModelHelpOnlyWhenTheProjectDoes() throws Exception {
        assertThat(html(mvc.get()
                                .uri("/projects/{slug}/write", project.slug())
                                .with(TestData.as(ann))
                                .exchange())
                        .select("[data-write-help] [data-help-endpoint] option"))
                .extracting(e -> e.text())
                .containsExactly("Stub model · stub-model");

        jdbc.sql("DELETE FROM assist_settings").update();
        assertThat(html(mvc.get()
                                .uri("/projects/{slug}/write", project.slug())
                                .with(TestData.as(ann))
                                .exchange())
                        .select("[data-write-help]"))
                .isEmpty();
    }
}

package dev.feedloop.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.export.DatasetCardSettings;
import dev.feedloop.export.DatasetCards;
import dev.feedloop.generation.AssistSettings;
import dev.feedloop.generation.AssistSettingsForm;
import dev.feedloop.projects.RoundDefinition;
import dev.feedloop.projects.Rounds;
import dev.feedloop.testsupport.AuditEntries;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The project options kept outside the settings form: model help for writers, the judge's prompt
 * and routing, the dataset card, and the loop's rounds, each change in the audit log with what
 * changed but not the prompts' or the description's text.
 */
@IntegrationTest
class ProjectOptionsAuditTests {

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AssistSettings assist;

    @Autowired
    DatasetCards cards;

    @Autowired
    Rounds rounds;

    AccountPrincipal admin;
    long project;

    @BeforeEach
    void project() {
        admin = TestData.principal(data.admin());
        project = data.project().slug("options-audit").create().id();
    }

    @Test
    void modelHelpAndTheJudgesOptionsAreSettingsChanges() {
        assist.update("options-audit", admin, new AssistSettingsForm("all", null, "Check the SECRET-PROMPT facts."));
        assist.setJudgePrompt("options-audit", admin, "Rank by the SECRET-JUDGE rules.");
        assist.setJudgeRouting("options-audit", admin, true);

        var changes = AuditEntries.of(jdbc, AuditAction.PROJECT_SETTINGS_CHANGED);
        assertThat(changes)
                .extracting(AuditEntries.Row::target)
                .containsExactly(
                        "assist-settings:options-audit", "judge-prompt:options-audit", "judge-routing:options-audit");
        assertThat(changes).allSatisfy(entry -> {
            assertThat(entry.projectId()).isEqualTo(project);
            assertThat(entry.actorName()).isEqualTo(admin.getUsername());
        });
        assertThat(changes.get(0).details())
                .isEqualTo("{\"mode\": \"all\", \"endpointIds\": \"\", \"ownCritiquePrompt\": true}");
        assertThat(changes.get(1).details()).isEqualTo("{\"ownJudgePrompt\": true}");
        assertThat(changes.get(2).details()).isEqualTo("{\"judgeRouting\": true}");
        assertThat(AuditEntries.everything(jdbc)).doesNotContain("SECRET-PROMPT", "SECRET-JUDGE");
    }

    @Test
    void theDatasetCardIsASettingsChange() {
        cards.save("options-audit", admin, new DatasetCardSettings("cc-by-4.0", List.of("en", "ru"), "PRIVATE-NOTES"));

        var entry = AuditEntries.one(jdbc, AuditAction.PROJECT_SETTINGS_CHANGED);
        assertThat(entry.target()).isEqualTo("dataset-card:options-audit");
        assertThat(entry.details()).isEqualTo("{\"license\": \"cc-by-4.0\", \"languages\": \"en,ru\"}");
        assertThat(AuditEntries.everything(jdbc)).doesNotContain("PRIVATE-NOTES");
    }

    @Test
    void roundsAreCreatedChangedClosedAndDeleted() {
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        rounds.create("options-audit", new RoundDefinition("w49", "bot-v7", start, null), admin);
        rounds.update("options-audit", "w49", new RoundDefinition("w49", "bot-v7.1", start, null), admin);
        rounds.close("options-audit", "w49", admin);
        rounds.delete("options-audit", "w49", admin);

        var created = AuditEntries.one(jdbc, AuditAction.ROUND_CREATED);
        assertThat(created.projectId()).isEqualTo(project);
        assertThat(created.target()).isEqualTo("round:w49");
        assertThat(created.details()).contains("\"modelVersion\": \"bot-v7\"", "\"startsAt\": \"" + start + "\"");
        var changed = AuditEntries.of(jdbc, AuditAction.ROUND_CHANGED);
        assertThat(changed).hasSize(2);
        assertThat(changed.get(0).details()).contains("\"modelVersion\": \"bot-v7.1\"");
        assertThat(changed.get(0).details()).doesNotContain("endsAt");
        assertThat(changed.get(1).details()).contains("\"endsAt\": \"");
        assertThat(AuditEntries.one(jdbc, AuditAction.ROUND_DELETED).details()).isEqualTo("{}");
    }
}

package dev.feedloop.projects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.problems.Refusal;
import dev.feedloop.rendering.DiffLine;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@IntegrationTest
class GuidelinesTests {

    @Autowired
    Guidelines guidelines;

    @Autowired
    Projects projects;

    @Autowired
    TestData data;

    AccountPrincipal admin;

    @BeforeEach
    void setUp() {
        admin = TestData.principal(data.admin());
    }

    @Test
    void everySaveAddsAVersionAndNothingIsOverwritten() {
        ProjectSettings project = data.project().createAsAdmin();
        guidelines.save(project.slug(), "one", admin);
        guidelines.save(project.slug(), "one\ntwo", admin);
        GuidelineView third = guidelines.save(project.slug(), "one\nthree", admin);

        assertThat(third.version()).isEqualTo(3);
        assertThat(projects.currentGuidelines(project.id()).content()).isEqualTo("one\nthree");
        assertThat(guidelines.version(project.slug(), 1, admin).content()).isEqualTo("one");
        assertThat(guidelines.history(project.slug(), admin))
                .extracting(GuidelineVersionView::version)
                .containsExactly(3, 2, 1);
        assertThat(guidelines.history(project.slug(), admin).get(0).authorName())
                .isEqualTo(admin.displayName());
    }

    @Test
    void savingTheSameTextMakesNoNewVersion() {
        ProjectSettings project = data.project().createAsAdmin();
        guidelines.save(project.slug(), "same", admin);
        GuidelineView again = guidelines.save(project.slug(), "same", admin);
        assertThat(again.version()).isEqualTo(1);
    }

    @Test
    void diffShowsRemovedAndAddedLines() {
        ProjectSettings project = data.project().createAsAdmin();
        guidelines.save(project.slug(), "a\nb\nc", admin);
        guidelines.save(project.slug(), "a\nB\nc\nd", admin);
        List<DiffLine> diff = guidelines.diffToPrevious(project.slug(), 2, admin);
        assertThat(diff)
                .containsExactly(
                        new DiffLine(DiffLine.Kind.SAME, 1, 1, "a"),
                        new DiffLine(DiffLine.Kind.REMOVED, 2, null, "b"),
                        new DiffLine(DiffLine.Kind.ADDED, null, 2, "B"),
                        new DiffLine(DiffLine.Kind.SAME, 3, 3, "c"),
                        new DiffLine(DiffLine.Kind.ADDED, null, 4, "d"));
        assertThat(guidelines.diffToPrevious(project.slug(), 1, admin))
                .extracting(DiffLine::kind)
                .containsOnly(DiffLine.Kind.ADDED);
    }

    @Test
    void longUnchangedStretchesAreFolded() {
        String before = String.join("\n", java.util.Collections.nCopies(20, "same"));
        String after = before + "\nnew";
        List<DiffLine> diff = Guidelines.diff(before, after);
        assertThat(diff.get(0).kind()).isEqualTo(DiffLine.Kind.SKIPPED);
        assertThat(diff).hasSize(1 + Guidelines.CONTEXT_LINES + 1);
    }

    @Test
    void onlyAdminsWriteGuidelines() {
        ProjectSettings project = data.project().createAsAdmin();
        var member = data.user();
        data.member(project, member, ProjectRole.LABELER);
        assertThatThrownBy(() -> guidelines.save(project.slug(), "mine", TestData.principal(member)))
                .isInstanceOf(Refusal.class);
        assertThat(guidelines.history(project.slug(), TestData.principal(member)))
                .isEmpty();
    }
}

package dev.feedloop.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** The write page's editor continues and ends markdown lists on Enter. */
@IntegrationTest
class EditorListsBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    Browser browser;

    WebElement editor;

    @BeforeEach
    void openWritePage() {
        var labeler = data.user();
        TestProject project = data.project().rankings(0).demonstrations(1).create();
        data.member(project, labeler, "LABELER");
        data.itemAsking(project, "List three fruits.", "m1", "Apple, pear, plum.");
        browser = Browser.open(port);
        browser.signIn(labeler.username()).go("/projects/" + project.slug() + "/write");
        editor = browser.waitUntil(d -> browser.find("[data-editor]"));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void enterContinuesABulletListAndASecondEnterEndsItSoTheNextTextIsItsOwnParagraph() {
        editor.sendKeys("- alpha", Keys.ENTER);
        assertThat(text()).isEqualTo("- alpha\n- ");
        editor.sendKeys("beta", Keys.ENTER);
        assertThat(text()).isEqualTo("- alpha\n- beta\n- ");

        editor.sendKeys(Keys.ENTER);
        assertThat(text()).isEqualTo("- alpha\n- beta\n\n");
        editor.sendKeys("After the list");

        assertThat(text()).isEqualTo("- alpha\n- beta\n\nAfter the list");
        assertThat(caret()).isEqualTo(text().length());
        browser.find("[data-editor-mode=preview]").click();
        browser.waitUntil(d -> !browser.findAll("#preview p").isEmpty());
        assertThat(browser.find("#preview ul").getText()).doesNotContain("After the list");
        assertThat(browser.find("#preview p").getText()).isEqualTo("After the list");
    }

    @Test
    void numberedListsCountOnAndEndTheSameWay() {
        editor.sendKeys("1. one", Keys.ENTER, "two", Keys.ENTER);
        assertThat(text()).isEqualTo("1. one\n2. two\n3. ");

        editor.sendKeys(Keys.ENTER, "Done.");

        assertThat(text()).isEqualTo("1. one\n2. two\n\nDone.");
    }

    @Test
    void taskListItemsContinueWithAnEmptyBox() {
        editor.sendKeys("- [x] done", Keys.ENTER);

        assertThat(text()).isEqualTo("- [x] done\n- [ ] ");
    }

    @Test
    void enterInTheMiddleOfAnItemSplitsItIntoTwoItems() {
        editor.sendKeys("- alphabeta", Keys.ARROW_LEFT, Keys.ARROW_LEFT, Keys.ARROW_LEFT, Keys.ARROW_LEFT);
        editor.sendKeys(Keys.ENTER);

        assertThat(text()).isEqualTo("- alpha\n- beta");
        assertThat(caret()).isEqualTo("- alpha\n- ".length());
    }

    @Test
    void enterRightAfterTheMarkerOfAnItemWithTextKeepsTheText() {
        editor.sendKeys("- alpha", Keys.HOME, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
        editor.sendKeys(Keys.ENTER);

        assertThat(text()).isEqualTo("- \n- alpha");
    }

    @Test
    void enterOutsideAListIsAPlainNewLine() {
        editor.sendKeys("Plain text", Keys.ENTER, "next");

        assertThat(text()).isEqualTo("Plain text\nnext");
    }

    @Test
    void endingAnItemInTheMiddleOfTheTextKeepsTheLinesBelow() {
        editor.sendKeys("- a\n\nBelow");
        // back to the end of "- a" and continue the list, then end it
        editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.HOME), Keys.END, Keys.ENTER);
        assertThat(text()).isEqualTo("- a\n- \n\nBelow");
        editor.sendKeys(Keys.ENTER, "After");

        assertThat(text()).isEqualTo("- a\n\nAfter\n\nBelow");
    }

    private String text() {
        return (String) browser.script("return arguments[0].value;", editor);
    }

    private long caret() {
        return (Long) browser.script("return arguments[0].selectionStart;", editor);
    }
}

package dev.feedloop.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Following the redirect of a refused page request, as the browser does, to the page it shows. */
public final class RefusedPages {

    private RefusedPages() {}

    /**
     * Asserts that {@code refused} redirected to {@code location}, and returns the page the redirect
     * shows: requested with the session cookie the refusal set, so the flash attributes travel as
     * in a browser, through the session stored (serialized) in PostgreSQL.
     */
    public static Document follow(
            MockMvcTester mvc, MvcTestResult refused, String location, RequestPostProcessor user) {
        assertThat(refused).hasStatus(HttpStatus.FOUND).hasRedirectedUrl(location);
        Cookie session = refused.getResponse().getCookie("SESSION");
        assertThat(session).as("the session cookie of the refused request").isNotNull();
        MvcTestResult page = mvc.get().uri(location).with(user).cookie(session).exchange();
        assertThat(page).hasStatusOk();
        return Jsoup.parse(new String(page.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
    }

    /** The body of an htmx answer, asserting it is a 200 that htmx swaps into {@code target}. */
    public static Document htmxMessage(MvcTestResult refused, String target) {
        assertThat(refused).hasStatusOk();
        assertThat(refused).headers().hasValue("HX-Retarget", target).hasValue("HX-Reswap", "innerHTML");
        return Jsoup.parseBodyFragment(
                new String(refused.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
    }
}

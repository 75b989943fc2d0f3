package dev.feedloop.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.servlet.FlashMap;

/** Following the redirect of a refused page request, as the browser does, to the page it shows. */
public final class RefusedPages {

    private RefusedPages() {}

    /**
     * Asserts that {@code refused} redirected to {@code location} with flash attributes that can be
     * kept in the (serialized) session, and returns the page the redirect shows.
     */
    public static Document follow(
            MockMvcTester mvc, MvcTestResult refused, String location, RequestPostProcessor user) {
        assertThat(refused).hasStatus(HttpStatus.FOUND).hasRedirectedUrl(location);
        FlashMap flash = refused.getMvcResult().getFlashMap();
        FlashMap stored = roundTrip(flash);
        MvcTestResult page =
                mvc.get().uri(location).with(user).flashAttrs(stored).exchange();
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

    /** The flash map as the JDBC session stores and reads it (Java serialization). */
    private static FlashMap roundTrip(FlashMap flash) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(flash);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (FlashMap) in.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}

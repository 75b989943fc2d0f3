package dev.feedloop.problems;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Where a page handler's {@link Refusal} is shown: back on the form the person submitted, with the
 * refusal's message and what they typed. The pages' exception advice reads it; a handler without it
 * lets every refusal go to the status pages.
 *
 * <p>A refusal with one of {@link #statuses()} answers a redirect to {@link #value()} (Post/Redirect/
 * Get). The next page gets the message as the flash attributes {@code flashError} and {@code
 * flashErrorArgs} (shown by the layout), and the kept parameters as a {@link RefusedInput}. When
 * the page binds a form ({@link #form()}), the form object comes back rebuilt from the kept
 * parameters, with the message next to the refusal's field. An htmx request gets the message at
 * once instead, swapped into {@link #target()}. Any other status (403, 404) goes to the status
 * pages.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RefusalShows {

    /**
     * The page to go back to: a path, with a query if the page needs one (such as {@code
     * /projects/{slug}/guidelines?edit=true}). {@code {name}} stands for the handler's path variable
     * of that name, else for its request parameter as sent (or that parameter's default value).
     */
    String value();

    /**
     * The request parameters the page gets back; when none are listed and the page binds a form
     * record ({@link #form()}), the record's components. Parameters whose name contains {@code
     * password} or {@code apiKey} (in any case) are never kept, even when listed.
     */
    String[] keep() default {};

    /**
     * The model attribute of the page's form ({@code form}), when the handler binds one with
     * {@code @ModelAttribute}: the page gets that form rebuilt from the kept parameters, and the
     * message as the error of the refusal's {@linkplain Refusal#field() field}, or of the form
     * itself when the form has no such field. Empty when the page has no bound form: the message is
     * shown at the top of the page.
     */
    String form() default "";

    /**
     * Refusal fields named differently on the form, as {@code refusal=form} pairs matched on the
     * first part of the refusal's field ({@code ratingDimensions=dimensionName} puts {@code
     * ratingDimensions[2].min} next to the form's {@code dimensionName} rows).
     */
    String[] fieldsAs() default {};

    /** The statuses shown on the page; refusals with any other go to the status pages. */
    int[] statuses() default {400, 409, 422};

    /** For htmx requests: the CSS selector of the element the message replaces the content of. */
    String target() default "#flashes";
}

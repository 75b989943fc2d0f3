package dev.feedloop.workqueue;

/**
 * A candidate as the person taking a task sees it.
 *
 * @param id the name the person sees and sends back (in a submit, a draft, a diff request): the
 *     candidate's id given at import, or, when the project hides model names, an opaque label
 *     ({@code A}, {@code B}, … in the order shown) that is fixed for the task
 * @param model the model's name, or {@code null} when the project hides model names
 * @param importId the candidate's id given at import; stays on the server (never show it when the
 *     project hides model names)
 */
public record ShownCandidate(String id, String content, String model, String importId) {

    /** The opaque label of the candidate shown at {@code index}: A … Z, then 27, 28, …. */
    public static String label(int index) {
        return index < 26 ? String.valueOf((char) ('A' + index)) : String.valueOf(index + 1);
    }
}

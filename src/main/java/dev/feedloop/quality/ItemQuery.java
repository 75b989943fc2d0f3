package dev.feedloop.quality;

/**
 * Which of a project's items the item explorer lists, in which order, and from where: every filter
 * is optional (null: any).
 *
 * @param agreementBelow only items whose pairwise agreement with ties is below this share (0 to 1);
 *     items without an agreement are left out
 * @param flag only items with a ranking that raised this flag on a candidate, or any flag when
 *     {@link #ANY_FLAG}
 * @param model only items with a candidate of this model
 * @param text only items whose conversation or some candidate contains these words (PostgreSQL's
 *     web search syntax: words, "a phrase", -not, or)
 * @param after the page after this cursor (the last row of the page before), or null
 * @param before the page before this cursor (the first row of the page after), or null; ignored
 *     when {@code after} is given
 */
public record ItemQuery(
        ItemState state,
        Double agreementBelow,
        Boolean gold,
        String flag,
        String model,
        Boolean excluded,
        String text,
        Sort sort,
        Cursor after,
        Cursor before) {

    /** The value of {@link #flag} that asks for items with any flag. */
    public static final String ANY_FLAG = "*";

    public ItemQuery {
        sort = sort == null ? Sort.ID : sort;
        flag = blankToNull(flag);
        model = blankToNull(model);
        text = blankToNull(text);
    }

    /** The order of the list. */
    public enum Sort {
        /** By item id: import order. */
        ID,
        /** Lowest agreement first; items without an agreement last, then by id. */
        AGREEMENT
    }

    /**
     * A place in the list: the sort key of a row (its agreement, 2 when it has none; null when sorted
     * by id) and its item id, which breaks ties between equal keys.
     */
    public record Cursor(Double key, long id) {

        /** The cursor as a URL writes it: {@code id}, or {@code key,id}. */
        public String text() {
            return key == null ? Long.toString(id) : key + "," + id;
        }

        /**
         * The cursor of {@link #text()} for this sort; null for a blank or malformed text (the
         * list then starts at its beginning).
         */
        public static Cursor parse(String text, Sort sort) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                if (sort == Sort.ID) {
                    return new Cursor(null, Long.parseLong(text.strip()));
                }
                int comma = text.indexOf(',');
                if (comma < 0) {
                    return null;
                }
                double key = Double.parseDouble(text.substring(0, comma).strip());
                return Double.isFinite(key)
                        ? new Cursor(
                                key, Long.parseLong(text.substring(comma + 1).strip()))
                        : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}

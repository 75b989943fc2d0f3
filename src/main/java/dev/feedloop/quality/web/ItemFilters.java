package dev.feedloop.quality.web;

import dev.feedloop.quality.ItemQuery;
import dev.feedloop.quality.ItemState;
import java.util.Locale;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The item explorer's filter form, as the GET request carries it (so a filtered list has its own
 * URL). Values the page does not offer are read as "any".
 *
 * @param state waiting, in-progress or complete
 * @param below agreement below this percentage (0 to 100)
 * @param gold yes or no
 * @param flag a flag's name, or {@code *} for any flag
 * @param excluded yes or no
 * @param q words to search the conversation and the candidates for
 * @param sort id or agreement
 */
record ItemFilters(
        String state,
        String below,
        String gold,
        String flag,
        String model,
        String excluded,
        String q,
        String sort,
        String after,
        String before) {

    static final ItemFilters NONE = new ItemFilters(null, null, null, null, null, null, null, null, null, null);

    ItemQuery.Sort sortOrder() {
        return "agreement".equals(sort) ? ItemQuery.Sort.AGREEMENT : ItemQuery.Sort.ID;
    }

    ItemState itemState() {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return ItemState.valueOf(state.strip().replace('-', '_').toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The percentage of {@link #below} as a share, or null when blank or not a number from 0 to 100. */
    Double belowShare() {
        if (below == null || below.isBlank()) {
            return null;
        }
        try {
            double percent = Double.parseDouble(below.strip().replace(',', '.'));
            return percent >= 0 && percent <= 100 ? percent / 100 : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether {@link #below} was given but cannot be read. */
    boolean belowInvalid() {
        return below != null && !below.isBlank() && belowShare() == null;
    }

    ItemQuery query() {
        ItemQuery.Sort order = sortOrder();
        return new ItemQuery(
                itemState(),
                belowShare(),
                yesNo(gold),
                flag,
                model,
                yesNo(excluded),
                q,
                order,
                ItemQuery.Cursor.parse(after, order),
                ItemQuery.Cursor.parse(before, order));
    }

    /** The list's URL with these filters and {@code cursorName} = {@code cursor} instead of this page's. */
    String href(String slug, String cursorName, ItemQuery.Cursor cursor) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/projects/{slug}/items");
        add(uri, "state", state);
        add(uri, "below", below);
        add(uri, "gold", gold);
        add(uri, "flag", flag);
        add(uri, "model", model);
        add(uri, "excluded", excluded);
        add(uri, "q", q);
        add(uri, "sort", sortOrder() == ItemQuery.Sort.AGREEMENT ? "agreement" : null);
        if (cursor != null) {
            uri.queryParam(cursorName, cursor.text());
        }
        return uri.buildAndExpand(slug).encode().toUriString();
    }

    /** Whether any filter is set (the page then offers to clear them). */
    boolean filtered() {
        return itemState() != null
                || belowShare() != null
                || yesNo(gold) != null
                || (flag != null && !flag.isBlank())
                || (model != null && !model.isBlank())
                || yesNo(excluded) != null
                || (q != null && !q.isBlank());
    }

    private static void add(UriComponentsBuilder uri, String name, String value) {
        if (value != null && !value.isBlank()) {
            uri.queryParam(name, value.strip());
        }
    }

    private static Boolean yesNo(String value) {
        return "yes".equals(value) ? Boolean.TRUE : "no".equals(value) ? Boolean.FALSE : null;
    }
}

package dev.feedloop.quality.web;

/** The item page's "more rankings" form: how many extra rank slots to add. */
record MoreRankingsForm(Integer count) {

    static final MoreRankingsForm ONE = new MoreRankingsForm(1);
}

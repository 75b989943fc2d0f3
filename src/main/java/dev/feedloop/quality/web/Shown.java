package dev.feedloop.quality.web;

import dev.feedloop.quality.Interval;
import java.util.Locale;

/** Numbers of the quality page as the reader's language writes them; "—" where there is none. */
final class Shown {

    static final String NONE = "—";

    private Shown() {}

    /**
     * A share as a percentage with one decimal, and its interval when there is one.
     *
     * @param interval empty when there is no interval (or none could be computed)
     */
    record Share(String value, String interval) {}

    static Share share(double share, Interval ci95, Locale locale) {
        if (Double.isNaN(share)) {
            return new Share(NONE, "");
        }
        String interval = ci95 == null || Double.isNaN(ci95.lower()) || Double.isNaN(ci95.upper())
                ? ""
                : percent(ci95.lower(), locale) + " – " + percent(ci95.upper(), locale);
        return new Share(percent(share, locale) + " %", interval.isEmpty() ? "" : interval + " %");
    }

    static String decimal(double value, int decimals, Locale locale) {
        return Double.isNaN(value) || Double.isInfinite(value)
                ? NONE
                : String.format(locale, "%." + decimals + "f", value);
    }

    /** An interval of plain numbers ("0.21 – 0.64"); empty when there is none. */
    static String decimalInterval(Interval ci95, int decimals, Locale locale) {
        return ci95 == null || Double.isNaN(ci95.lower()) || Double.isNaN(ci95.upper())
                ? ""
                : decimal(ci95.lower(), decimals, locale) + " – " + decimal(ci95.upper(), decimals, locale);
    }

    private static String percent(double share, Locale locale) {
        return String.format(locale, "%.1f", share * 100);
    }
}

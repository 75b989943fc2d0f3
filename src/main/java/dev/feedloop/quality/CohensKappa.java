package dev.feedloop.quality;

/**
 * Cohen's kappa of two raters who each put the same subjects into one of k categories: {@code (po −
 * pe) / (1 − pe)}, with {@code po} the share of subjects on which they agree and {@code pe} the
 * agreement expected by chance from each rater's own shares, {@code Σ (row_k / n) · (column_k / n)}.
 */
public final class CohensKappa {

    private CohensKappa() {}

    /**
     * @param confusion {@code confusion[i][j]}: subjects the first rater put in category i and the
     *     second in category j (square)
     * @return kappa; NaN without subjects, or when chance agreement is certain (both raters used one
     *     and the same category for everything)
     */
    public static double of(long[][] confusion) {
        int k = confusion.length;
        long n = 0;
        long agreed = 0;
        long[] rows = new long[k];
        long[] columns = new long[k];
        for (int i = 0; i < k; i++) {
            if (confusion[i].length != k) {
                throw new IllegalArgumentException("the confusion matrix is not square");
            }
            for (int j = 0; j < k; j++) {
                n += confusion[i][j];
                rows[i] += confusion[i][j];
                columns[j] += confusion[i][j];
            }
            agreed += confusion[i][i];
        }
        if (n == 0) {
            return Double.NaN;
        }
        double observed = (double) agreed / n;
        double chance = 0;
        for (int i = 0; i < k; i++) {
            chance += ((double) rows[i] / n) * ((double) columns[i] / n);
        }
        return chance >= 1 ? Double.NaN : (observed - chance) / (1 - chance);
    }
}

package dev.feedloop.quality;

/**
 * The Bradley–Terry model fitted by maximum likelihood, in Chatbot Arena's rating scale: P(i beats j)
 * = 1 / (1 + 10^((R<sub>j</sub> − R<sub>i</sub>)/400)), ratings shifted so that their mean is 1000.
 * This is the model of FastChat's {@code compute_mle_elo} (logistic regression without intercept,
 * base 10, scale 400, initial rating 1000), where a tie is entered as one win each way next to every
 * decisive battle entered twice: the same likelihood as counting a tie as half a win for each side,
 * which is how {@code wins} is given here.
 *
 * <p>The fit is Newton's method on the log-strengths θ (R = 1000 + 400·θ/ln 10) with a backtracking
 * line search, from θ = 0 (or a given start), until the largest gradient component is below 1e-9 per battle. The maximum
 * likelihood estimate is finite only when every model has both won and lost (counting half wins) within
 * a connected set of battles; so that it always exists, the log-likelihood carries a vanishing ridge
 * term −10⁻⁶·Σθ², which moves the ratings of ordinary data by less than 0.001 points and keeps a model
 * that never lost finite (but far above the others). O(M³) per iteration for M models.
 */
public final class BradleyTerry {

    public static final double SCALE = 400;
    public static final double MEAN_RATING = 1000;

    static final double RIDGE = 1e-6;
    private static final int MAX_ITERATIONS = 200;

    private BradleyTerry() {}

    /**
     * @param wins {@code wins[i][j]}: how often model i beat model j, ties counted as half a win for
     *     each side; the diagonal is ignored
     * @return each model's rating; models without any battle get {@link Double#NaN} and do not count
     *     toward the mean of 1000
     */
    public static double[] ratings(double[][] wins) {
        return ratings(wins, null);
    }

    /**
     * The same fit started from {@code start} (ratings of nearby data, such as the full data of a
     * bootstrap resample; NaN or null start from 1000), which saves Newton steps; the maximum is the
     * same, since the penalised likelihood has only one.
     */
    static double[] ratings(double[][] wins, double[] start) {
        int m = wins.length;
        double[] theta = strengths(wins, start);
        double[] ratings = new double[m];
        for (int i = 0; i < m; i++) {
            ratings[i] = Double.isNaN(theta[i]) ? Double.NaN : MEAN_RATING + SCALE * theta[i] / Math.log(10);
        }
        return ratings;
    }

    /** The natural log-strengths θ with mean 0 over the models that have battles (NaN for the rest). */
    static double[] strengths(double[][] wins) {
        return strengths(wins, null);
    }

    private static double[] strengths(double[][] wins, double[] start) {
        int all = wins.length;
        int[] index = new int[all];
        int m = 0;
        for (int i = 0; i < all; i++) {
            double games = 0;
            for (int j = 0; j < all; j++) {
                if (i != j) {
                    games += wins[i][j] + wins[j][i];
                }
            }
            index[i] = games > 0 ? m++ : -1;
        }
        double[] w = new double[m * m];
        double total = 0;
        for (int i = 0; i < all; i++) {
            for (int j = 0; j < all; j++) {
                if (i != j && index[i] >= 0 && index[j] >= 0) {
                    w[index[i] * m + index[j]] = wins[i][j];
                    total += wins[i][j];
                }
            }
        }
        double[] initial = new double[m];
        for (int i = 0; start != null && i < all; i++) {
            if (index[i] >= 0 && !Double.isNaN(start[i])) {
                initial[index[i]] = (start[i] - MEAN_RATING) * Math.log(10) / SCALE;
            }
        }
        double[] theta = solve(w, m, total, initial);
        double[] result = new double[all];
        for (int i = 0; i < all; i++) {
            result[i] = index[i] < 0 ? Double.NaN : theta[index[i]];
        }
        return result;
    }

    private static double[] solve(double[] w, int m, double total, double[] theta) {
        double[] gradient = new double[m];
        double[] hessian = new double[m * m];
        double[] step = new double[m];
        double[] trial = new double[m];
        double tolerance = 1e-9 * Math.max(1, total);
        double current = logLikelihood(w, m, theta);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            java.util.Arrays.fill(gradient, 0);
            java.util.Arrays.fill(hessian, 0);
            double largest = 0;
            for (int i = 0; i < m; i++) {
                for (int j = i + 1; j < m; j++) {
                    double games = w[i * m + j] + w[j * m + i];
                    if (games == 0) {
                        continue;
                    }
                    double p = 1 / (1 + Math.exp(theta[j] - theta[i]));
                    double g = w[i * m + j] - games * p;
                    gradient[i] += g;
                    gradient[j] -= g;
                    double h = games * p * (1 - p);
                    hessian[i * m + i] += h;
                    hessian[j * m + j] += h;
                    hessian[i * m + j] -= h;
                    hessian[j * m + i] -= h;
                }
            }
            for (int i = 0; i < m; i++) {
                gradient[i] -= 2 * RIDGE * theta[i];
                hessian[i * m + i] += 2 * RIDGE;
                largest = Math.max(largest, Math.abs(gradient[i]));
            }
            if (largest < tolerance) {
                break;
            }
            choleskySolve(hessian, m, gradient, step);
            double t = 1;
            double next;
            do {
                for (int i = 0; i < m; i++) {
                    trial[i] = theta[i] + t * step[i];
                }
                next = logLikelihood(w, m, trial);
                t /= 2;
            } while (next < current && t > 1e-12);
            if (next < current) {
                break;
            }
            System.arraycopy(trial, 0, theta, 0, m);
            current = next;
        }
        double mean = 0;
        for (double value : theta) {
            mean += value;
        }
        mean = m == 0 ? 0 : mean / m;
        for (int i = 0; i < m; i++) {
            theta[i] -= mean;
        }
        return theta;
    }

    /** Σ w<sub>ij</sub>·log P(i beats j) − ridge·Σθ². */
    private static double logLikelihood(double[] w, int m, double[] theta) {
        double sum = 0;
        for (int i = 0; i < m; i++) {
            sum -= RIDGE * theta[i] * theta[i];
            for (int j = 0; j < m; j++) {
                double weight = w[i * m + j];
                if (weight != 0) {
                    // log σ(d) = −log(1 + e^(−d)), computed without overflow
                    double d = theta[i] - theta[j];
                    // (Math.log of 1 + e^(−|d|) in [1, 2] is as exact as log1p here, and much faster)
                    sum -= weight * (d > 0 ? Math.log(1 + Math.exp(-d)) : -d + Math.log(1 + Math.exp(d)));
                }
            }
        }
        return sum;
    }

    /** Solves A·x = b for a symmetric positive definite A (overwritten by its Cholesky factor). */
    private static void choleskySolve(double[] a, int m, double[] b, double[] x) {
        for (int j = 0; j < m; j++) {
            double diagonal = a[j * m + j];
            for (int k = 0; k < j; k++) {
                diagonal -= a[j * m + k] * a[j * m + k];
            }
            diagonal = Math.sqrt(diagonal);
            a[j * m + j] = diagonal;
            for (int i = j + 1; i < m; i++) {
                double sum = a[i * m + j];
                for (int k = 0; k < j; k++) {
                    sum -= a[i * m + k] * a[j * m + k];
                }
                a[i * m + j] = sum / diagonal;
            }
        }
        for (int i = 0; i < m; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= a[i * m + k] * x[k];
            }
            x[i] = sum / a[i * m + i];
        }
        for (int i = m - 1; i >= 0; i--) {
            double sum = x[i];
            for (int k = i + 1; k < m; k++) {
                sum -= a[k * m + i] * x[k];
            }
            x[i] = sum / a[i * m + i];
        }
    }
}

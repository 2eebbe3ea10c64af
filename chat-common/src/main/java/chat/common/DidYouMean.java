package chat.common;

import java.util.Collection;
import java.util.Optional;

/**
 * Finds the name someone probably meant when they mistyped one, e.g. an option: {@code --prot} →
 * {@code --port}. Closeness is the optimal string alignment distance (insertions, deletions, substitutions
 * and swaps of two neighbouring characters each count one), so a swap, the commonest typo, is as close as a
 * single wrong letter.
 *
 * <p>Thread-safe: stateless.
 */
public final class DidYouMean {
    /** Farther than this, a name is a different word, not a typo. */
    private static final int MAX_EDITS = 2;

    private DidYouMean() {
    }

    /** The candidate closest to {@code typed} within two edits (the first of equals), or empty. */
    public static Optional<String> closest(String typed, Collection<String> candidates) {
        String best = null;
        int bestDistance = MAX_EDITS + 1;
        for (String candidate : candidates) {
            int d = distance(typed, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

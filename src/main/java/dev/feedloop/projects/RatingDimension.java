package dev.feedloop.projects;

/** A scale annotators rate each candidate on, such as helpfulness from 1 to 7. */
public record RatingDimension(String name, int min, int max) {

    public boolean accepts(int value) {
        return value >= min && value <= max;
    }
}

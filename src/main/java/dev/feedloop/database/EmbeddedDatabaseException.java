package dev.feedloop.database;

/** The embedded PostgreSQL could not start; the message says why and what to do. */
public class EmbeddedDatabaseException extends RuntimeException {

    public EmbeddedDatabaseException(String message) {
        super(message);
    }
}

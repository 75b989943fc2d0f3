package dev.feedloop.generation;

/**
 * One message of a chat completion request.
 *
 * @param role {@code system}, {@code user} or {@code assistant}
 */
public record ChatTurn(String role, String content) {

    public static ChatTurn system(String content) {
        return new ChatTurn("system", content);
    }

    public static ChatTurn user(String content) {
        return new ChatTurn("user", content);
    }
}

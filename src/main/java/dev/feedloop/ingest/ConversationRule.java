package dev.feedloop.ingest;

import java.util.List;
import java.util.function.IntFunction;

/** The order of an item's conversation, whatever format it came in. */
final class ConversationRule {

    private ConversationRule() {}

    /**
     * A system message only first; then user and assistant alternate, starting and ending with the
     * user.
     */
    static boolean checkOrder(List<Message> messages, IntFunction<String> roleField, String field, FieldRules rules) {
        int start = 0;
        if (!messages.isEmpty() && messages.get(0).role().equals("system")) {
            start = 1;
        }
        if (start == messages.size()) {
            rules.error(field, "needs a user message after the system message", "ingest.problem.userAfterSystem");
            return false;
        }
        for (int i = start; i < messages.size(); i++) {
            String expected = (i - start) % 2 == 0 ? "user" : "assistant";
            String role = messages.get(i).role();
            if (role.equals("system")) {
                rules.error(roleField.apply(i), "a system message may only come first", "ingest.problem.systemFirst");
                return false;
            }
            if (!role.equals(expected)) {
                rules.error(
                        roleField.apply(i),
                        "expected " + (expected.equals("user") ? "a user" : "an assistant")
                                + " message here: user and assistant messages alternate,"
                                + " starting with the user",
                        expected.equals("user") ? "ingest.problem.expectedUser" : "ingest.problem.expectedAssistant");
                return false;
            }
        }
        if (!messages.get(messages.size() - 1).role().equals("user")) {
            rules.error(
                    roleField.apply(messages.size() - 1),
                    "the last message must be the user's",
                    "ingest.problem.lastFromUser");
            return false;
        }
        return true;
    }
}

package dev.warden.incident.playbook;

import java.util.List;

/**
 * What an action did to one target: whether it changed anything ({@code false}: it was so already, e.g. the thing
 * was in quarantine), a one-line summary, and for a listing the items found (at most {@link #MAX_ITEMS}, never a
 * secret value or a message payload).
 */
public record ActionResult(boolean changed, String summary, List<String> items) {
    public static final int MAX_ITEMS = 200;

    public ActionResult {
        items = List.copyOf(items.size() > MAX_ITEMS ? items.subList(0, MAX_ITEMS) : items);
    }

    public static ActionResult changed(String summary) {
        return new ActionResult(true, summary, List.of());
    }

    public static ActionResult unchanged(String summary) {
        return new ActionResult(false, summary, List.of());
    }

    public static ActionResult listing(String summary, List<String> items) {
        return new ActionResult(false, summary, items);
    }
}

package dev.warden.compliance.store;

/**
 * Resource patterns of suppressions: {@code *} stands for any characters (none included), everything else is
 * literal. No {@code ?}, no character classes: an ARN pattern an operator reads at a glance.
 */
final class ResourcePattern {
    private ResourcePattern() {}

    static boolean matches(String pattern, String resource) {
        if (pattern.indexOf('*') < 0) {
            return pattern.equals(resource);
        }
        String[] parts = pattern.split("\\*", -1);
        if (!resource.startsWith(parts[0])) {
            return false;
        }
        int at = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = resource.indexOf(parts[i], at);
            if (found < 0) {
                return false;
            }
            at = found + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return resource.length() - at >= last.length() && resource.endsWith(last);
    }
}

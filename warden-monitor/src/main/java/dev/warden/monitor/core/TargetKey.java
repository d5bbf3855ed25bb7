package dev.warden.monitor.core;

/** What a metric is counted for: a thing's name, a source address, an admin user name or a principal's ARN. */
public record TargetKey(MetricScope scope, String name) {
    public static TargetKey thing(String name) {
        return new TargetKey(MetricScope.THING, name);
    }

    public static TargetKey sourceIp(String address) {
        return new TargetKey(MetricScope.SOURCE_IP, address);
    }

    public static TargetKey user(String name) {
        return new TargetKey(MetricScope.USER, name);
    }

    public static TargetKey principal(String arn) {
        return new TargetKey(MetricScope.PRINCIPAL, arn);
    }

    /** {@code thing/<name>}, {@code sourceip/<address>}, {@code user/<name>}, {@code principal/<arn>}. */
    @Override
    public String toString() {
        return switch (scope) {
            case THING -> "thing/" + name;
            case SOURCE_IP -> "sourceip/" + name;
            case USER -> "user/" + name;
            case PRINCIPAL -> "principal/" + name;
        };
    }

    /** Reads {@link #toString()}'s form back. */
    public static TargetKey parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("a target is thing/NAME, sourceip/ADDRESS, user/NAME or principal/ARN");
        }
        String name = text.substring(slash + 1);
        return switch (text.substring(0, slash)) {
            case "thing" -> thing(name);
            case "sourceip" -> sourceIp(name);
            case "user" -> user(name);
            case "principal" -> principal(name);
            default ->
                throw new IllegalArgumentException(
                        "a target is thing/NAME, sourceip/ADDRESS, user/NAME or principal/ARN");
        };
    }
}

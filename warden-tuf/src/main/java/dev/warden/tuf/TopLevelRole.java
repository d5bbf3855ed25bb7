package dev.warden.tuf;

/** The four top-level roles a root delegates to, with their names in metadata and on the repository. */
public enum TopLevelRole {
    ROOT("root"),
    TARGETS("targets"),
    SNAPSHOT("snapshot"),
    TIMESTAMP("timestamp");

    private final String jsonName;

    TopLevelRole(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The role's name in {@code _type}, in a root's {@code roles} and in file names. */
    public String jsonName() {
        return jsonName;
    }

    /** The un-versioned file name, {@code root.json} and so on: what a snapshot lists and a client persists. */
    public String fileName() {
        return jsonName + ".json";
    }

    public static boolean isTopLevelName(String name) {
        for (TopLevelRole role : values()) {
            if (role.jsonName.equals(name)) {
                return true;
            }
        }
        return false;
    }
}

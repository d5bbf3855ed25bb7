package dev.warden.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON documents as a person reads them: indented, or as stored when they cannot be parsed. */
final class Documents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Documents() {}

    static String pretty(String document) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(document));
        } catch (JsonProcessingException unreadable) {
            return document;
        }
    }
}

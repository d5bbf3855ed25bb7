package dev.warden.firmware;

import java.util.List;

/**
 * What an operator publishes: an image for a thing type at a version, with an optional anti-rollback floor and the
 * hardware revisions it fits.
 *
 * @param minVersion null for "the release's own version"
 */
public record PublishRequest(String thingType, String version, String minVersion, List<String> hardware, byte[] image) {
    public PublishRequest {
        hardware = hardware == null ? List.of() : List.copyOf(hardware);
    }
}

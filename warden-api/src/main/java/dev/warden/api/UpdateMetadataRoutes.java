package dev.warden.api;

import dev.warden.firmware.repository.UpdateRepository;
import io.javalin.Javalin;

/**
 * {@code GET /tuf/<thing type>/<file>} on the public endpoint: each thing type's update metadata (TUF: N.root.json,
 * timestamp.json, N.snapshot.json, N.targets.json). Public by design: every file is signed, none holds a secret, and
 * TUF is built for untrusted transports. Not cached: the timestamp is what tells a device it is not being frozen.
 */
public final class UpdateMetadataRoutes {
    private final UpdateRepository repository;

    public UpdateMetadataRoutes(UpdateRepository repository) {
        this.repository = repository;
    }

    public void register(Javalin app) {
        app.get("/tuf/{type}/{file}", ErrorResponses.guarded(ctx -> {
            byte[] file = repository
                    .file(ctx.pathParam("type"), ctx.pathParam("file"))
                    .orElseThrow(() -> ApiException.notFound("NOT_FOUND", "no such update metadata"));
            ctx.header("Cache-Control", "no-store")
                    .contentType("application/json")
                    .result(file);
        }));
    }
}

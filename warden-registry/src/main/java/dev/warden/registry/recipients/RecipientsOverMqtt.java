package dev.warden.registry.recipients;

import dev.warden.e2e.E2eException;
import dev.warden.gateway.AcceptedPublish;
import dev.warden.gateway.DeviceRequests;
import dev.warden.gateway.PublishListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device asks for a recipient's public keyset on {@code $warden/things/<name>/e2e/recipients/<recipient>/get} and
 * gets {@code {name, publicKeyset, primaryKeyId}} on {@code .../accepted}, or {@code {code, message}} on
 * {@code .../rejected} ({@link DeviceRequests}: one {@code mqtt-e2e} thread, the asking client only).
 */
public final class RecipientsOverMqtt implements PublishListener, AutoCloseable {
    private static final Pattern TOPIC =
            Pattern.compile("\\$warden/things/([A-Za-z0-9_.:-]{1,128})/e2e/recipients/([A-Za-z0-9_.-]{1,64})/get");

    private final RecipientDirectory directory;
    private final DeviceRequests requests;

    public RecipientsOverMqtt(RecipientDirectory directory) {
        this.directory = directory;
        this.requests = new DeviceRequests("mqtt-e2e", TOPIC, 1_000, "end-to-end key", this::answer);
    }

    public void attach(DeviceRequests.Replies replies) {
        requests.attach(replies);
    }

    @Override
    public void onPublish(AcceptedPublish publish) {
        requests.onPublish(publish);
    }

    private void answer(AcceptedPublish request, Matcher topic) {
        String name = topic.group(2);
        try {
            directory
                    .find(name)
                    .ifPresentOrElse(
                            r -> {
                                Map<String, Object> body = new LinkedHashMap<>();
                                body.put("name", r.name());
                                body.put("publicKeyset", r.publicKeyset());
                                body.put("primaryKeyId", r.primaryKeyId());
                                requests.accept(request, body);
                            },
                            () -> requests.reject(request, "NO_SUCH_RECIPIENT", "no recipient " + name));
        } catch (E2eException e) {
            requests.reject(request, e.reason().name(), e.getMessage());
        }
    }

    @Override
    public void close() {
        requests.close();
    }
}

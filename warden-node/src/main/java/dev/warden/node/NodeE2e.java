package dev.warden.node;

import dev.warden.gateway.MqttGateway;
import dev.warden.registry.recipients.RecipientDirectory;
import dev.warden.registry.recipients.RecipientsOverMqtt;
import dev.warden.storage.Database;
import java.time.Clock;

/** End-to-end payloads in the node: the recipients' public keysets, and devices asking for them over MQTT. */
final class NodeE2e implements AutoCloseable {
    private final RecipientDirectory recipients;
    private final RecipientsOverMqtt mqtt;

    NodeE2e(Database db, String region, Clock clock) {
        this.recipients = new RecipientDirectory(db, region, clock);
        this.mqtt = new RecipientsOverMqtt(recipients);
    }

    NodeE2e start(MqttGateway gateway) {
        mqtt.attach(gateway::publishToClient);
        return this;
    }

    RecipientDirectory recipients() {
        return recipients;
    }

    RecipientsOverMqtt mqtt() {
        return mqtt;
    }

    @Override
    public void close() {
        mqtt.close();
    }
}

package dev.warden.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Where a reconnect goes: the gateway named by Use Another Server, else the next one when this one is unreachable. */
class ServerRotationTest {
    private static final ServerReference HOME = new ServerReference("eu-west-1.example", 8883);
    private static final ServerReference STANDBY = new ServerReference("eu-central-1.example", 8883);

    @Test
    void anUnreachableGatewayIsLeftForTheNextInTurn() {
        ServerRotation rotation = new ServerRotation(List.of(HOME, STANDBY));
        assertThat(rotation.next(new ConnectionClosedException("home went away")))
                .contains(STANDBY);
        assertThat(rotation.next(new ConnectionFailedException("refused"))).contains(HOME);
        assertThat(rotation.next(new ConnectionFailedException("refused"))).contains(STANDBY);
    }

    @Test
    void aGatewayThatNamesAnotherIsFollowedAndTheTurnGoesOnFromThere() {
        ServerRotation rotation = new ServerRotation(List.of(HOME, STANDBY));
        assertThat(rotation.next(new ConnectionClosedException("home went away")))
                .contains(STANDBY);
        Mqtt5Disconnect sentHome = Mqtt5Disconnect.builder()
                .reasonCode(Mqtt5DisconnectReasonCode.USE_ANOTHER_SERVER)
                .serverReference(HOME.toString())
                .build();
        assertThat(rotation.next(new Mqtt5DisconnectException(sentHome, "failback")))
                .contains(HOME);
        assertThat(rotation.next(new ConnectionFailedException("still down"))).contains(STANDBY);
    }

    @Test
    void otherFailuresAndASingleGatewayKeepTheSameServer() {
        assertThat(new ServerRotation(List.of(HOME, STANDBY)).next(new TimeoutException("slow")))
                .isEmpty();
        assertThat(new ServerRotation(List.of(HOME)).next(new ConnectionFailedException("refused")))
                .isEmpty();
        Mqtt5Disconnect malformed = Mqtt5Disconnect.builder()
                .reasonCode(Mqtt5DisconnectReasonCode.USE_ANOTHER_SERVER)
                .serverReference("mqtts://elsewhere:8883, attacker:1")
                .build();
        assertThat(new ServerRotation(List.of(HOME)).next(new Mqtt5DisconnectException(malformed, "x")))
                .isEmpty();
    }
}

package dev.warden.device;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Maps HiveMQ client failures to {@link DeviceException}s in one place. */
final class MqttFailures {
    private MqttFailures() {}

    static DeviceException map(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof DeviceException device) {
            return device;
        }
        if (t instanceof Mqtt5ConnAckException e) {
            return connAckRefused(e);
        }
        if (t instanceof Mqtt3ConnAckException e) {
            return connAckRefused(e);
        }
        if (t instanceof Mqtt5PubAckException e) {
            return pubAckRefused(e);
        }
        if (t instanceof Mqtt5SubAckException e) {
            boolean denied = e.getMqttMessage().getReasonCodes().contains(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
            return new DeviceException(
                    denied ? DeviceErrorReason.NOT_AUTHORIZED : DeviceErrorReason.MESSAGE_REFUSED,
                    "SUBACK " + e.getMqttMessage().getReasonCodes(),
                    t);
        }
        if (t instanceof Mqtt3SubAckException e
                && e.getMqttMessage().getReturnCodes().contains(Mqtt3SubAckReturnCode.FAILURE)) {
            // MQTT 3.1.1 has no reason codes; the Warden gateway refuses a subscription only by policy.
            return new DeviceException(DeviceErrorReason.NOT_AUTHORIZED, "SUBACK failure", t);
        }
        if (t instanceof Mqtt5DisconnectException e
                && e.getMqttMessage().getReasonCode() == Mqtt5DisconnectReasonCode.NOT_AUTHORIZED) {
            return new DeviceException(DeviceErrorReason.NOT_AUTHORIZED, "the gateway disconnected the device", t);
        }
        if (hasCause(t, SSLException.class)) {
            return new DeviceException(
                    DeviceErrorReason.TLS_FAILED, "TLS with the gateway failed: " + rootMessage(t), t);
        }
        if (t instanceof MqttClientStateException) {
            return new DeviceException(DeviceErrorReason.CLOSED, t.getMessage(), t);
        }
        if (t instanceof TimeoutException) {
            return new DeviceException(DeviceErrorReason.TIMEOUT, String.valueOf(t.getMessage()), t);
        }
        if (t instanceof ConnectionFailedException
                || t instanceof ConnectionClosedException
                || t instanceof Mqtt5DisconnectException) {
            return new DeviceException(DeviceErrorReason.CONNECTION_FAILED, rootMessage(t), t);
        }
        return new DeviceException(DeviceErrorReason.CONNECTION_FAILED, String.valueOf(t), t);
    }

    /** An MQTT 5 CONNACK refusal: a redirect to another server, a refused identity, or another failure. */
    private static DeviceException connAckRefused(Mqtt5ConnAckException e) {
        Mqtt5ConnAckReasonCode code = e.getMqttMessage().getReasonCode();
        if (code == Mqtt5ConnAckReasonCode.USE_ANOTHER_SERVER || code == Mqtt5ConnAckReasonCode.SERVER_MOVED) {
            return new DeviceException(
                    DeviceErrorReason.WRONG_REGION,
                    "the gateway sent the device to "
                            + e.getMqttMessage()
                                    .getServerReference()
                                    .map(Object::toString)
                                    .orElse("nowhere")
                            + " (" + code + ")",
                    e);
        }
        return code == Mqtt5ConnAckReasonCode.NOT_AUTHORIZED || code == Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD
                ? new DeviceException(
                        DeviceErrorReason.NOT_AUTHORIZED, "the gateway refused the connection (" + code + ")", e)
                : new DeviceException(DeviceErrorReason.CONNECTION_FAILED, "CONNACK " + code, e);
    }

    private static DeviceException connAckRefused(Mqtt3ConnAckException e) {
        Mqtt3ConnAckReturnCode code = e.getMqttMessage().getReturnCode();
        return code == Mqtt3ConnAckReturnCode.NOT_AUTHORIZED || code == Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD
                ? new DeviceException(
                        DeviceErrorReason.NOT_AUTHORIZED, "the gateway refused the connection (" + code + ")", e)
                : new DeviceException(DeviceErrorReason.CONNECTION_FAILED, "CONNACK " + code, e);
    }

    private static DeviceException pubAckRefused(Mqtt5PubAckException e) {
        Mqtt5PubAckReasonCode code = e.getMqttMessage().getReasonCode();
        return new DeviceException(
                code == Mqtt5PubAckReasonCode.NOT_AUTHORIZED
                        ? DeviceErrorReason.NOT_AUTHORIZED
                        : DeviceErrorReason.MESSAGE_REFUSED,
                "PUBACK " + code,
                e);
    }

    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    /** The server a refused MQTT 5 CONNECT named (Use Another Server, Server Moved), if it is one host:port. */
    static java.util.Optional<ServerReference> serverReference(DeviceException failure) {
        if (failure.reason() != DeviceErrorReason.WRONG_REGION) {
            return java.util.Optional.empty();
        }
        for (Throwable c = failure.getCause(); c != null; c = c.getCause()) {
            if (c instanceof Mqtt5ConnAckException e) {
                return e.getMqttMessage().getServerReference().flatMap(r -> ServerReference.parse(r.toString()));
            }
        }
        return java.util.Optional.empty();
    }
}

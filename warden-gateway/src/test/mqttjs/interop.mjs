// MQTT.js against the gateway: QoS 2, retained messages, wills and persistent sessions, on MQTT 3.1.1 and 5, and
// (MQTT 5) delayed wills, subscription identifiers, DISCONNECT session expiry, outbound topic aliases, Server Keep
// Alive, assigned client identifiers and request/response between two client IDs of one certificate.
// Usage: node interop.mjs PORT CA_FILE DIR  (DIR holds <thing>.crt / <thing>.key for dev-a, dev-b, dev-c, reader*)
import mqtt from 'mqtt';
import { readFileSync } from 'node:fs';

const [port, caFile, dir, wsPort] = process.argv.slice(2);
const ca = readFileSync(caFile);

function options(thing, version, extra = {}) {
  return {
    ca, cert: readFileSync(`${dir}/${thing}.crt`), key: readFileSync(`${dir}/${thing}.key`),
    clientId: thing, protocolVersion: version, rejectUnauthorized: true, reconnectPeriod: 0, connectTimeout: 5000,
    ...extra,
  };
}

const connect = (thing, version, extra) => mqtt.connectAsync(`mqtts://127.0.0.1:${port}`, options(thing, version, extra));
const connectWebSocket = (thing, version) => mqtt.connectAsync(`wss://127.0.0.1:${wsPort}/mqtt`, options(thing, version));

function nextMessage(client, topic, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message on ${topic}`)), timeoutMs);
    client.on('message', (t, payload, packet) => {
      if (t === topic) {
        clearTimeout(timer);
        resolve({ payload: payload.toString(), packet });
      }
    });
  });
}

const scenarios = {
  async qos2(version) {
    const reader = await connect(`reader-q${version}`, version);
    const device = await connect('dev-a', version);
    await reader.subscribeAsync('devices/dev-a/#', { qos: 2 });
    const got = nextMessage(reader, 'devices/dev-a/exactly');
    await device.publishAsync('devices/dev-a/exactly', 'once', { qos: 2 });
    const { payload, packet } = await got;
    await Promise.all([reader.endAsync(), device.endAsync()]);
    if (payload !== 'once' || packet.qos !== 2) throw new Error(`got ${payload} at QoS ${packet.qos}`);
  },
  async retained(version) {
    const device = await connect('dev-a', version);
    await device.publishAsync(`devices/dev-a/state${version}`, 'on', { qos: 1, retain: true });
    await device.endAsync();
    const reader = await connect(`reader-r${version}`, version);
    const got = nextMessage(reader, `devices/dev-a/state${version}`);
    await reader.subscribeAsync(`devices/dev-a/state${version}`, { qos: 1 });
    const { payload, packet } = await got;
    await reader.endAsync();
    if (payload !== 'on' || !packet.retain) throw new Error(`got ${payload}, retain=${packet.retain}`);
  },
  async will(version) {
    const reader = await connect(`reader-w${version}`, version);
    await reader.subscribeAsync('devices/dev-b/will', { qos: 1 });
    const got = nextMessage(reader, 'devices/dev-b/will');
    const device = await connect('dev-b', version, { will: { topic: 'devices/dev-b/will', payload: 'gone', qos: 1 } });
    device.stream.destroy(); // the connection drops without DISCONNECT: the broker must publish the will
    const { payload } = await got;
    await reader.endAsync();
    if (payload !== 'gone') throw new Error(`got ${payload}`);
  },
  async webSocket(version) {
    // A device on MQTT over secure WebSocket (same mutual TLS, same policies), read by a client on the TLS port.
    const reader = await connect(`reader-ws${version}`, version);
    await reader.subscribeAsync('devices/dev-a/ws', { qos: 1 });
    const got = nextMessage(reader, 'devices/dev-a/ws');
    const device = await connectWebSocket('dev-a', version);
    await device.publishAsync('devices/dev-a/ws', `over-wss-${version}`, { qos: 1 });
    const { payload } = await got;
    let denied = false;
    try {
      await device.subscribeAsync('#', { qos: 0 }).then((granted) => { denied = granted[0].qos === 128 || granted[0].qos === 135; });
    } catch (e) {
      denied = true;
    }
    await Promise.all([reader.endAsync(), device.endAsync()]);
    let anonymous = false;
    try {
      const stranger = await mqtt.connectAsync(`wss://127.0.0.1:${wsPort}/mqtt`, { ca, clientId: 'dev-a',
        protocolVersion: version, rejectUnauthorized: true, reconnectPeriod: 0, connectTimeout: 3000 });
      anonymous = true;
      await stranger.endAsync();
    } catch (e) {
      // refused: no client certificate
    }
    if (anonymous) throw new Error('a WebSocket client without a certificate got in');
    if (payload !== `over-wss-${version}`) throw new Error(`got ${payload}`);
    if (!denied) throw new Error('subscribing to # over WebSocket was not denied');
  },
  async persistentSession(version) {
    const id = `reader-p${version}`;
    const session = version === 5 ? { clean: false, properties: { sessionExpiryInterval: 300 } } : { clean: false };
    let reader = await connect(id, version, session);
    await reader.subscribeAsync('devices/dev-c/queued', { qos: 1 });
    await reader.endAsync();
    const device = await connect('dev-c', version);
    await device.publishAsync('devices/dev-c/queued', `while-away-${version}`, { qos: 1 });
    await device.endAsync();
    // The queued message may arrive with the CONNACK, in one TLS record: listen before connecting, as a client
    // resuming a session must.
    reader = mqtt.connect(`mqtts://127.0.0.1:${port}`, options(id, version, session));
    const { payload } = await nextMessage(reader, 'devices/dev-c/queued');
    await reader.endAsync();
    if (payload !== `while-away-${version}`) throw new Error(`got ${payload}`);
  },
};

const noMessage = (client, topic, ms) => nextMessage(client, topic, ms).then(
  ({ payload }) => { throw new Error(`unexpected ${payload} on ${topic}`); }, () => undefined);

// MQTT 5 only: the will waits for its delay, and a reconnect to the session within it cancels it.
const mqtt5Scenarios = {
  async willDelay() {
    const reader = await connect('reader-wd', 5);
    await reader.subscribeAsync('devices/dev-b/late', { qos: 1 });
    const device = await connect('dev-b', 5, { clean: false, properties: { sessionExpiryInterval: 30 },
      will: { topic: 'devices/dev-b/late', payload: 'late', qos: 1, properties: { willDelayInterval: 2 } } });
    device.stream.destroy();
    await noMessage(reader, 'devices/dev-b/late', 1000);
    const { payload } = await nextMessage(reader, 'devices/dev-b/late', 4000);
    await reader.endAsync();
    if (payload !== 'late') throw new Error(`got ${payload}`);
  },
  async willDelayCancelledByReconnect() {
    const reader = await connect('reader-wc', 5);
    await reader.subscribeAsync('devices/dev-b/cancelled', { qos: 1 });
    const session = { clean: false, properties: { sessionExpiryInterval: 30 } };
    const device = await connect('dev-b', 5, { ...session,
      will: { topic: 'devices/dev-b/cancelled', payload: 'gone', qos: 1, properties: { willDelayInterval: 2 } } });
    device.stream.destroy();
    const back = await connect('dev-b', 5, session);
    await noMessage(reader, 'devices/dev-b/cancelled', 3500);
    await Promise.all([reader.endAsync(), back.endAsync()]);
  },
};

// Waits for the CONNACK of a client connecting with `options` and returns [client, connack].
function connectWithConnAck(thing, version, extra) {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(`mqtts://127.0.0.1:${port}`, options(thing, version, extra));
    client.once('connect', (connack) => resolve([client, connack]));
    client.once('error', reject);
  });
}

// MQTT 5 completeness: subscription identifiers, DISCONNECT session expiry, outbound topic aliases, Server Keep
// Alive, assigned client identifiers, and request/response between two client IDs of one certificate (No Local).
const completenessScenarios = {
  async subscriptionIdentifiers() {
    const reader = await connect('reader-jsi', 5);
    await reader.subscribeAsync('devices/dev-a/#', { qos: 1, properties: { subscriptionIdentifier: 5 } });
    await reader.subscribeAsync('devices/dev-a/+/temp', { qos: 1, properties: { subscriptionIdentifier: 6 } });
    const both = nextMessage(reader, 'devices/dev-a/hall/temp');
    const device = await connect('dev-a', 5);
    await device.publishAsync('devices/dev-a/hall/temp', '21', { qos: 1 });
    const { packet } = await both;
    const one = nextMessage(reader, 'devices/dev-a/door');
    await device.publishAsync('devices/dev-a/door', 'open', { qos: 1 });
    const { packet: single } = await one;
    await Promise.all([reader.endAsync(), device.endAsync()]);
    const ids = [].concat(packet.properties?.subscriptionIdentifier ?? []).sort();
    if (JSON.stringify(ids) !== '[5,6]') throw new Error(`got identifiers ${JSON.stringify(ids)}`);
    if (single.properties?.subscriptionIdentifier !== 5) {
      throw new Error(`got ${JSON.stringify(single.properties?.subscriptionIdentifier)} for one match`);
    }
  },
  async disconnectSessionExpiry() {
    const session = { clean: false, properties: { sessionExpiryInterval: 300 } };
    const reader = await connect('reader-jde', 5, session);
    await reader.subscribeAsync('devices/dev-a/#', { qos: 1 });
    await reader.endAsync(false, { reasonCode: 0, properties: { sessionExpiryInterval: 0 } });
    const [again, connack] = await connectWithConnAck('reader-jde', 5, session);
    await again.endAsync(false, { reasonCode: 0, properties: { sessionExpiryInterval: 0 } });
    if (connack.sessionPresent) throw new Error('the session outlived a DISCONNECT with session expiry 0');
  },
  async outboundTopicAliases() {
    const reader = await connect('reader-jta', 5, { properties: { topicAliasMaximum: 2 } });
    // A topic of its own: retained messages of earlier scenarios under devices/dev-a/ must not arrive first.
    await reader.subscribeAsync('devices/dev-a/alias/#', { qos: 1 });
    const received = [];
    let aliased = 0;
    const done = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`got only ${received.length} messages`)), 5000);
      reader.on('message', (topic, payload, packet) => {
        received.push(`${topic}=${payload}`);
        if (packet.properties?.topicAlias) aliased++;
        if (received.length === 9) { clearTimeout(timer); resolve(); }
      });
    });
    const device = await connect('dev-a', 5);
    const expected = [];
    for (let i = 0; i < 9; i++) {
      expected.push(`devices/dev-a/alias/a${i % 3}=m${i}`);
      await device.publishAsync(`devices/dev-a/alias/a${i % 3}`, `m${i}`, { qos: 1 });
    }
    await done;
    await Promise.all([reader.endAsync(), device.endAsync()]);
    if (JSON.stringify(received) !== JSON.stringify(expected)) throw new Error(`got ${received}`);
    if (aliased === 0) throw new Error('no PUBLISH carried a topic alias');
  },
  async serverKeepAlive() {
    const [short, connack] = await connectWithConnAck('dev-a', 5, { keepalive: 5 });
    await short.endAsync();
    if (connack.properties?.serverKeepAlive !== 30) {
      throw new Error(`Server Keep Alive ${connack.properties?.serverKeepAlive} for a 5 s request`);
    }
    const [usual, usualAck] = await connectWithConnAck('dev-a', 5, { keepalive: 60 });
    await usual.endAsync();
    if (usualAck.properties?.serverKeepAlive !== undefined) throw new Error('Server Keep Alive for an accepted value');
  },
  async assignedClientIdentifier() {
    const [client, connack] = await connectWithConnAck('dev-a', 5, { clientId: '', clean: true });
    await client.endAsync();
    if (connack.properties?.assignedClientIdentifier !== 'dev-a') {
      throw new Error(`assigned ${connack.properties?.assignedClientIdentifier}`);
    }
  },
  async requestResponseOneCertificateNoLocal() {
    const requester = await connect('rig-rr', 5, { clientId: 'rig-rr-js-requester' });
    const responder = await connect('rig-rr', 5, { clientId: 'rig-rr-js-responder' });
    await requester.subscribeAsync('devices/rig-rr/#', { qos: 1, nl: true });
    await responder.subscribeAsync('devices/rig-rr/#', { qos: 1, nl: true });
    const ownRequest = noMessage(requester, 'devices/rig-rr/js-request', 700);
    const request = nextMessage(responder, 'devices/rig-rr/js-request');
    await requester.publishAsync('devices/rig-rr/js-request', 'ping', { qos: 1,
      properties: { responseTopic: 'devices/rig-rr/js-response', correlationData: Buffer.from('c-7') } });
    const { packet } = await request;
    const ownResponse = noMessage(responder, 'devices/rig-rr/js-response', 700);
    const response = nextMessage(requester, 'devices/rig-rr/js-response');
    await responder.publishAsync(packet.properties.responseTopic, 'pong', { qos: 1,
      properties: { correlationData: packet.properties.correlationData } });
    const { payload, packet: answer } = await response;
    await Promise.all([ownRequest, ownResponse]);
    await Promise.all([requester.endAsync(), responder.endAsync()]);
    if (payload !== 'pong' || answer.properties?.correlationData?.toString() !== 'c-7') {
      throw new Error(`got ${payload} with ${answer.properties?.correlationData}`);
    }
  },
};

let failed = 0;
for (const version of [4, 5]) {
  for (const [name, run] of Object.entries(version === 5 ? { ...scenarios, ...mqtt5Scenarios,
    ...completenessScenarios } : scenarios)) {
    try {
      await run(version);
      console.log(`PASS ${name} v${version}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name} v${version}: ${e.message}`);
    }
  }
}
process.exit(failed === 0 ? 0 : 1);

/**
 * Benchmark scenarios against real Parley nodes on loopback: cross-node versus same-node delivery latency, how
 * fast a dead node's sessions leave the directory, writes during a shard move, room fan-out (against a bare
 * Payara endpoint, mosquitto and ejabberd in the same run), 1:1 durable throughput, memory per logged-in
 * session, and a soak (heap after GC over 30 minutes of mixed traffic and reconnects). Results are medians over
 * several runs, since the machine is shared and noisy; docs/benchmarks.md records them.
 *
 * <p>The fan-out, session and soak benchmarks simulate thousands of clients with a load generator of their own:
 * one selector thread ({@link org.parley.bench.NioLoop}) runs every socket, with a minimal RFC 6455 client
 * ({@link org.parley.bench.WsClient}), a minimal MQTT 3.1.1 client ({@link org.parley.bench.MqttClient}), a minimal
 * XMPP client (SASL ANONYMOUS, bind, a multi-user chat room: {@link org.parley.bench.XmppClient}) and tim
 * sessions on top ({@link org.parley.bench.TimSession}) that acknowledge every push at once, as tim's clients do.
 */
package org.parley.bench;

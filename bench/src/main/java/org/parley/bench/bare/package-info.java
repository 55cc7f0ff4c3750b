/**
 * The fan-out benchmark's bare peer: a WebSocket endpoint ({@link org.parley.bench.bare.BareFanoutEndpoint},
 * {@code /fanout}) that sends every binary message it gets to every open socket and does nothing else. It is not
 * part of Parley: {@code FanoutBenchmark} packs its class file into a WAR at run time ({@code bare.war}, context
 * root {@code /bare}), with Parley's own container listeners copied from parley-node.war (the WebSocket idle
 * timeout off, the idle timers off Payara's managed scheduled executor) unless {@code fanout.bare=naive}, and
 * deploys it to the same Payara Micro node as Parley, so both go through the same Grizzly/Tyrus stack, settings and
 * thread pools, and the floor that stack sets on a room fan-out is measured in the same run.
 * Compiled against the WebSocket API only ({@code provided}); the benchmark JVM never loads these classes.
 */
package org.parley.bench.bare;

/**
 * The fan-out benchmark's bare peer: a WebSocket endpoint ({@link org.parley.bench.bare.BareFanoutEndpoint},
 * {@code /fanout}) that sends every binary message it gets to every open socket and does nothing else. It is not
 * part of Parley: {@code FanoutBenchmark} packs its class file into a WAR at run time ({@code bare.war}, context
 * root {@code /bare}) and deploys it to the same Payara Micro node as Parley, so both go through the same
 * Grizzly/Tyrus stack and thread pools, and the floor that stack sets on a room fan-out is measured in the same run.
 * Compiled against the WebSocket API only ({@code provided}); the benchmark JVM never loads these classes.
 */
package org.parley.bench.bare;

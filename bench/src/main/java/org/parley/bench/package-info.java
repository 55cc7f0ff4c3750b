/**
 * Benchmark scenarios against real Parley nodes on loopback: cross-node versus same-node delivery latency, how
 * fast a dead node's sessions leave the directory, and room fan-out. Results are medians over several runs, since
 * the machine is shared and noisy; docs/benchmarks.md records them.
 */
package org.parley.bench;

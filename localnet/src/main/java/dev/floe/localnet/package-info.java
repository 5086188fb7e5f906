/**
 * A Floe network on one machine ({@code ./floe localnet up}): {@link dev.floe.localnet.LocalNetwork}
 * starts anvil ({@link dev.floe.localnet.AnvilProcess}), deploys and funds ({@code
 * LocalnetBootstrap}), registers and stakes the nodes, writes their YAML configs, starts each node and
 * the daemon as its own process ({@link dev.floe.localnet.ProcessLauncher}, {@link
 * dev.floe.localnet.PidFile}) and drives epochs ({@link dev.floe.localnet.EpochDriver}). All state lives
 * in one directory ({@link dev.floe.localnet.LocalnetLayout}, {@link dev.floe.localnet.LocalnetState}).
 * {@link dev.floe.localnet.LocalnetBenchmark} measures store/read throughput on it.
 */
package dev.floe.localnet;

/**
 * The {@link dev.floe.controlplane.ControlPlane} on an EVM chain over web3j 5 and the Floe
 * contracts; the only package that touches web3j or the generated wrappers.
 *
 * <pre>{@code
 * Deployment deployment = Deployment.load(Path.of("deployment.json"));
 * EvmAccount account = Keystores.loadAccount(keyFile, Keystores.readPassword(Optional.of(passwordFile)));
 * try (ControlPlane chain = EvmControlPlane.connect(EvmConfig.forUrl(rpcUrl), deployment, account)) {
 *   EpochState state = chain.epochState().join();
 *   EventStream events = chain.subscribe(deployment.startCursor(), EventStreamOptions.withConfirmations(0), handler);
 * }
 * }</pre>
 *
 * <p>{@link dev.floe.controlplane.evm.Deployer} deploys a new system; {@link
 * dev.floe.controlplane.evm.Keystores} reads and writes encrypted keys (accounts and node protocol
 * keys); {@link dev.floe.controlplane.evm.EvmAccount#devAccount(int)} gives anvil's public
 * development keys for local chains.
 *
 * <p>Transactions ({@code TransactionSender}): nonces are assigned in call order under a lock, gas
 * is estimated (refusals decoded into typed exceptions), receipts are polled, and a transaction
 * without a receipt after {@link dev.floe.controlplane.evm.EvmConfig#feeBumpAfter()} is replaced
 * for the same nonce with fees raised by {@link dev.floe.controlplane.evm.EvmConfig#feeBumpPercent()}
 * within {@link dev.floe.controlplane.evm.EvmConfig#feeCap()}; whichever version is mined completes
 * the call.
 */
package dev.floe.controlplane.evm;

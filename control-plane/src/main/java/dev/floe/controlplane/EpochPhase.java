package dev.floe.controlplane;

/**
 * Where the epoch state machine stands (walrus-protocol.md §5.5):
 *
 * <pre>
 *   EPOCH_CHANGE_DONE --votingEnd (after start + duration/2)--&gt; NEXT_PARAMS_SELECTED
 *   NEXT_PARAMS_SELECTED --initiateEpochChange (after start + duration)--&gt; EPOCH_CHANGE_SYNC (epoch + 1)
 *   EPOCH_CHANGE_SYNC --epochSyncDone by a quorum of the new committee's shards--&gt; EPOCH_CHANGE_DONE
 * </pre>
 */
public enum EpochPhase {
  /** Nodes are moving shards to the new committee. Contract code 0. */
  EPOCH_CHANGE_SYNC,
  /** The committee is settled; votes for the next epoch are open. Contract code 1. */
  EPOCH_CHANGE_DONE,
  /** The next committee is selected; waiting for the epoch to end. Contract code 2. */
  NEXT_PARAMS_SELECTED;

  /** The phase with contract code {@code code}. */
  public static EpochPhase fromCode(int code) {
    EpochPhase[] all = values();
    if (code < 0 || code >= all.length) {
      throw new IllegalArgumentException("unknown epoch phase code " + code);
    }
    return all[code];
  }
}

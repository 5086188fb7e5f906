package dev.floe.node.chain;

import dev.floe.controlplane.ActiveSetMember;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.RevertedException;
import dev.floe.controlplane.TokenAmount;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * One attempt to put a registered node into the stake-bounded active set ({@link
 * ControlPlane#joinActiveSet}), with the outcome as a value: the contract's "cannot join" reverts
 * ({@code ActiveSetFull}, {@code StakeBelowMinimum}) are expected answers, not failures. Used by the
 * node itself ({@link ActiveSetKeeper}) and by {@code floe node join-active-set}.
 */
public final class ActiveSetJoin {
  private ActiveSetJoin() {}

  /** What an attempt found or did. */
  public enum Outcome {
    /** The node is not registered. */
    NOT_REGISTERED,
    /** The node already was a member; nothing was sent. */
    ALREADY_ACTIVE,
    /** The node joined the active set (evicting the lowest-stake member if it was full). */
    JOINED,
    /** The set is full and no member has less stake than the node. */
    SET_FULL,
    /** The node's stake is below the minimum to be a member. */
    STAKE_BELOW_MINIMUM
  }

  /**
   * The outcome with the figures behind it.
   *
   * @param outcome what happened
   * @param stake the node's stake with every scheduled change (what the contract compares), when known
   * @param threshold for {@link Outcome#SET_FULL} the lowest member's stake (the node needs more);
   *     for {@link Outcome#STAKE_BELOW_MINIMUM} the minimum stake
   * @param members members of the set after the attempt
   * @param maxMembers the most members the set holds
   */
  public record Result(Outcome outcome, Optional<TokenAmount> stake, Optional<TokenAmount> threshold, int members,
      int maxMembers) {

    /** Whether the node is a member after the attempt. */
    public boolean isMember() {
      return outcome == Outcome.ALREADY_ACTIVE || outcome == Outcome.JOINED;
    }

    /** One line for people: what happened and, when the node stayed out, what it would take. */
    public String describe() {
      String s = stake.map(TokenAmount::toString).orElse("?");
      return switch (outcome) {
        case NOT_REGISTERED -> "the node is not registered; register it first ('floe node register')";
        case ALREADY_ACTIVE -> "already in the active set (stake " + s + ")";
        case JOINED -> "joined the active set (stake " + s + "; " + members + " of " + maxMembers + " places)";
        case SET_FULL -> "not enough stake to enter the active set: its " + maxMembers + " places are taken and the"
            + " lowest member has " + threshold.map(TokenAmount::toString).orElse("?") + ", this node " + s
            + "; it needs more than that";
        case STAKE_BELOW_MINIMUM -> "not enough stake to enter the active set: this node has " + s
            + ", the minimum is " + threshold.map(TokenAmount::toString).orElse("?");
      };
    }
  }

  /**
   * Tries once to put {@code nodeId} into the active set.
   *
   * @param timeoutMillis longest wait for each chain call
   * @throws ChainException when the chain cannot be read or refuses for another reason
   */
  public static Result attempt(ControlPlane controlPlane, Address nodeId, long timeoutMillis) {
    int max = controlPlane.deployment().parameters().maxActiveNodes();
    if (ControlPlaneNodeChain.await(controlPlane.node(nodeId), timeoutMillis, "read node " + nodeId).isEmpty()) {
      return new Result(Outcome.NOT_REGISTERED, Optional.empty(), Optional.empty(),
          activeSet(controlPlane, timeoutMillis).size(), max);
    }
    List<ActiveSetMember> before = activeSet(controlPlane, timeoutMillis);
    Optional<ActiveSetMember> member = memberOf(before, nodeId);
    if (member.isPresent()) {
      return new Result(Outcome.ALREADY_ACTIVE, Optional.of(member.get().stake()), Optional.empty(), before.size(),
          max);
    }
    try {
      ControlPlaneNodeChain.await(controlPlane.joinActiveSet(nodeId), timeoutMillis, "join the active set");
    } catch (ChainException e) {
      if (!(e.getCause() instanceof RevertedException r)) {
        throw e;
      }
      List<String> args = r.arguments();
      Optional<TokenAmount> stake = amount(args, 0);
      return switch (r.errorName()) {
        case "ActiveSetFull" -> new Result(Outcome.SET_FULL, stake, amount(args, 1),
            activeSet(controlPlane, timeoutMillis).size(), max);
        case "StakeBelowMinimum" -> new Result(Outcome.STAKE_BELOW_MINIMUM, stake,
            amount(args, 1).or(() -> Optional.of(controlPlane.deployment().parameters().minStake())),
            activeSet(controlPlane, timeoutMillis).size(), max);
        default -> throw e;
      };
    }
    List<ActiveSetMember> after = activeSet(controlPlane, timeoutMillis);
    return new Result(Outcome.JOINED, memberOf(after, nodeId).map(ActiveSetMember::stake), Optional.empty(),
        after.size(), max);
  }

  private static List<ActiveSetMember> activeSet(ControlPlane controlPlane, long timeoutMillis) {
    return ControlPlaneNodeChain.await(controlPlane.activeSet(), timeoutMillis, "read the active set");
  }

  private static Optional<ActiveSetMember> memberOf(List<ActiveSetMember> members, Address nodeId) {
    return members.stream().filter(m -> m.nodeId().equals(nodeId)).findFirst();
  }

  private static Optional<TokenAmount> amount(List<String> args, int index) {
    if (args.size() <= index) {
      return Optional.empty();
    }
    try {
      return Optional.of(new TokenAmount(new BigInteger(args.get(index))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}

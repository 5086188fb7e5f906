package dev.floe.controlplane;

/**
 * A member of the active set: a staked node committee selection considers. The set holds at most
 * {@link DeploymentParameters#maxActiveNodes()} nodes; a node enters with stake of at least the
 * minimum, evicting the member with the lowest stake (among equal stakes the latest registered)
 * when the set is full and it has more.
 *
 * @param nodeId the node's ID
 * @param stake the node's stake with every scheduled change applied (what eviction compares)
 */
public record ActiveSetMember(Address nodeId, TokenAmount stake) {

  public ActiveSetMember {
    if (nodeId == null || stake == null) {
      throw new IllegalArgumentException("active-set member needs a node ID and a stake");
    }
  }
}

package dev.floe.controlplane.evm;

import dev.floe.contracts.generated.FloeStaking;
import dev.floe.contracts.generated.FloeSystem;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.BlobStatus;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.CommitteeMemberInfo;
import dev.floe.controlplane.NodeInfo;
import dev.floe.controlplane.NodeVotes;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.StakeInfo;
import dev.floe.controlplane.StorageResource;
import dev.floe.controlplane.TokenAmount;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.EncodingType;
import dev.floe.core.messages.Certificate;
import dev.floe.core.messages.CertificateSignature;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Maps the generated wrappers' structs to the chain-neutral records, and back. */
final class Conversions {
  private Conversions() {}

  static NodeInfo node(FloeStaking.NodeView v) {
    return new NodeInfo(
        Address.parse(v.nodeId), v.name, v.networkAddress, v.publicKey, Address.parse(v.protocolKeyAddress),
        v.commissionBps.intValueExact(),
        new NodeVotes(new TokenAmount(v.storagePriceVote), new TokenAmount(v.writePriceVote), v.capacityVote.longValueExact()),
        new TokenAmount(v.activeStake), new TokenAmount(v.nextEpochStake), new TokenAmount(v.commission),
        v.registeredEpoch.intValueExact(),
        v.scheduledCommissionEpoch.signum() == 0 ? Optional.empty()
            : Optional.of(new NodeInfo.CommissionChange(
                v.scheduledCommissionBps.intValueExact(), v.scheduledCommissionEpoch.intValueExact())));
  }

  /**
   * {@code value} as an ABI unsigned integer of {@code bits} bits.
   *
   * @throws IllegalArgumentException naming {@code what} when the value does not fit
   */
  static BigInteger unsigned(String what, long value, int bits) {
    BigInteger max = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    BigInteger v = BigInteger.valueOf(value);
    if (v.signum() < 0 || v.compareTo(max) > 0) {
      throw new IllegalArgumentException(what + " must be in [0, " + max + "], got " + value);
    }
    return v;
  }

  static boolean isZero(String address) {
    return Address.parse(address).isZero();
  }

  static CommitteeInfo committee(int epoch, int nShards, List<String> nodeIds, List<String> keys, List<BigInteger> owners,
      Map<Address, FloeStaking.NodeView> views) {
    List<List<Integer>> shards = new ArrayList<>();
    for (int i = 0; i < nodeIds.size(); i++) {
      shards.add(new ArrayList<>());
    }
    for (int s = 0; s < owners.size(); s++) {
      shards.get(owners.get(s).intValueExact()).add(s);
    }
    List<CommitteeMemberInfo> members = new ArrayList<>();
    for (int i = 0; i < nodeIds.size(); i++) {
      Address id = Address.parse(nodeIds.get(i));
      FloeStaking.NodeView v = views.get(id);
      members.add(new CommitteeMemberInfo(i, id, Address.parse(keys.get(i)), shards.get(i),
          v == null ? "" : v.name, v == null ? "" : v.networkAddress));
    }
    return new CommitteeInfo(epoch, nShards, members);
  }

  static StakeInfo stake(FloeStaking.StakeView v) {
    int withdrawEpoch = v.withdrawEpoch.intValueExact();
    return new StakeInfo(ObjectId.of(v.stakeId), Address.parse(v.owner), Address.parse(v.node),
        new TokenAmount(v.amount), new TokenAmount(v.principal), v.activationEpoch.intValueExact(),
        withdrawEpoch == 0 ? OptionalInt.empty() : OptionalInt.of(withdrawEpoch), v.withdrawn);
  }

  static StorageResource storage(ObjectId id, FloeSystem.StorageResource s) {
    return new StorageResource(id, Address.parse(s.owner), s.startEpoch.intValueExact(), s.endEpoch.intValueExact(),
        s.size.longValueExact(), s.inUse);
  }

  static BlobObject blob(FloeSystem.BlobView b) {
    return new BlobObject(
        ObjectId.of(b.objectId), BlobId.of(b.blobId), Address.parse(b.owner), b.size.longValueExact(),
        EncodingType.fromCode(b.encodingType.intValueExact()), b.registeredEpoch.intValueExact(),
        b.certified ? OptionalInt.of(b.certifiedEpoch.intValueExact()) : OptionalInt.empty(),
        b.endEpoch.intValueExact(), b.deletable, b.deleted, ObjectId.of(b.storageId), b.storageSize.longValueExact());
  }

  static BlobStatus status(FloeSystem.BlobStatusView v) {
    OptionalInt initial = v.hasInitialCertifiedEpoch
        ? OptionalInt.of(v.initialCertifiedEpoch.intValueExact()) : OptionalInt.empty();
    BlobStatus.DeletableCounts counts = new BlobStatus.DeletableCounts(
        v.deletableRegistered.intValueExact(), v.deletableCertified.intValueExact());
    return switch (v.kind.intValueExact()) {
      case 0 -> new BlobStatus.Nonexistent();
      case 1 -> new BlobStatus.Invalid();
      case 2 -> new BlobStatus.Permanent(v.endEpoch.intValueExact(), v.certified, initial, counts);
      case 3 -> new BlobStatus.Deletable(initial, counts);
      default -> throw new IllegalStateException("unknown blob status kind " + v.kind);
    };
  }

  /** The on-chain certificate: scheme 1 with concatenated signatures, or scheme 2 with the aggregate. */
  static FloeSystem.Certificate certificate(Certificate cert) {
    byte[] bitmap = cert.signersBitmap();
    return switch (cert.signature()) {
      case CertificateSignature.Secp256k1Signatures s -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream(65 * s.size());
        for (int i = 0; i < s.size(); i++) {
          out.writeBytes(s.signature(i));
        }
        yield new FloeSystem.Certificate(BigInteger.ONE, bitmap, cert.message(), out.toByteArray());
      }
      case CertificateSignature.BlsAggregate b ->
          new FloeSystem.Certificate(BigInteger.TWO, bitmap, cert.message(), b.bytes());
    };
  }
}

package dev.floe.core.encoding;

import dev.floe.core.errors.InvalidDataException;
import java.util.ArrayList;
import java.util.List;

/** A sink that copies every sliver, for {@link RedStuffEncoder#encode(byte[])}. */
final class CollectingSink implements SliverSink {
  private final SliverData[] primary;
  private final SliverData[] secondary;

  CollectingSink(int n) {
    primary = new SliverData[n];
    secondary = new SliverData[n];
  }

  @Override
  public void accept(SliverView sliver) {
    SliverData[] target = sliver.type() == SliverType.PRIMARY ? primary : secondary;
    target[sliver.index()] = sliver.toSliverData();
  }

  List<SliverPair> pairs(EncodingConfig config) {
    int n = config.nShards();
    List<SliverPair> pairs = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      SliverData a = primary[p];
      SliverData b = secondary[config.secondarySliverIndex(p)];
      if (a == null || b == null) {
        throw new InvalidDataException("encoder did not produce sliver pair " + p);
      }
      pairs.add(new SliverPair(p, a, b));
    }
    return pairs;
  }
}

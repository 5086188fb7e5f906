package dev.floe.cli;

/** Placeholder main; the picocli command tree is added by the CLI work. */
public final class Floe {
  private Floe() {}

  public static void main(String[] args) {
    System.out.println("floe");
  }
}

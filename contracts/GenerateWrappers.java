// Generates a web3j wrapper for every <Name>.abi/<Name>.bin pair in a folder. Run as a single-file
// source program on the toolchain JDK by the Maven build:
//   java -cp <codegen classpath> GenerateWrappers.java <solidity dir> <output dir> <package>
// Skips a contract whose wrapper is newer than its ABI and bytecode.

import java.io.File;
import java.util.Arrays;
import org.web3j.codegen.SolidityFunctionWrapperGenerator;

public final class GenerateWrappers {
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: GenerateWrappers <solidity dir> <output dir> <package>");
    }
    File in = new File(args[0]);
    File out = new File(args[1]);
    String pkg = args[2];
    File[] abis = in.listFiles((d, n) -> n.endsWith(".abi"));
    if (abis == null || abis.length == 0) {
      throw new IllegalStateException("no .abi files in " + in);
    }
    Arrays.sort(abis);
    int generated = 0;
    for (File abi : abis) {
      String name = abi.getName().substring(0, abi.getName().length() - 4);
      File bin = new File(in, name + ".bin");
      File wrapper = new File(out, pkg.replace('.', File.separatorChar) + File.separator + name + ".java");
      if (wrapper.isFile() && wrapper.lastModified() >= abi.lastModified() && wrapper.lastModified() >= bin.lastModified()) {
        continue;
      }
      new SolidityFunctionWrapperGenerator(bin, abi, out, name, pkg, true, false, 20).generate();
      generated++;
    }
    System.out.println("web3j wrappers: " + generated + " generated, " + (abis.length - generated) + " up to date");
  }
}

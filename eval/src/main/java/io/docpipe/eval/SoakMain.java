package io.docpipe.eval;

import java.nio.file.Path;

/**
 * {@code make soak}: thousands of jobs through a local stack under crashes, searches and an inference outage, then
 * checked for anything lost or done twice. Exits 0 when every check holds, 1 when one fails, 2 on a bad setting.
 * Environment: {@code SOAK_*} in {@link SoakOptions}; README's "Soak test" says what they do.
 */
public final class SoakMain {
  private SoakMain() {}

  public static void main(String[] args) throws Exception {
    Path repoRoot = Path.of(System.getProperty("docpipe.repo.root", ".")).toAbsolutePath().normalize();
    SoakOptions options;
    try {
      options = SoakOptions.fromEnv(System.getenv(), repoRoot);
    } catch (IllegalArgumentException e) {
      System.err.println("make soak: " + e.getMessage());
      System.exit(2);
      return;
    }
    SoakReport report = new Soak(options, System.out, Progress.stdoutIsTerminal()).run();
    report.write(options.out());
    System.out.println();
    System.out.print(report.summary());
    System.out.println("wrote " + options.out());
    System.exit(report.passed() ? 0 : 1); // the JDK's HTTP client pools may linger
  }
}

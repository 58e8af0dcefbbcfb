package io.docpipe.shared;

import java.util.regex.Pattern;

/** A corpus is named by its clients: lower-case, digits, '-' and '_', starting alphanumeric, at most 63 characters. */
public final class CorpusNames {
  private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}$");

  private CorpusNames() {}

  public static boolean isValid(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  public static String rule() {
    return "must match ^[a-z0-9][a-z0-9_-]{0,62}$";
  }
}

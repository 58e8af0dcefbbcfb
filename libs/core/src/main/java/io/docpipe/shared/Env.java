package io.docpipe.shared;

import java.net.URI;
import java.util.Map;

/**
 * Reads configuration from an environment map, so tests and the local stack never touch {@code System.getenv}. A
 * missing or malformed value fails fast with an error that names the variable.
 */
public final class Env {
  private final Map<String, String> vars;

  private Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  public static Env of(Map<String, String> vars) {
    return new Env(vars);
  }

  public String required(String name) {
    String value = vars.get(name);
    if (value == null || value.isBlank()) throw new IllegalArgumentException("environment variable " + name + " is required");
    return value.trim();
  }

  public String optional(String name, String fallback) {
    String value = vars.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  public int intValue(String name, int fallback, int min, int max) {
    String value = vars.get(name);
    if (value == null || value.isBlank()) return fallback;
    int parsed;
    try {
      parsed = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("environment variable " + name + " must be an integer, was '" + value + "'");
    }
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException("environment variable " + name + " must be in [" + min + ", " + max + "], was " + parsed);
    }
    return parsed;
  }

  public boolean flag(String name) {
    String value = vars.get(name);
    if (value == null || value.isBlank()) return false;
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalArgumentException("environment variable " + name + " must be true or false, was '" + value + "'");
    };
  }

  public URI uri(String name) {
    String value = required(name);
    try {
      URI uri = URI.create(value);
      if (uri.getScheme() == null || uri.getHost() == null) throw new IllegalArgumentException("no scheme or host");
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("environment variable " + name + " must be an absolute URL, was '" + value + "'");
    }
  }

  public Map<String, String> asMap() {
    return vars;
  }
}

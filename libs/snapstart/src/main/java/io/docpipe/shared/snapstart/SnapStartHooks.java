package io.docpipe.shared.snapstart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function's SnapStart hooks (CRaC, which Lambda's Java runtime drives when it publishes a version and when it
 * restores one). Before the snapshot: prime, i.e. load the classes a full invocation loads (listed per function at
 * {@code docpipe/prime/<function>.classes}) and run the primers registered, which warm code without touching real
 * resources, so a restored environment does not pay for them on its first invocation. After a restore: reseed
 * {@link Randomness}, then run the restore actions registered (anything tied to the snapshot's moment, such as a
 * connection). Neither hook ever throws: a failed primer costs speed, never the deploy or an invocation.
 *
 * <p>Outside SnapStart (a JVM without CRaC, the local stack, tests) {@code org.crac} registers nothing and the hooks
 * never run.
 */
public final class SnapStartHooks implements Resource {
  private static final Logger LOG = LoggerFactory.getLogger(SnapStartHooks.class);
  static final String CLASS_LIST = "docpipe/prime/%s.classes";

  // org.crac holds resources weakly: a hook nothing else references would be collected before the snapshot.
  private static final List<SnapStartHooks> REGISTERED = new CopyOnWriteArrayList<>();

  private final String function;
  private final ClassLoader loader;
  private final List<Runnable> primers = new CopyOnWriteArrayList<>();
  private final List<Runnable> restorers = new CopyOnWriteArrayList<>();

  SnapStartHooks(String function, ClassLoader loader) {
    this.function = function;
    this.loader = loader;
  }

  /** The hooks of {@code function}, registered with the runtime's CRaC context once per function and class loader. */
  public static synchronized SnapStartHooks of(String function) {
    ClassLoader loader = SnapStartHooks.class.getClassLoader();
    for (SnapStartHooks hooks : REGISTERED) {
      if (hooks.function.equals(function) && hooks.loader == loader) return hooks;
    }
    SnapStartHooks hooks = new SnapStartHooks(function, loader);
    REGISTERED.add(hooks);
    Core.getGlobalContext().register(hooks);
    return hooks;
  }

  /** Every function's hooks this JVM registered, in order (the local stack's tests drive them as the runtime does). */
  public static List<SnapStartHooks> registered() {
    return List.copyOf(REGISTERED);
  }

  public String function() {
    return function;
  }

  /** Runs before the snapshot; it must not touch real resources (no request to a queue, table, bucket or server). */
  public SnapStartHooks primeWith(Runnable primer) {
    primers.add(primer);
    return this;
  }

  /** Runs after a restore, once the randomness is reseeded. */
  public SnapStartHooks onRestore(Runnable restorer) {
    restorers.add(restorer);
    return this;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    Priming priming = prime();
    LOG.info("SnapStart priming of {}: {} classes loaded, {} listed classes missing, {} of {} primers failed", function,
        priming.loaded(), priming.missing(), priming.failedPrimers(), primers.size());
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    Randomness.reseed();
    for (Runnable restorer : restorers) {
      try {
        restorer.run();
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("a SnapStart restore action of {} failed: {}", function, e.toString());
      }
    }
  }

  /** What priming did. */
  record Priming(int loaded, int missing, int failedPrimers) {}

  Priming prime() {
    int loaded = 0;
    int missing = 0;
    for (String name : classList()) {
      try {
        // Loaded and linked, not initialised: a static initialiser may read the environment or open something.
        Class.forName(name, false, loader);
        loaded++;
      } catch (ClassNotFoundException | LinkageError e) {
        missing++;
      }
    }
    int failed = 0;
    for (Runnable primer : primers) {
      try {
        primer.run();
      } catch (RuntimeException | LinkageError e) {
        failed++;
        LOG.warn("a SnapStart primer of {} failed: {}", function, e.toString());
      }
    }
    return new Priming(loaded, missing, failed);
  }

  List<String> classList() {
    List<String> names = new ArrayList<>();
    try (InputStream in = loader.getResourceAsStream(String.format(CLASS_LIST, function))) {
      if (in == null) return names;
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        String name = line.strip();
        if (!name.isEmpty() && !name.startsWith("#")) names.add(name);
      }
    } catch (IOException e) {
      LOG.warn("cannot read the SnapStart class list of {}: {}", function, e.toString());
    }
    return names;
  }
}

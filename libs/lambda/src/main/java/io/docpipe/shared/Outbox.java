package io.docpipe.shared;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The messages an SQS invocation's records send to the next stage, held until every record has been processed and
 * then sent in batches (SQS takes ten at once for about the price of one): a record's messages leave only if the
 * record succeeded, and a record whose messages could not be sent is reported failed, so it comes back and sends them
 * again. Outside a record (an HTTP request, the scanner) nothing is held.
 *
 * <p>The frame opens one outbox per invocation, gives each record a {@link Slot} in its context, {@link #discard}s the
 * slot of a record that failed, and {@link #flush}es at the end; a {@link QueueSender} adds to {@link #slot()}.
 */
public final class Outbox {
  private static final ContextKey<Slot> SLOT = ContextKey.named("docpipe-outbox-slot");

  /** Sends up to ten messages to one queue; returns the positions of those it could not send. */
  public interface BatchSender {
    Set<Integer> sendBatch(String queueUrl, List<Message> messages);
  }

  /** A message as it will leave: its body and its attributes, trace context included, taken when it was sent. */
  public record Message(String body, Map<String, String> attributes) {}

  private record Target(BatchSender sender, String queueUrl) {}

  private record Pending(String recordId, Target target, Message message) {}

  private final List<Pending> pending = new ArrayList<>();

  /** The slot of the record being processed, or null outside one. */
  public static Slot slot() {
    return Context.current().get(SLOT);
  }

  /** {@code context} with a slot of this outbox for record {@code recordId}. */
  public Context slotFor(Context context, String recordId) {
    return context.with(SLOT, new Slot(this, recordId));
  }

  /** Drops what record {@code recordId} was going to send. */
  public synchronized void discard(String recordId) {
    pending.removeIf(p -> p.recordId().equals(recordId));
  }

  /** Sends everything held, in batches of ten per queue and sender; returns the records whose messages did not leave. */
  public Set<String> flush() {
    List<Pending> all;
    synchronized (this) {
      all = List.copyOf(pending);
      pending.clear();
    }
    Map<Target, List<Pending>> byTarget = new LinkedHashMap<>();
    for (Pending p : all) byTarget.computeIfAbsent(p.target(), t -> new ArrayList<>()).add(p);
    Set<String> unsent = new HashSet<>();
    byTarget.forEach((target, queue) -> {
      for (int from = 0; from < queue.size(); from += 10) {
        List<Pending> batch = queue.subList(from, Math.min(queue.size(), from + 10));
        Set<Integer> failed;
        try {
          failed = target.sender().sendBatch(target.queueUrl(), batch.stream().map(Pending::message).toList());
        } catch (RuntimeException e) {
          failed = allOf(batch.size());
        }
        for (int i : failed) unsent.add(batch.get(i).recordId());
      }
    });
    return unsent;
  }

  private static Set<Integer> allOf(int n) {
    Set<Integer> all = new HashSet<>();
    for (int i = 0; i < n; i++) all.add(i);
    return all;
  }

  /** One record's place in the outbox. */
  public static final class Slot {
    private final Outbox outbox;
    private final String recordId;

    private Slot(Outbox outbox, String recordId) {
      this.outbox = outbox;
      this.recordId = recordId;
    }

    public void add(BatchSender sender, String queueUrl, Message message) {
      synchronized (outbox) {
        outbox.pending.add(new Pending(recordId, new Target(sender, queueUrl), message));
      }
    }
  }
}

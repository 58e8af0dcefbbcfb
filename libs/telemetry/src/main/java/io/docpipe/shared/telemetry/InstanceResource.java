package io.docpipe.shared.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import java.util.UUID;

/**
 * The resource exports carry: the function's resource plus a {@code service.instance.id} that names this execution
 * environment. With SnapStart, everything built during init is copied into every environment restored from the
 * snapshot, so an id made at init would be shared by all of them and their cumulative metrics would collide. The id
 * is therefore made on the first export after the first invocation began ({@link #arm()}), which is always after
 * restore. Exports happen only when an invocation flushes (the batch processors' timers are effectively off), so in
 * practice every export carries it; one made before arming goes out without the id rather than with a shared one.
 */
final class InstanceResource {
  static final AttributeKey<String> SERVICE_INSTANCE_ID = AttributeKey.stringKey("service.instance.id");

  private final Resource base;
  private volatile boolean armed;
  private volatile Resource stamped;

  InstanceResource(Resource base) {
    this.base = base;
  }

  Resource base() {
    return base;
  }

  void arm() {
    armed = true;
  }

  Resource get() {
    if (!armed) return base;
    Resource r = stamped;
    if (r == null) {
      synchronized (this) {
        r = stamped;
        if (r == null) {
          stamped = r = base.merge(Resource.create(Attributes.of(SERVICE_INSTANCE_ID, UUID.randomUUID().toString())));
        }
      }
    }
    return r;
  }
}

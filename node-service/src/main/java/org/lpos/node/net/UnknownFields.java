package org.lpos.node.net;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a decoded message carries fields this version does not know. Hashed and signed data
 * must round-trip exactly, so consensus messages with unknown fields are refused at the edge (the
 * approach of CometBFT's canonical encoding).
 *
 * <p>Every message received from a peer passes through here, so the walk visits only the
 * message-typed fields of each type (listed once per type) and reads them one by one: {@link
 * Message#getAllFields} would build a sorted map of every set field of every nested message, which
 * was a quarter of all a node allocated under load (docs/benchmarks.md).
 */
public final class UnknownFields {
  private static final Map<Descriptor, FieldDescriptor[]> MESSAGE_FIELDS = new ConcurrentHashMap<>();

  private UnknownFields() {}

  /** True if {@code message} or any message inside it has unknown fields. */
  public static boolean anyIn(Message message) {
    if (!message.getUnknownFields().isEmpty()) {
      return true;
    }
    for (FieldDescriptor field : messageFields(message.getDescriptorForType())) {
      if (field.isRepeated()) {
        int count = message.getRepeatedFieldCount(field);
        for (int i = 0; i < count; i++) {
          if (anyIn((Message) message.getRepeatedField(field, i))) {
            return true;
          }
        }
      } else if (message.hasField(field) && anyIn((Message) message.getField(field))) {
        return true;
      }
    }
    return false;
  }

  private static FieldDescriptor[] messageFields(Descriptor type) {
    return MESSAGE_FIELDS.computeIfAbsent(type, t -> t.getFields().stream()
        .filter(f -> f.getJavaType() == FieldDescriptor.JavaType.MESSAGE)
        .toArray(FieldDescriptor[]::new));
  }
}

package org.lpos.node.net;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Map;

/**
 * Whether a decoded message carries fields this version does not know. Hashed and signed data
 * must round-trip exactly, so consensus messages with unknown fields are refused at the edge (the
 * approach of CometBFT's canonical encoding).
 */
public final class UnknownFields {
  private UnknownFields() {}

  /** True if {@code message} or any message inside it has unknown fields. */
  public static boolean anyIn(Message message) {
    if (!message.getUnknownFields().asMap().isEmpty()) {
      return true;
    }
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      if (e.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (e.getKey().isRepeated()) {
        for (Object item : (List<?>) e.getValue()) {
          if (anyIn((Message) item)) {
            return true;
          }
        }
      } else if (anyIn((Message) e.getValue())) {
        return true;
      }
    }
    return false;
  }
}

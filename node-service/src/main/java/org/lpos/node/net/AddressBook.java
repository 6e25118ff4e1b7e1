package org.lpos.node.net;

import com.google.protobuf.ByteString;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where peers listen, and which keys are expected at an address. Keys are put at an address only
 * by sources that vouch for it (discovery, our own completed dials), never by an inbound Hello's
 * claim: a stranger must not be able to make us refuse the real owner of an address.
 */
final class AddressBook {
  private final Map<ByteString, String> addressOf = new ConcurrentHashMap<>();
  private final Map<String, Set<ByteString>> keysAt = new ConcurrentHashMap<>();

  /** {@code key} listens at {@code address}, vouched for (discovery, or a dial that proved it). */
  void vouch(ByteString key, String address) {
    addressOf.put(key, address);
    keysAt.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet()).add(key);
  }

  /** {@code key} said it listens at {@code address}: used to reach it, unless we know better. */
  void claimed(ByteString key, String address) {
    addressOf.putIfAbsent(key, address);
  }

  /** A dial to {@code address} reached {@code key}. */
  void reached(ByteString key, String address) {
    keysAt.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet()).add(key);
  }

  /** Where {@code key} listens, if known. */
  Optional<String> addressOf(ByteString key) {
    return Optional.ofNullable(addressOf.get(key));
  }

  /** The key vouched for at {@code address}, if exactly one (sources that disagree expect none). */
  Optional<ByteString> expectedKeyAt(String address) {
    Set<ByteString> keys = keysAt.getOrDefault(address, Set.of());
    return keys.size() == 1 ? Optional.of(keys.iterator().next()) : Optional.empty();
  }
}

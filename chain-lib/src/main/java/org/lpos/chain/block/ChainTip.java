package org.lpos.chain.block;

import com.google.protobuf.ByteString;

/** The last applied block: its height, hash, timestamp and the {@code q} that seeds the next draw. */
public record ChainTip(long height, ByteString hash, long timestampMs, ByteString q) {}

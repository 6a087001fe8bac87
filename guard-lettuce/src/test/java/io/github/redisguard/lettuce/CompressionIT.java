/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisguard.CorruptValueException;
import io.github.redisguard.DataSize;
import io.github.redisguard.GuardConfig;
import io.github.redisguard.IncompatibleWriteException;
import io.github.redisguard.KeyRule;
import io.github.redisguard.codec.Compression;
import io.github.redisguard.codec.ValueCodec;
import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisTest;
import io.lettuce.core.GetExArgs;
import io.lettuce.core.KeyValue;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Compression through a guarded Lettuce connection: round trips, what the server stores, values written before the
 * guard, corrupt values, and the partial writes a compressing rule refuses.
 */
@RedisTest
class CompressionIT {

    private static final byte[] MAGIC = {(byte) 0xFE, 'R', 'G'};

    private static GuardedConnections redis;

    @BeforeAll
    static void connect(RedisServer server) {
        redis = new GuardedConnections(
                server,
                GuardConfig.builder()
                        .defaultTtl(Duration.ofMinutes(10))
                        .rule(KeyRule.builder("blob:*")
                                .name("blob")
                                .compression(Compression.lz4(DataSize.ofBytes(64)))
                                .build())
                        .rule(KeyRule.builder("zblob:*")
                                .name("zblob")
                                .compression(Compression.zstd(DataSize.ofBytes(64)))
                                .build())
                        .build());
    }

    @AfterAll
    static void close() {
        redis.close();
    }

    @BeforeEach
    void flush() {
        redis.raw.sync().flushall();
    }

    static String json(int size) {
        StringBuilder sb = new StringBuilder("{\"items\":[");
        Random random = new Random(size);
        while (sb.length() < size) {
            sb.append("{\"sku\":\"SKU-").append(random.nextInt(1000)).append("\",\"qty\":1},");
        }
        return sb.append("{}]}").toString();
    }

    @Test
    void largeValue_isStoredCompressedWithHeader_andReadsBackIdentical() {
        String value = json(16 * 1024);
        double compressedBefore = redis.counter("redis.guard.compression.input", "rule", "blob");

        redis.guarded.sync().set("blob:a", value);
        redis.guarded.sync().set("zblob:a", value);

        for (String key : List.of("blob:a", "zblob:a")) {
            byte[] stored = redis.rawBytes.sync().get(key.getBytes(UTF_8));
            assertThat(stored.length).isLessThan(value.length() / 2);
            assertThat(Arrays.copyOf(stored, 3)).isEqualTo(MAGIC);
            assertThat(redis.guarded.sync().get(key)).isEqualTo(value);
            assertThat(redis.guarded.async().get(key).toCompletableFuture().join())
                    .isEqualTo(value);
            assertThat(redis.guarded.reactive().get(key).block()).isEqualTo(value);
        }
        assertThat(redis.counter("redis.guard.compression.input", "rule", "blob") - compressedBefore)
                .isEqualTo(value.getBytes(UTF_8).length);
    }

    @Test
    @SuppressWarnings("deprecation") // GETSET is deprecated in Lettuce, still sent by applications
    void binaryValues_roundTripByteIdentical_throughEveryReadCommand() {
        byte[] compressible = json(4096).getBytes(UTF_8);
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        var sync = redis.guardedBytes.sync();
        byte[] k1 = "blob:k1".getBytes(UTF_8);
        byte[] k2 = "blob:k2".getBytes(UTF_8);
        byte[] h = "blob:h".getBytes(UTF_8);

        sync.set(k1, compressible);
        sync.mset(Map.of(k2, random));
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        fields.put("f1".getBytes(UTF_8), compressible);
        fields.put("f2".getBytes(UTF_8), random);
        sync.hset(h, fields);

        assertThat(sync.get(k1)).isEqualTo(compressible);
        assertThat(sync.mget(k1, k2).stream().map(KeyValue::getValue).collect(Collectors.toList()))
                .containsExactly(compressible, random);
        assertThat(sync.hget(h, "f1".getBytes(UTF_8))).isEqualTo(compressible);
        assertThat(sync.hmget(h, "f1".getBytes(UTF_8), "f2".getBytes(UTF_8)).stream()
                        .map(KeyValue::getValue)
                        .collect(Collectors.toList()))
                .containsExactly(compressible, random);
        assertThat(sync.hvals(h)).containsExactlyInAnyOrder(compressible, random);
        Map<String, byte[]> all = sync.hgetall(h).entrySet().stream()
                .collect(Collectors.toMap(e -> new String(e.getKey(), UTF_8), Map.Entry::getValue));
        assertThat(all.get("f1")).isEqualTo(compressible);
        assertThat(all.get("f2")).isEqualTo(random);
        assertThat(sync.getex(k1, GetExArgs.Builder.ex(100))).isEqualTo(compressible);
        assertThat(sync.setGet(k1, random)).isEqualTo(compressible);
        assertThat(sync.getset(k1, compressible)).isEqualTo(random);
        assertThat(sync.getdel(k1)).isEqualTo(compressible);
        assertThat(redis.rawBytes.sync().hget(h, "f1".getBytes(UTF_8)).length).isLessThan(compressible.length);
    }

    @Test
    void transactionReplies_areDecoded() {
        String value = json(2048);
        var sync = redis.guarded.sync();

        sync.multi();
        sync.set("blob:t", value);
        sync.get("blob:t");
        var result = sync.exec();

        assertThat((String) result.get(1)).isEqualTo(value);
    }

    @Test
    void valuesWrittenBeforeTheGuard_readBackUnchanged() {
        String plain = json(8192);
        byte[] lookalike = new byte[200];
        new Random(3).nextBytes(lookalike);
        System.arraycopy(MAGIC, 0, lookalike, 0, 3); // starts like a header, but its header check fails
        redis.raw.sync().set("blob:old", plain);
        redis.rawBytes.sync().set("blob:lookalike".getBytes(UTF_8), lookalike);

        assertThat(redis.guarded.sync().get("blob:old")).isEqualTo(plain);
        assertThat(redis.guardedBytes.sync().get("blob:lookalike".getBytes(UTF_8)))
                .isEqualTo(lookalike);
    }

    @Test
    void plainValueThatBeginsWithHeaderBytes_writtenThroughGuard_readsBackAsItself() {
        // A value that is itself a valid encoded value (header check passes): stored escaped, read back as given.
        byte[] encoded =
                ValueCodec.defaults().encode(json(1024).getBytes(UTF_8), Compression.lz4(DataSize.ofBytes(64)));
        assertThat(ValueCodec.isEncoded(encoded)).isTrue();
        byte[] key = "plain:looks-encoded".getBytes(UTF_8);

        redis.guardedBytes.sync().set(key, encoded);

        assertThat(redis.guardedBytes.sync().get(key)).isEqualTo(encoded);
        assertThat(redis.rawBytes.sync().get(key)).isNotEqualTo(encoded); // stored escaped
    }

    @Test
    void corruptCompressedValue_raisesCorruptValueException_andTheConnectionKeepsWorking() throws Exception {
        String value = json(8192);
        redis.guarded.sync().set("blob:c", value);
        byte[] key = "blob:c".getBytes(UTF_8);
        byte[] stored = redis.rawBytes.sync().get(key);
        byte[] damaged = stored.clone();
        damaged[damaged.length / 2] ^= 0x55;
        redis.rawBytes.sync().set(key, damaged);
        redis.rawBytes.sync().set("blob:truncated".getBytes(UTF_8), Arrays.copyOf(stored, stored.length - 10));
        double corruptBefore = redis.counter("redis.guard.decoded.values", "result", "corrupt");

        assertThatThrownBy(() -> redis.guarded.sync().get("blob:c")).isInstanceOf(CorruptValueException.class);
        assertThatThrownBy(() -> redis.guarded.async().get("blob:truncated").get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(CorruptValueException.class);
        assertThat(redis.counter("redis.guard.decoded.values", "result", "corrupt"))
                .isEqualTo(2);

        redis.guarded.sync().set("blob:after", value);
        assertThat(redis.guarded.sync().get("blob:after")).isEqualTo(value);
        assertThat(redis.rawBytes.sync().get(key)).isEqualTo(damaged); // left as it is
    }

    @Test
    void partialWrites_underCompressingRule_areRefusedAndChangeNothing() {
        String value = json(1024);
        redis.guarded.sync().set("blob:p", value);
        byte[] stored = redis.rawBytes.sync().get("blob:p".getBytes(UTF_8));

        assertThatThrownBy(() -> redis.guarded.sync().append("blob:p", "tail"))
                .isInstanceOf(IncompatibleWriteException.class)
                .hasMessage("APPEND under rule 'blob' must not change part of a value, because the rule compresses"
                        + " values; write whole values (SET), or match these keys with a rule without compression");
        assertThatThrownBy(() -> redis.guarded.sync().setrange("blob:p", 20, "x"))
                .isInstanceOf(IncompatibleWriteException.class);
        assertThatThrownBy(() -> redis.guarded.sync().setbit("blob:p", 3, 1))
                .isInstanceOf(IncompatibleWriteException.class);

        assertThat(redis.rawBytes.sync().get("blob:p".getBytes(UTF_8))).isEqualTo(stored);
        // The same partial write is what would corrupt the value: unguarded, the next guarded read fails.
        redis.raw.sync().append("blob:p", "tail");
        assertThatThrownBy(() -> redis.guarded.sync().get("blob:p")).isInstanceOf(CorruptValueException.class);
    }

    @Test
    void partialWritesAndCounters_onKeysWithoutCompression_behaveExactlyAsUnguarded() {
        var g = redis.guarded.sync();
        var r = redis.raw.sync();

        assertThat(g.append("plain:g", "hello")).isEqualTo(r.append("plain:r", "hello"));
        assertThat(g.append("plain:g", " world")).isEqualTo(r.append("plain:r", " world"));
        assertThat(g.setrange("plain:g", 6, "there")).isEqualTo(r.setrange("plain:r", 6, "there"));
        assertThat(g.getrange("plain:g", 0, 4)).isEqualTo(r.getrange("plain:r", 0, 4));
        assertThat(g.strlen("plain:g")).isEqualTo(r.strlen("plain:r"));
        assertThat(g.get("plain:g")).isEqualTo(r.get("plain:r")).isEqualTo("hello there");
        assertThat(g.incr("plain:gn")).isEqualTo(r.incr("plain:rn"));
        assertThat(g.incrby("plain:gn", 41)).isEqualTo(r.incrby("plain:rn", 41)).isEqualTo(42);
        assertThat(g.incrbyfloat("plain:gn", 0.5)).isEqualTo(r.incrbyfloat("plain:rn", 0.5));
        assertThat(g.setbit("plain:gb", 7, 1)).isEqualTo(r.setbit("plain:rb", 7, 1));
        assertThat(g.getbit("plain:gb", 7)).isEqualTo(r.getbit("plain:rb", 7));
        // ...and only the guarded keys got a TTL.
        assertThat(r.pttl("plain:g")).isPositive();
        assertThat(r.pttl("plain:r")).isEqualTo(-1);
    }

    @Test
    void smallValues_belowThreshold_areStoredAsGiven() {
        redis.guarded.sync().set("blob:small", "tiny", SetArgs.Builder.ex(100));

        assertThat(redis.raw.sync().get("blob:small")).isEqualTo("tiny");
    }
}

/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.scenarios;

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
import io.github.redisguard.scenarios.AdapterUnderTest.Command;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compression through a guarded client: round trips through every read command (plain, pipelined, in a
 * transaction), what the server stores, values written before the guard, corrupt values, and the partial writes a
 * compressing rule refuses.
 */
public abstract class CompressionScenarios extends ScenarioSupport {

    private static final byte[] MAGIC = {(byte) 0xFE, 'R', 'G'};

    @Override
    protected GuardConfig config() {
        return rules();
    }

    /** A default TTL of ten minutes; {@code blob:*} compressed with LZ4 and {@code zblob:*} with Zstd from 64 bytes. */
    public static GuardConfig rules() {
        return GuardConfig.builder()
                .defaultTtl(java.time.Duration.ofMinutes(10))
                .rule(KeyRule.builder("blob:*")
                        .name("blob")
                        .compression(Compression.lz4(DataSize.ofBytes(64)))
                        .build())
                .rule(KeyRule.builder("zblob:*")
                        .name("zblob")
                        .compression(Compression.zstd(DataSize.ofBytes(64)))
                        .build())
                .build();
    }

    /** A compressible JSON-like text of about {@code size} bytes. */
    public static String json(int size) {
        StringBuilder sb = new StringBuilder("{\"items\":[");
        Random random = new Random(size);
        while (sb.length() < size) {
            sb.append("{\"sku\":\"SKU-").append(random.nextInt(1000)).append("\",\"qty\":1},");
        }
        return sb.append("{}]}").toString();
    }

    private byte[] stored(String key) {
        return (byte[]) raw().call("GET", key);
    }

    @Test
    void largeValue_isStoredCompressedWithHeader_andReadsBackIdentical() {
        String value = json(16 * 1024);
        double compressedBefore = counter("redis.guard.compression.input", "rule", "blob");

        guarded().call("SET", "blob:a", value);
        guarded().call("SET", "zblob:a", value);

        for (String key : List.of("blob:a", "zblob:a")) {
            byte[] stored = stored(key);
            assertThat(stored.length).isLessThan(value.length() / 2);
            assertThat(Arrays.copyOf(stored, 3)).isEqualTo(MAGIC);
            assertThat(Replies.text(guarded().call("GET", key))).isEqualTo(value);
            // the raw client sees what is stored
            assertThat(Replies.text(raw().call("GET", key))).isNotEqualTo(value);
        }
        assertThat(counter("redis.guard.compression.input", "rule", "blob") - compressedBefore)
                .isEqualTo(value.getBytes(UTF_8).length);
    }

    @Test
    void binaryValues_roundTripByteIdentical_throughEveryReadCommand() {
        byte[] compressible = json(4096).getBytes(UTF_8);
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        var g = guarded();

        g.call("SET", "blob:k1", compressible);
        g.call("MSET", "blob:k2", random);
        g.call("HSET", "blob:h", "f1", compressible, "f2", random);

        assertThat((byte[]) g.call("GET", "blob:k1")).isEqualTo(compressible);
        assertThat(Replies.list(g.call("MGET", "blob:k1", "blob:k2"))).containsExactly(compressible, random);
        assertThat((byte[]) g.call("HGET", "blob:h", "f1")).isEqualTo(compressible);
        assertThat(Replies.list(g.call("HMGET", "blob:h", "f1", "f2"))).containsExactly(compressible, random);
        assertThat(Replies.list(g.call("HVALS", "blob:h"))).containsExactlyInAnyOrder(compressible, random);
        Map<String, byte[]> all = Replies.map(g.call("HGETALL", "blob:h"));
        assertThat(all.get("f1")).isEqualTo(compressible);
        assertThat(all.get("f2")).isEqualTo(random);
        assertThat((byte[]) g.call("GETEX", "blob:k1", "EX", "100")).isEqualTo(compressible);
        assertThat((byte[]) g.call("SET", "blob:k1", random, "GET")).isEqualTo(compressible);
        assertThat((byte[]) g.call("GETSET", "blob:k1", compressible)).isEqualTo(random);
        assertThat((byte[]) g.call("GETDEL", "blob:k1")).isEqualTo(compressible);
        assertThat(((byte[]) raw().call("HGET", "blob:h", "f1")).length).isLessThan(compressible.length);
    }

    @Test
    void pipelinedAndTransactionReplies_areDecoded() {
        String value = json(2048);

        List<Object> piped = guarded()
                .pipelined(List.of(
                        Command.of("SET", "blob:p", value),
                        Command.of("GET", "blob:p"),
                        Command.of("HSET", "blob:ph", "f", value),
                        Command.of("HGETALL", "blob:ph")));
        List<Object> multi = guarded()
                .transaction(List.of(
                        Command.of("SET", "blob:t", value),
                        Command.of("GET", "blob:t"),
                        Command.of("MGET", "blob:t", "blob:p")));

        assertThat(Replies.text(piped.get(1))).isEqualTo(value);
        assertThat(new String(Replies.map(piped.get(3)).get("f"), UTF_8)).isEqualTo(value);
        assertThat(Replies.text(multi.get(1))).isEqualTo(value);
        assertThat(Replies.texts(multi.get(2))).containsExactly(value, value);
        assertThat(Arrays.copyOf(stored("blob:t"), 3)).isEqualTo(MAGIC);
        assertThat(pttl("blob:ph")).isPositive();
    }

    @Test
    void valuesWrittenBeforeTheGuard_readBackUnchanged() {
        String plain = json(8192);
        byte[] lookalike = new byte[200];
        new Random(3).nextBytes(lookalike);
        System.arraycopy(MAGIC, 0, lookalike, 0, 3); // starts like a header, but its header check fails
        raw().call("SET", "blob:old", plain);
        raw().call("SET", "blob:lookalike", lookalike);

        assertThat(Replies.text(guarded().call("GET", "blob:old"))).isEqualTo(plain);
        assertThat((byte[]) guarded().call("GET", "blob:lookalike")).isEqualTo(lookalike);
    }

    @Test
    void plainValueThatBeginsWithHeaderBytes_writtenThroughGuard_readsBackAsItself() {
        byte[] encoded =
                ValueCodec.defaults().encode(json(1024).getBytes(UTF_8), Compression.lz4(DataSize.ofBytes(64)));
        assertThat(ValueCodec.isEncoded(encoded)).isTrue();

        guarded().call("SET", "plain:looks-encoded", encoded);

        assertThat((byte[]) guarded().call("GET", "plain:looks-encoded")).isEqualTo(encoded);
        assertThat(stored("plain:looks-encoded")).isNotEqualTo(encoded); // stored escaped
    }

    @Test
    void corruptCompressedValue_raisesCorruptValueException_andTheClientKeepsWorking() {
        String value = json(8192);
        guarded().call("SET", "blob:c", value);
        byte[] stored = stored("blob:c");
        byte[] damaged = stored.clone();
        damaged[damaged.length / 2] ^= 0x55;
        raw().call("SET", "blob:c", damaged);
        raw().call("SET", "blob:truncated", Arrays.copyOf(stored, stored.length - 10));
        double corruptBefore = counter("redis.guard.decoded.values", "result", "corrupt");

        assertThatThrownBy(() -> guarded().call("GET", "blob:c")).isInstanceOf(CorruptValueException.class);
        assertThatThrownBy(() -> guarded().call("GET", "blob:truncated")).isInstanceOf(CorruptValueException.class);
        assertThat(counter("redis.guard.decoded.values", "result", "corrupt") - corruptBefore)
                .isEqualTo(2);

        guarded().call("SET", "blob:after", value);
        assertThat(Replies.text(guarded().call("GET", "blob:after"))).isEqualTo(value);
        assertThat(stored("blob:c")).isEqualTo(damaged); // left as it is
    }

    @Test
    void partialWrites_underCompressingRule_areRefusedAndChangeNothing() {
        String value = json(1024);
        guarded().call("SET", "blob:p", value);
        byte[] stored = stored("blob:p");

        assertThatThrownBy(() -> guarded().call("APPEND", "blob:p", "tail"))
                .isInstanceOf(IncompatibleWriteException.class)
                .hasMessage("APPEND under rule 'blob' must not change part of a value, because the rule compresses"
                        + " values; write whole values (SET), or match these keys with a rule without compression");
        assertThatThrownBy(() -> guarded().call("SETRANGE", "blob:p", "20", "x"))
                .isInstanceOf(IncompatibleWriteException.class);
        assertThatThrownBy(() -> guarded().call("SETBIT", "blob:p", "3", "1"))
                .isInstanceOf(IncompatibleWriteException.class);

        assertThat(stored("blob:p")).isEqualTo(stored);
        // The same partial write is what would corrupt the value: unguarded, the next guarded read fails.
        raw().call("APPEND", "blob:p", "tail");
        assertThatThrownBy(() -> guarded().call("GET", "blob:p")).isInstanceOf(CorruptValueException.class);
    }

    @Test
    void partialWritesAndCounters_onKeysWithoutCompression_behaveExactlyAsUnguarded() {
        var g = guarded();
        var r = raw();

        assertThat(g.call("APPEND", "plain:g", "hello")).isEqualTo(r.call("APPEND", "plain:r", "hello"));
        assertThat(g.call("APPEND", "plain:g", " world")).isEqualTo(r.call("APPEND", "plain:r", " world"));
        assertThat(g.call("SETRANGE", "plain:g", "6", "there")).isEqualTo(r.call("SETRANGE", "plain:r", "6", "there"));
        assertThat(Replies.text(g.call("GETRANGE", "plain:g", "0", "4")))
                .isEqualTo(Replies.text(r.call("GETRANGE", "plain:r", "0", "4")));
        assertThat(Replies.text(g.call("GET", "plain:g")))
                .isEqualTo(Replies.text(r.call("GET", "plain:r")))
                .isEqualTo("hello there");
        assertThat(g.call("INCR", "plain:gn")).isEqualTo(r.call("INCR", "plain:rn"));
        assertThat(g.call("INCRBY", "plain:gn", "41"))
                .isEqualTo(r.call("INCRBY", "plain:rn", "41"))
                .isEqualTo(42L);
        assertThat(Replies.text(g.call("INCRBYFLOAT", "plain:gn", "0.5")))
                .isEqualTo(Replies.text(r.call("INCRBYFLOAT", "plain:rn", "0.5")));
        assertThat(g.call("SETBIT", "plain:gb", "7", "1")).isEqualTo(r.call("SETBIT", "plain:rb", "7", "1"));
        assertThat(g.call("GETBIT", "plain:gb", "7")).isEqualTo(r.call("GETBIT", "plain:rb", "7"));
        // ...and only the guarded keys got a TTL.
        assertThat(pttl("plain:g")).isPositive();
        assertThat(pttl("plain:r")).isEqualTo(-1);
    }

    @Test
    void smallValues_belowThreshold_areStoredAsGiven() {
        guarded().call("SET", "blob:small", "tiny", "EX", "100");

        assertThat(Replies.text(raw().call("GET", "blob:small"))).isEqualTo("tiny");
    }
}

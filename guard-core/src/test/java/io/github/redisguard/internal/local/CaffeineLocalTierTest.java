/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisguard.DataSize;
import io.github.redisguard.internal.CommandCatalogue;
import io.github.redisguard.local.LocalTierConfig;
import io.github.redisguard.spi.CommandRoute;
import io.github.redisguard.spi.LoadRequest;
import io.github.redisguard.spi.LoadedValue;
import io.github.redisguard.spi.LocalLoader;
import io.github.redisguard.spi.LocalReply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The tier's arithmetic and its race closure, on a fake ticker and a loader the test completes by hand. */
class CaffeineLocalTierTest {

    private static final CommandRoute GET = CommandCatalogue.lookup("GET");

    private static final CommandRoute HGET = CommandCatalogue.lookup("HGET");

    private static final CommandRoute SET = CommandCatalogue.lookup("SET");

    private final AtomicLong ticker = new AtomicLong(1_000_000_000L);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final FakeLoader loader = new FakeLoader();

    /** Loads wait until the test completes them. */
    static final class FakeLoader implements LocalLoader {
        final List<LoadRequest> requests = new ArrayList<>();

        final List<CompletableFuture<LoadedValue>> pending = new ArrayList<>();

        @Override
        public CompletionStage<LoadedValue> load(LoadRequest request) {
            CompletableFuture<LoadedValue> future = new CompletableFuture<>();
            requests.add(request);
            pending.add(future);
            return future;
        }

        @Override
        public boolean unreachable(Throwable error) {
            return error instanceof java.io.IOException;
        }

        void reply(int index, @Nullable String value, long pttl) {
            pending.get(index).complete(LoadedValue.string(value == null ? null : bytes(value), pttl));
        }

        int loads() {
            return requests.size();
        }
    }

    private CaffeineLocalTier tier(LocalTierConfig.Builder config) {
        LocalTierConfig built = config.enabled(true).build();
        CaffeineLocalTier tier = new CaffeineLocalTier(
                "test", built, new LocalTierMetrics(registry, built.patterns()), ticker::get, b -> b);
        tier.trackingOn();
        return tier;
    }

    private static LocalTierConfig.Builder config() {
        return LocalTierConfig.builder().pattern("p:*").maxStaleness(Duration.ofMinutes(1));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private @Nullable CompletableFuture<LocalReply> get(CaffeineLocalTier tier, String key) {
        CompletionStage<LocalReply> stage = tier.read(GET, List.of(bytes(key)), loader);
        return stage == null ? null : stage.toCompletableFuture();
    }

    private static @Nullable String value(CompletableFuture<LocalReply> reply) {
        assertThat(reply).isDone();
        byte[] bulk = reply.join().bulk();
        return bulk == null ? null : new String(bulk, StandardCharsets.UTF_8);
    }

    private void advance(Duration duration) {
        ticker.addAndGet(duration.toNanos());
    }

    private double counter(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Reads the key and, if that started a load, answers it with {@code value} and {@code pttl}. */
    private @Nullable String read(CaffeineLocalTier tier, String key, String value, long pttl) {
        int loads = loader.loads();
        CompletableFuture<LocalReply> reply = get(tier, key);
        if (loader.loads() > loads) {
            loader.reply(loader.loads() - 1, value, pttl);
        }
        return value(reply);
    }

    @Test
    void expiry_isLoadStartPlusPttl_soTheRoundTripNeverExtendsIt() {
        CaffeineLocalTier tier = tier(config());
        CompletableFuture<LocalReply> first = get(tier, "p:1");
        advance(Duration.ofMillis(5)); // the round trip
        loader.reply(0, "v", 100);
        assertThat(value(first)).isEqualTo("v");

        advance(Duration.ofMillis(95).minusNanos(1)); // 1 ns before load start + 100 ms
        assertThat(read(tier, "p:1", "v2", 100)).isEqualTo("v");
        assertThat(loader.loads()).isEqualTo(1);

        advance(Duration.ofNanos(1)); // load start + 100 ms: the key may be gone on the server
        assertThat(read(tier, "p:1", "v2", 100)).isEqualTo("v2");
        assertThat(loader.loads()).isEqualTo(2);
    }

    @Test
    void expiry_maxStalenessCapsALongTtl_andAKeyWithoutTtl() {
        CaffeineLocalTier tier = tier(config().maxStaleness(Duration.ofSeconds(2)));
        assertThat(read(tier, "p:ttl", "a", Duration.ofHours(1).toMillis())).isEqualTo("a");
        assertThat(read(tier, "p:none", "b", -1)).isEqualTo("b");

        advance(Duration.ofSeconds(2).minusNanos(1));
        assertThat(read(tier, "p:ttl", "a2", -1)).isEqualTo("a");
        assertThat(read(tier, "p:none", "b2", -1)).isEqualTo("b");
        assertThat(loader.loads()).isEqualTo(2);

        advance(Duration.ofNanos(1));
        assertThat(read(tier, "p:ttl", "a2", -1)).isEqualTo("a2");
        assertThat(read(tier, "p:none", "b2", -1)).isEqualTo("b2");
        assertThat(loader.loads()).isEqualTo(4);
    }

    @Test
    void expiry_pttlZero_isNeverServedFromMemory() {
        CaffeineLocalTier tier = tier(config());
        assertThat(read(tier, "p:1", "v", 0)).isEqualTo("v");
        assertThat(read(tier, "p:1", "v", 0)).isEqualTo("v");

        assertThat(loader.loads()).isEqualTo(2);
        assertThat(counter(LocalTierMetrics.HITS)).isZero();
    }

    @Test
    void missingKey_isCachedAsAbsent_untilItsEnd() {
        CaffeineLocalTier tier = tier(config());
        assertThat(read(tier, "p:1", null, -2)).isNull();
        assertThat(read(tier, "p:1", "now there", -1)).isNull();

        assertThat(loader.loads()).isEqualTo(1);
    }

    @Test
    void byteBound_keepsTheWeightOfKeysAndValuesWithinIt() {
        CaffeineLocalTier tier = tier(config().maximumEntries(null).maximumWeight(DataSize.ofKilobytes(1)));
        String value = "x".repeat(300);
        for (int i = 0; i < 10; i++) {
            read(tier, "p:" + i, value, -1);
        }

        // Each entry weighs 3 bytes of key + 300 of value + the fixed overhead: at most two fit in 1 KB.
        assertThat(tier.weight()).isLessThanOrEqualTo(1024).isPositive();
        assertThat(tier.size()).isBetween(1L, 2L);
        assertThat(counter(LocalTierMetrics.EVICTIONS, "cause", "size")).isGreaterThanOrEqualTo(8);
    }

    @Test
    void bothBounds_bothHold() {
        CaffeineLocalTier tier = tier(config().maximumEntries(3L).maximumWeight(DataSize.ofMegabytes(1)));
        for (int i = 0; i < 20; i++) {
            read(tier, "p:" + i, "tiny", -1);
        }

        assertThat(tier.size()).isLessThanOrEqualTo(3);
        assertThat(tier.weight()).isLessThanOrEqualTo(DataSize.ofMegabytes(1).toBytes());
    }

    @Test
    void concurrentReadersOfAMissingKey_shareOneLoad() {
        CaffeineLocalTier tier = tier(config());
        List<CompletableFuture<LocalReply>> replies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            replies.add(get(tier, "p:hot"));
        }

        assertThat(loader.loads()).isEqualTo(1);
        loader.reply(0, "v", -1);
        assertThat(replies).allSatisfy(reply -> assertThat(value(reply)).isEqualTo("v"));
        assertThat(counter(LocalTierMetrics.LOADS, "result", "success")).isEqualTo(1);
    }

    @Test
    void loadRequestedBeforeAServerInvalidation_neverInstallsTheOldValue() {
        CaffeineLocalTier tier = tier(config());
        CompletableFuture<LocalReply> before = get(tier, "p:1");

        tier.invalidate(List.of(bytes("p:1"))); // the push arrives while the load's reply is on its way
        loader.reply(0, "old", -1);

        assertThat(value(before)).as("the reader that asked before the push").isEqualTo("old");
        CompletableFuture<LocalReply> after = get(tier, "p:1");
        assertThat(loader.loads()).as("the next read loads again").isEqualTo(2);
        loader.reply(1, "new", -1);
        assertThat(value(after)).isEqualTo("new");
        assertThat(read(tier, "p:1", "newer", -1)).isEqualTo("new");
    }

    @Test
    void ownWriteDuringALoad_keepsItsResultOutOfTheTier() {
        CaffeineLocalTier tier = tier(config());
        CompletableFuture<LocalReply> reading = get(tier, "p:1");

        tier.invalidate(SET, List.of(bytes("p:1"), bytes("v2"))); // the write completes while the load is out
        loader.reply(0, "v1", -1);

        assertThat(value(reading)).isEqualTo("v1");
        assertThat(read(tier, "p:1", "v2", -1)).isEqualTo("v2");
        assertThat(loader.loads()).isEqualTo(2);
        assertThat(counter(LocalTierMetrics.INVALIDATIONS, "source", "own")).isEqualTo(1);
    }

    @Test
    void flushPush_dropsEverything_andLoadsUnderWayStayOut() {
        CaffeineLocalTier tier = tier(config());
        read(tier, "p:1", "a", -1);
        CompletableFuture<LocalReply> out = get(tier, "p:2");

        tier.invalidate((List<byte[]>) null);
        loader.reply(1, "b", -1);

        assertThat(value(out)).isEqualTo("b");
        assertThat(read(tier, "p:1", "a2", -1)).isEqualTo("a2");
        assertThat(read(tier, "p:2", "b2", -1)).isEqualTo("b2");
        assertThat(counter(LocalTierMetrics.INVALIDATIONS, "source", "flush")).isEqualTo(1);
    }

    @Test
    void trackingLost_sendsReadsToRedis_untilTrackingIsBack_andFlushesOnBoth() {
        CaffeineLocalTier tier = tier(config());
        read(tier, "p:1", "a", -1);

        tier.trackingLost();
        assertThat(get(tier, "p:1"))
                .as("no tier while changes may go unreported")
                .isNull();
        CompletableFuture<LocalReply> during = null;

        tier.trackingOn();
        during = get(tier, "p:1");
        assertThat(loader.loads()).as("the entry from before the loss is gone").isEqualTo(2);
        loader.reply(1, "b", -1);
        assertThat(value(during)).isEqualTo("b");
        assertThat(read(tier, "p:1", "c", -1)).isEqualTo("b");
    }

    @Test
    void loadStartedBeforeTrackingCameBack_isNotInstalled() {
        CaffeineLocalTier tier = tier(config());
        CompletableFuture<LocalReply> reading = get(tier, "p:1");
        tier.trackingLost();
        tier.trackingOn();
        loader.reply(0, "from the gap", -1);

        assertThat(value(reading)).isEqualTo("from the gap");
        assertThat(read(tier, "p:1", "fresh", -1)).isEqualTo("fresh");
    }

    @Test
    void untracked_servesWithBoundedStalenessOnly() {
        CaffeineLocalTier tier = tier(config().maxStaleness(Duration.ofSeconds(1)));
        tier.trackingUnavailable("test");
        assertThat(read(tier, "p:1", "a", -1)).isEqualTo("a");
        assertThat(read(tier, "p:1", "b", -1)).isEqualTo("a");

        advance(Duration.ofSeconds(1));
        assertThat(read(tier, "p:1", "b", -1)).isEqualTo("b");
    }

    @Test
    void staleIfError_servesAnExpiredEntryWhileRedisIsUnreachable_upToTheExtraAge() {
        CaffeineLocalTier tier = tier(config().staleIfError(Duration.ofSeconds(10)));
        assertThat(read(tier, "p:1", "a", 100)).isEqualTo("a");
        advance(Duration.ofMillis(200));

        CompletableFuture<LocalReply> down = get(tier, "p:1");
        loader.pending.get(1).completeExceptionally(new java.io.IOException("connection refused"));
        assertThat(value(down)).isEqualTo("a");
        assertThat(counter(LocalTierMetrics.STALE)).isEqualTo(1);

        advance(Duration.ofSeconds(10)); // now past 100 ms + 10 s
        CompletableFuture<LocalReply> tooOld = get(tier, "p:1");
        loader.pending.get(2).completeExceptionally(new java.io.IOException("connection refused"));
        assertThatThrownBy(tooOld::join).isInstanceOf(CompletionException.class);
    }

    @Test
    void staleIfError_neverServesAnErrorReply_norAnInvalidatedEntry() {
        CaffeineLocalTier tier = tier(config().staleIfError(Duration.ofSeconds(10)));
        read(tier, "p:1", "a", 100);
        advance(Duration.ofMillis(200));
        CompletableFuture<LocalReply> wrongType = get(tier, "p:1");
        loader.pending.get(1).completeExceptionally(new IllegalStateException("WRONGTYPE"));
        assertThatThrownBy(wrongType::join).hasCauseInstanceOf(IllegalStateException.class);

        read(tier, "p:2", "b", 100);
        advance(Duration.ofMillis(200));
        tier.invalidate(List.of(bytes("p:2")));
        CompletableFuture<LocalReply> changed = get(tier, "p:2");
        loader.pending.get(loader.loads() - 1).completeExceptionally(new java.io.IOException("down"));
        assertThatThrownBy(changed::join).hasCauseInstanceOf(java.io.IOException.class);
        assertThat(counter(LocalTierMetrics.STALE)).isZero();
    }

    @Test
    void keysOutsideThePatterns_andOtherCommands_areNotServed() {
        CaffeineLocalTier tier = tier(config());

        assertThat(get(tier, "q:1")).isNull();
        assertThat(tier.read(SET, List.of(bytes("p:1"), bytes("v")), loader)).isNull();
        assertThat(tier.inspects(CommandCatalogue.lookup("EXISTS"))).isFalse();
        assertThat(tier.inspects(SET)).isTrue();
        assertThat(tier.inspects(HGET)).isTrue();
        assertThat(loader.loads()).isZero();
    }

    @Test
    void aHashEntry_answersHget_andAStringReadOfItGoesToRedis() {
        CaffeineLocalTier tier = tier(config());
        CompletionStage<LocalReply> first = tier.read(HGET, List.of(bytes("p:h"), bytes("f")), loader);
        assertThat(loader.requests.get(0).hash()).isTrue();
        loader.pending.get(0).complete(LoadedValue.hash(List.of(bytes("f"), bytes("1"), bytes("g"), bytes("2")), -1));
        assertThat(first.toCompletableFuture().join().bulk()).isEqualTo(bytes("1"));

        CompletionStage<LocalReply> g = tier.read(HGET, List.of(bytes("p:h"), bytes("g")), loader);
        assertThat(g.toCompletableFuture().join().bulk()).isEqualTo(bytes("2"));
        assertThat(get(tier, "p:h"))
                .as("GET of a hash: Redis answers WRONGTYPE")
                .isNull();
        assertThat(loader.loads()).isEqualTo(1);
        assertThat(TimeUnit.NANOSECONDS.toMillis(ticker.get())).isPositive();
    }
}

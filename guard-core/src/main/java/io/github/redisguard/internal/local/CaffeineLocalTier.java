/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal.local;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.github.redisguard.internal.CommandSpec;
import io.github.redisguard.local.LocalTierConfig;
import io.github.redisguard.spi.CommandRoute;
import io.github.redisguard.spi.Invalidations;
import io.github.redisguard.spi.LoadRequest;
import io.github.redisguard.spi.LoadedValue;
import io.github.redisguard.spi.LocalLoader;
import io.github.redisguard.spi.LocalReply;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * One server's local tier.
 *
 * Entries: a Caffeine AsyncCache from key to a future entry, so concurrent readers of a missing key share one load
 * (the future is in the map while the load runs). An entry holds the decoded value (string, hash, or "no such key")
 * and its deadline: load start + min(PTTL, maxStaleness), on the injected ticker. The load start is taken before the
 * load is sent, so the deadline is never after the key's real end on the server. Caffeine's variable expiry drops
 * the entry at deadline + staleIfError; reads check the deadline themselves, so nothing is served fresh after it.
 *
 * Invalidation and the read/invalidate race: every invalidation draws a number from one sequence and records it in
 * the key's stripe (or, for a flush, in a flush mark); every load takes the sequence's value before it is sent. A
 * load whose key saw an invalidation after that (stripe or flush mark above its number) is handed to the readers
 * waiting for it but never installed; and an invalidation removes the future from the map, so a load completing
 * later cannot install either (Caffeine installs a completed future only if it is still the one mapped).
 *
 * Tracking state: CONNECTING until the tracking connection reports; TRACKING serves fresh entries; LOST (tracking
 * connection down) sends reads to Redis (served from memory only as stale-if-error); UNTRACKED (the server cannot
 * track) serves with bounded staleness only.
 */
public final class CaffeineLocalTier implements Invalidations {

    static final byte[] STRING_SCRIPT = ("local v = redis.pcall('GET', KEYS[1]) "
                    + "if type(v) == 'table' and v.err then return v end "
                    + "return {v, redis.call('PTTL', KEYS[1])}")
            .getBytes(StandardCharsets.UTF_8);

    static final byte[] HASH_SCRIPT = ("local v = redis.pcall('HGETALL', KEYS[1]) "
                    + "if v.err then return v end "
                    + "return {v, redis.call('PTTL', KEYS[1])}")
            .getBytes(StandardCharsets.UTF_8);

    private static final Logger LOG = LoggerFactory.getLogger(CaffeineLocalTier.class);

    private static final int STRIPES = 4096;

    /** Bytes an entry weighs beyond its key and values: object headers, the map node. */
    static final int ENTRY_OVERHEAD = 64;

    enum Mode {
        CONNECTING,
        TRACKING,
        LOST,
        UNTRACKED,
        CLOSED
    }

    private final String node;

    private final byte[][] prefixes;

    private final LocalTierMetrics metrics;

    private final LongSupplier ticker;

    private final Function<byte[], byte[]> decode;

    private final long maxStalenessNanos;

    private final long staleIfErrorNanos;

    private final AsyncCache<Key, Entry> cache;

    private final AtomicLong sequence = new AtomicLong();

    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);

    /** FLUSHDB, FLUSHALL, SWAPDB: nothing loaded before is served, not even stale. */
    private final AtomicLong hardFlush = new AtomicLong();

    /** Tracking lost or re-established: nothing loaded before is served fresh. */
    private final AtomicLong softFlush = new AtomicLong();

    private volatile Mode mode = Mode.CONNECTING;

    private volatile boolean warned;

    /**
     * @param node the server, for logs and the Caffeine meters' {@code node} tag
     * @param ticker nanoTime source shared with Caffeine
     * @param decode the codec: stored value to the value it stands for
     */
    public CaffeineLocalTier(
            String node,
            LocalTierConfig config,
            LocalTierMetrics metrics,
            LongSupplier ticker,
            Function<byte[], byte[]> decode) {
        this.node = node;
        List<String> list = config.prefixes();
        this.prefixes = new byte[list.size()][];
        for (int i = 0; i < prefixes.length; i++) {
            prefixes[i] = list.get(i).getBytes(StandardCharsets.UTF_8);
        }
        this.metrics = metrics;
        this.ticker = ticker;
        this.decode = decode;
        this.maxStalenessNanos = saturatedNanos(config.maxStaleness());
        this.staleIfErrorNanos = saturatedNanos(config.staleIfError());
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .ticker(ticker::getAsLong)
                .executor(Runnable::run)
                .recordStats();
        long entries = config.maximumEntries().orElse(-1);
        long weight = config.maximumWeight().map(w -> w.toBytes()).orElse(-1L);
        Caffeine<Key, Entry> typed;
        if (weight < 0) {
            typed = builder.maximumSize(entries).expireAfter(new EntryExpiry());
        } else {
            // With both bounds, an entry weighs at least weight/entries: then the weights' sum within the byte bound
            // also keeps the count within the entry bound.
            long floor = entries < 0 ? 0 : (weight + entries - 1) / entries;
            typed = builder.maximumWeight(weight)
                    .weigher((Key k, Entry e) -> (int) Math.min(Integer.MAX_VALUE, Math.max(floor, e.weight)))
                    .expireAfter(new EntryExpiry());
        }
        this.cache = typed.<Key, Entry>evictionListener((k, e, cause) -> evicted(k, cause))
                .buildAsync();
        try {
            CaffeineCacheMetrics.monitor(metrics.registry(), cache, "redis.guard.local", Tags.of("node", node));
        } catch (RuntimeException e) {
            LOG.warn("Could not bind the local tier's Caffeine statistics to Micrometer; going on without them", e);
        }
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    // ---------------------------------------------------------------------------------------------------------- reads

    /** Returns whether the tier needs the command's arguments. */
    public boolean inspects(CommandRoute route) {
        switch (route.name()) {
            case "GET":
            case "MGET":
            case "HGET":
            case "HGETALL":
                return true;
            default:
                return !(route instanceof CommandSpec) || ((CommandSpec) route).kind() != CommandSpec.Kind.READ;
        }
    }

    /** See {@link io.github.redisguard.spi.LocalTier#read}. */
    public @Nullable CompletionStage<LocalReply> read(CommandRoute route, List<byte[]> arguments, LocalLoader loader) {
        Mode m = mode;
        if (m == Mode.CONNECTING || m == Mode.CLOSED || (m == Mode.LOST && staleIfErrorNanos == 0)) {
            return null;
        }
        switch (route.name()) {
            case "GET": {
                Key key = arguments.size() == 1 ? key(arguments.get(0)) : null;
                CompletableFuture<Entry> entry = key == null ? null : entry(key, false, loader, m);
                return entry == null ? null : entry.thenApply(e -> LocalReply.bulk(e.value));
            }
            case "HGET": {
                Key key = arguments.size() == 2 ? key(arguments.get(0)) : null;
                CompletableFuture<Entry> entry = key == null ? null : entry(key, true, loader, m);
                byte[] field = arguments.size() == 2 ? arguments.get(1) : null;
                return entry == null || field == null ? null : entry.thenApply(e -> LocalReply.bulk(e.field(field)));
            }
            case "HGETALL": {
                Key key = arguments.size() == 1 ? key(arguments.get(0)) : null;
                CompletableFuture<Entry> entry = key == null ? null : entry(key, true, loader, m);
                return entry == null ? null : entry.thenApply(e -> LocalReply.array(new ArrayList<>(e.flat())));
            }
            case "MGET":
                return mget(arguments, loader, m);
            default:
                return null;
        }
    }

    private @Nullable CompletionStage<LocalReply> mget(List<byte[]> arguments, LocalLoader loader, Mode m) {
        if (arguments.isEmpty()) {
            return null;
        }
        Key[] keys = new Key[arguments.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key(arguments.get(i));
            if (keys[i] == null) {
                return null; // a key outside the tier: Redis answers the whole MGET
            }
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        CompletableFuture<Entry>[] entries = new CompletableFuture[keys.length];
        for (int i = 0; i < keys.length; i++) {
            entries[i] = entry(keys[i], false, loader, m);
            if (entries[i] == null) {
                return null;
            }
        }
        return CompletableFuture.allOf(entries).thenApply(ignored -> {
            List<byte @Nullable []> values = new ArrayList<>(entries.length);
            for (CompletableFuture<Entry> entry : entries) {
                values.add(entry.join().value);
            }
            return LocalReply.array(values);
        });
    }

    /** Returns the key if it is under one of the tier's prefixes, else null. */
    @Nullable
    Key key(byte[] bytes) {
        for (int i = 0; i < prefixes.length; i++) {
            byte[] prefix = prefixes[i];
            if (bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length)) {
                return new Key(bytes, i);
            }
        }
        return null;
    }

    /**
     * Returns the future entry for a key: fresh from memory, a load under way, or a new load; null when the tier
     * cannot answer this read (the key holds another type than the command reads).
     */
    private @Nullable CompletableFuture<Entry> entry(Key key, boolean hash, LocalLoader loader, Mode m) {
        long now = ticker.getAsLong();
        CompletableFuture<Entry> present = cache.getIfPresent(key);
        Entry old = null;
        if (present != null) {
            if (present.isDone()) {
                old = present.isCompletedExceptionally() ? null : present.join();
                if (old != null) {
                    if (!old.fits(hash)) {
                        return null;
                    }
                    if (m != Mode.LOST && fresh(old, now)) {
                        metrics.hit(key.pattern);
                        return present;
                    }
                }
            } else if (m != Mode.LOST) {
                if (((Load) present).hash != hash) {
                    return null;
                }
                metrics.miss(key.pattern);
                return present;
            }
        }
        metrics.miss(key.pattern);
        if (m == Mode.LOST) {
            // Changes may be going unreported: read through, keep nothing; an old entry only for stale-if-error.
            Load direct = new Load(hash);
            start(key, direct, loader, old, false);
            return direct;
        }
        Load mine = new Load(hash);
        CompletableFuture<Entry> snapshot = present;
        CompletableFuture<Entry> winner =
                cache.asMap().compute(key, (k, current) -> current == null || current == snapshot ? mine : current);
        if (winner != mine) {
            // Another reader got there first: share its load or its entry.
            return ((Load) winner).hash == hash ? winner : null;
        }
        start(key, mine, loader, old, true);
        return mine;
    }

    private boolean fresh(Entry entry, long now) {
        return now - entry.deadline < 0 && entry.loaded >= softFlush.get() && entry.loaded >= hardFlush.get();
    }

    private void start(Key key, Load target, LocalLoader loader, @Nullable Entry old, boolean install) {
        long loaded = sequence.get(); // before the load is sent: any later invalidation is above it
        long start = ticker.getAsLong();
        CompletionStage<LoadedValue> stage;
        try {
            stage = loader.load(new LoadRequest(key.bytes, target.hash ? HASH_SCRIPT : STRING_SCRIPT, target.hash));
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((value, error) -> completed(key, target, loader, old, install, loaded, start, value, error));
    }

    private void completed(
            Key key,
            Load target,
            LocalLoader loader,
            @Nullable Entry old,
            boolean install,
            long loaded,
            long start,
            @Nullable LoadedValue value,
            @Nullable Throwable error) {
        Throwable failure = error;
        if (failure == null && value != null) {
            Entry entry;
            try {
                entry = Entry.of(key, value, loaded, start, maxStalenessNanos, decode);
            } catch (RuntimeException e) {
                entry = null;
                failure = e; // a corrupt stored value: the readers get the codec's exception
            }
            if (entry != null) {
                metrics.load(key.pattern, true);
                if (install && !installable(key, loaded)) {
                    cache.asMap().remove(key, target); // invalidated while loading: readers get it, the tier not
                }
                target.complete(entry);
                return;
            }
        }
        if (failure == null) {
            failure = new IllegalStateException("the loader completed without a value");
        }
        metrics.load(key.pattern, false);
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (old != null && staleIfErrorNanos > 0 && unreachable(loader, cause) && staleUsable(key, old)) {
            boolean kept = !install || cache.asMap().replace(key, target, Load.done(old, target.hash));
            if (kept) {
                metrics.stale(key.pattern);
                target.complete(old);
                return;
            }
        }
        if (install) {
            cache.asMap().remove(key, target);
        }
        target.completeExceptionally(cause);
    }

    private static boolean unreachable(LocalLoader loader, Throwable error) {
        try {
            return loader.unreachable(error);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean installable(Key key, long loaded) {
        return stripes.get(key.stripe()) <= loaded && softFlush.get() <= loaded && hardFlush.get() <= loaded;
    }

    private boolean staleUsable(Key key, Entry old) {
        return stripes.get(key.stripe()) <= old.loaded
                && hardFlush.get() <= old.loaded
                && ticker.getAsLong() - old.deadline - staleIfErrorNanos < 0;
    }

    // --------------------------------------------------------------------------------------------------- invalidation

    /** See {@link io.github.redisguard.spi.LocalTier#invalidate}. */
    public void invalidate(CommandRoute route, List<byte[]> arguments) {
        try {
            if (route instanceof CommandSpec && ((CommandSpec) route).kind() == CommandSpec.Kind.READ) {
                return;
            }
            switch (route.name()) {
                case "FLUSHDB":
                case "FLUSHALL":
                case "SWAPDB":
                    flush(hardFlush);
                    return;
                default:
                    break;
            }
            for (byte[] argument : arguments) {
                Key key = key(argument);
                if (key != null) {
                    invalidate(key, LocalTierMetrics.Source.OWN);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Local tier for {}: an invalidation failed; flushing the tier", node, e);
            flush(hardFlush);
        }
    }

    private void invalidate(Key key, LocalTierMetrics.Source source) {
        long s = sequence.incrementAndGet();
        stripes.accumulateAndGet(key.stripe(), s, Math::max);
        if (cache.asMap().remove(key) != null) {
            metrics.invalidated(key.pattern, source);
        }
    }

    private void flush(AtomicLong mark) {
        long s = sequence.incrementAndGet();
        mark.accumulateAndGet(s, Math::max);
        if (mark == hardFlush || staleIfErrorNanos == 0) {
            cache.synchronous().invalidateAll();
        }
        metrics.flushed();
    }

    @Override
    public void trackingOn() {
        Mode was = mode;
        if (was == Mode.CLOSED) {
            return;
        }
        if (was != Mode.CONNECTING) { // nothing is loaded while connecting: no flush to count
            flush(softFlush);
        }
        mode = Mode.TRACKING;
    }

    @Override
    public void trackingLost() {
        if (mode != Mode.CLOSED) {
            mode = Mode.LOST;
            flush(softFlush);
        }
    }

    @Override
    public void trackingUnavailable(String reason) {
        if (mode == Mode.CLOSED) {
            return;
        }
        if (!warned) {
            warned = true;
            LOG.warn(
                    "Local tier for {}: the server cannot report changes ({}); other clients' writes reach this"
                            + " client's reads only after local.maxStaleness ({}). For invalidations use Redis 6+"
                            + " and allow CLIENT TRACKING to this user.",
                    node,
                    reason,
                    Duration.ofNanos(maxStalenessNanos));
        }
        flush(softFlush);
        mode = Mode.UNTRACKED;
    }

    @Override
    public void invalidate(@Nullable List<byte[]> keys) {
        try {
            if (keys == null) {
                flush(hardFlush);
                return;
            }
            for (byte[] bytes : keys) {
                Key key = bytes == null ? null : key(bytes);
                if (key != null) {
                    invalidate(key, LocalTierMetrics.Source.SERVER);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Local tier for {}: could not apply an invalidation; flushing the tier", node, e);
            flush(hardFlush);
        }
    }

    /** Stops serving and drops everything. */
    public void close() {
        mode = Mode.CLOSED;
        cache.synchronous().invalidateAll();
    }

    Mode mode() {
        return mode;
    }

    /** Returns the number of entries held (loads under way included); for tests. */
    long size() {
        cache.synchronous().cleanUp();
        return cache.synchronous().estimatedSize();
    }

    /** Returns the total weight held, when bounded by bytes; for tests. */
    long weight() {
        cache.synchronous().cleanUp();
        return cache.synchronous()
                .policy()
                .eviction()
                .map(e -> e.weightedSize().orElse(-1L))
                .orElse(-1L);
    }

    private void evicted(@Nullable Key key, RemovalCause cause) {
        if (key != null && cause.wasEvicted()) {
            metrics.evicted(key.pattern, cause == RemovalCause.SIZE);
        }
    }

    @Override
    public String toString() {
        return "CaffeineLocalTier[" + node + ", " + mode + "]";
    }

    // ------------------------------------------------------------------------------------------------------- entries

    /** A key under the tier: its bytes and the index of the prefix it falls under. */
    static final class Key {
        final byte[] bytes;

        final int pattern;

        private final int hash;

        Key(byte[] bytes, int pattern) {
            this.bytes = bytes;
            this.pattern = pattern;
            this.hash = Arrays.hashCode(bytes);
        }

        int stripe() {
            return (hash ^ (hash >>> 16)) & (STRIPES - 1);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key && Arrays.equals(bytes, ((Key) other).bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return "Key[" + bytes.length + " bytes]"; // never the key itself: logs must not carry data
        }
    }

    /** A hash field, as a map key. */
    private static final class Field {
        final byte[] bytes;

        private final int hash;

        Field(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Field && Arrays.equals(bytes, ((Field) other).bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A load of one key, shared by the readers that arrive while it runs; also the mapped value once done. */
    static final class Load extends CompletableFuture<Entry> {
        final boolean hash;

        Load(boolean hash) {
            this.hash = hash;
        }

        static Load done(Entry entry, boolean hash) {
            Load load = new Load(hash);
            load.complete(entry);
            return load;
        }
    }

    /** What the tier holds for a key: its decoded value, when it was loaded, and until when it may be served. */
    static final class Entry {
        static final byte NONE = 0;

        static final byte STRING = 1;

        static final byte HASH = 2;

        final byte type;

        final byte @Nullable [] value;

        final @Nullable List<byte[]> flat;

        final @Nullable Map<Field, byte[]> fields;

        /** The sequence number taken when the load was sent. */
        final long loaded;

        /** Ticker time after which the entry is not served fresh. */
        final long deadline;

        final long weight;

        private Entry(
                byte type,
                byte @Nullable [] value,
                @Nullable List<byte[]> flat,
                @Nullable Map<Field, byte[]> fields,
                long loaded,
                long deadline,
                long weight) {
            this.type = type;
            this.value = value;
            this.flat = flat;
            this.fields = fields;
            this.loaded = loaded;
            this.deadline = deadline;
            this.weight = weight;
        }

        static Entry of(
                Key key,
                LoadedValue loaded,
                long sequence,
                long start,
                long maxStalenessNanos,
                Function<byte[], byte[]> decode) {
            long pttl = loaded.pttl();
            long life = maxStalenessNanos;
            if (pttl >= 0) {
                life = Math.min(life, Math.multiplyExact(pttl, 1_000_000L));
            }
            long deadline = start + life;
            long weight = key.bytes.length + ENTRY_OVERHEAD;
            List<byte[]> hash = loaded.hash();
            if (hash != null) {
                if (hash.isEmpty()) {
                    return new Entry(NONE, null, null, null, sequence, deadline, weight);
                }
                List<byte[]> flat = new ArrayList<>(hash.size());
                Map<Field, byte[]> fields = new HashMap<>(hash.size());
                for (int i = 0; i + 1 < hash.size(); i += 2) {
                    byte[] field = hash.get(i);
                    byte[] value = decode.apply(hash.get(i + 1));
                    flat.add(field);
                    flat.add(value);
                    fields.put(new Field(field), value);
                    weight += field.length + value.length;
                }
                return new Entry(HASH, null, flat, fields, sequence, deadline, weight);
            }
            byte[] stored = loaded.value();
            if (stored == null) {
                return new Entry(NONE, null, null, null, sequence, deadline, weight);
            }
            byte[] value = decode.apply(stored);
            return new Entry(STRING, value, null, null, sequence, deadline, weight + value.length);
        }

        boolean fits(boolean hash) {
            return type == NONE || (type == HASH) == hash;
        }

        byte @Nullable [] field(byte[] field) {
            return fields == null ? null : fields.get(new Field(field));
        }

        List<byte[]> flat() {
            return flat == null ? List.of() : flat;
        }
    }

    /** Drops an entry at deadline + staleIfError (it is served fresh only until the deadline). */
    private final class EntryExpiry implements Expiry<Key, Entry> {
        @Override
        public long expireAfterCreate(Key key, Entry entry, long currentTime) {
            long left = entry.deadline - currentTime + staleIfErrorNanos;
            return left <= 0 ? 0 : Math.min(Long.MAX_VALUE / 2, left);
        }

        @Override
        public long expireAfterUpdate(Key key, Entry entry, long currentTime, long currentDuration) {
            return expireAfterCreate(key, entry, currentTime);
        }

        @Override
        public long expireAfterRead(Key key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}

/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

import io.github.redisguard.internal.CommandSpec.Chunking;
import io.github.redisguard.internal.CommandSpec.Keys;
import io.github.redisguard.internal.CommandSpec.Kind;
import io.github.redisguard.internal.CommandSpec.TimeUnitArg;
import io.github.redisguard.internal.CommandSpec.Values;
import io.github.redisguard.spi.ReplyDecoding;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The one table of Redis commands the guard knows, keyed by command name. Every adapter maps its client's calls onto
 * these names, so a command is classified once, here.
 *
 * <p>What is compressed: whole string values (SET family, MSET) and hash field values (HSET, HMSET, HSETNX). Never
 * list elements, set or sorted-set members, stream entries: Redis compares those byte for byte (LREM, SISMEMBER,
 * ZSCORE), so compressing them would change what commands mean.
 */
public final class CommandCatalogue {

    private static final Map<String, CommandSpec> SPECS;

    static {
        Map<String, CommandSpec> specs = new HashMap<>();
        // Whole-value string writes.
        put(specs, spec("SET", Kind.SET));
        put(specs, spec("SETEX", Kind.SETEX).time(TimeUnitArg.SECONDS));
        put(specs, spec("PSETEX", Kind.SETEX).time(TimeUnitArg.MILLISECONDS));
        put(specs, spec("SETNX", Kind.SETNX));
        put(specs, spec("GETSET", Kind.GETSET).decode(ReplyDecoding.VALUES));
        put(specs, spec("GETEX", Kind.GETEX).decode(ReplyDecoding.VALUES));
        put(specs, spec("MSET", Kind.MSET).chunk(Chunking.LAST, 2));
        put(specs, spec("MSETNX", Kind.MSET));

        // Partial string writes: refused under a compressing rule.
        put(specs, ensure("APPEND").values(Values.AT, 1).partial());
        put(specs, ensure("SETRANGE").values(Values.AT, 2).partial());
        put(specs, ensure("SETBIT").partial());
        put(specs, ensure("BITFIELD").partial());

        // Counters.
        for (String name :
                new String[] {"INCR", "INCRBY", "INCRBYFLOAT", "DECR", "DECRBY", "HINCRBY", "HINCRBYFLOAT"}) {
            put(specs, ensure(name));
        }
        put(specs, ensure("ZINCRBY").values(Values.AT, 2));

        // Collections.
        put(specs, ensure("HSET").values(Values.PAIRS, 2).compress().chunk(Chunking.SUM, 2));
        put(specs, ensure("HMSET").values(Values.PAIRS, 2).compress().chunk(Chunking.LAST, 2));
        put(specs, ensure("HSETNX").values(Values.AT, 2).compress());
        for (String name : new String[] {"LPUSH", "RPUSH", "LPUSHX", "RPUSHX"}) {
            put(specs, ensure(name).values(Values.FROM, 1).chunk(Chunking.LAST, 1));
        }
        put(specs, ensure("LINSERT").values(Values.FROM, 2));
        put(specs, ensure("LSET").values(Values.AT, 2));
        put(specs, ensure("SADD").values(Values.FROM, 1).chunk(Chunking.SUM, 1));
        put(specs, ensure("ZADD").values(Values.FROM, 1).chunk(Chunking.SUM, 2).options());
        put(
                specs,
                ensure("GEOADD").values(Values.FROM, 1).chunk(Chunking.SUM, 3).options());
        put(specs, ensure("PFADD").values(Values.FROM, 1).chunk(Chunking.MAX, 1));
        put(specs, ensure("XADD").values(Values.FROM, 1));

        // Writes to a destination key.
        put(specs, ensure("COPY").keys(Keys.SOURCE_DESTINATION));
        put(specs, ensure("RENAME").keys(Keys.SOURCE_DESTINATION));
        put(specs, ensure("RENAMENX").keys(Keys.SOURCE_DESTINATION));
        put(specs, ensure("LMOVE").keys(Keys.SOURCE_DESTINATION));
        put(specs, ensure("RPOPLPUSH").keys(Keys.SOURCE_DESTINATION));
        put(specs, ensure("SMOVE").keys(Keys.SOURCE_DESTINATION).values(Values.AT, 2));
        for (String name : new String[] {"SUNIONSTORE", "SINTERSTORE", "SDIFFSTORE", "PFMERGE"}) {
            put(specs, ensure(name).keys(Keys.DESTINATION_KEYS));
        }
        for (String name : new String[] {"ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"}) {
            put(specs, ensure(name).keys(Keys.DESTINATION_NUMKEYS));
        }
        put(specs, ensure("ZRANGESTORE").keys(Keys.DESTINATION_SOURCE));
        put(specs, ensure("GEOSEARCHSTORE").keys(Keys.DESTINATION_SOURCE));
        put(specs, ensure("BITOP").keys(Keys.BITOP));

        // TTL commands.
        put(specs, spec("EXPIRE", Kind.EXPIRE).time(TimeUnitArg.SECONDS));
        put(specs, spec("PEXPIRE", Kind.EXPIRE).time(TimeUnitArg.MILLISECONDS));
        put(specs, spec("EXPIREAT", Kind.EXPIRE).time(TimeUnitArg.UNIX_SECONDS));
        put(specs, spec("PEXPIREAT", Kind.EXPIRE).time(TimeUnitArg.UNIX_MILLISECONDS));
        put(specs, spec("PERSIST", Kind.PERSIST));
        put(specs, spec("RESTORE", Kind.RESTORE));

        // Writes that only free memory.
        put(specs, spec("GETDEL", Kind.FREEING).decode(ReplyDecoding.VALUES));
        for (String name : new String[] {
            "DEL", "UNLINK", "FLUSHDB", "FLUSHALL", "HDEL", "LPOP", "RPOP", "BLPOP", "BRPOP", "LMPOP", "BLMPOP",
            "LREM", "LTRIM", "SREM", "SPOP", "ZREM", "ZPOPMIN", "ZPOPMAX", "BZPOPMIN", "BZPOPMAX", "ZMPOP", "BZMPOP",
            "ZREMRANGEBYSCORE", "ZREMRANGEBYRANK", "ZREMRANGEBYLEX", "XDEL", "XTRIM", "XACK", "SWAPDB"
        }) {
            put(specs, spec(name, Kind.FREEING));
        }

        // Reads whose replies are stored values.
        for (String name : new String[] {"GET", "MGET", "HGET", "HMGET", "HVALS"}) {
            put(specs, spec(name, Kind.READ).decode(ReplyDecoding.VALUES));
        }
        put(specs, spec("HGETALL", Kind.READ).decode(ReplyDecoding.MAP_VALUES));

        // Reads whose replies are never compressed values.
        for (String name : new String[] {
            "EXISTS",
            "TYPE",
            "TTL",
            "PTTL",
            "EXPIRETIME",
            "PEXPIRETIME",
            "STRLEN",
            "GETRANGE",
            "SUBSTR",
            "GETBIT",
            "BITCOUNT",
            "BITPOS",
            "BITFIELD_RO",
            "LCS",
            "HEXISTS",
            "HLEN",
            "HKEYS",
            "HSTRLEN",
            "HRANDFIELD",
            "HSCAN",
            "LLEN",
            "LINDEX",
            "LPOS",
            "LRANGE",
            "SCARD",
            "SISMEMBER",
            "SMISMEMBER",
            "SRANDMEMBER",
            "SMEMBERS",
            "SINTER",
            "SUNION",
            "SDIFF",
            "SINTERCARD",
            "SSCAN",
            "ZCARD",
            "ZCOUNT",
            "ZSCORE",
            "ZMSCORE",
            "ZRANK",
            "ZREVRANK",
            "ZRANGE",
            "ZRANGEBYSCORE",
            "ZREVRANGE",
            "ZREVRANGEBYSCORE",
            "ZRANGEBYLEX",
            "ZREVRANGEBYLEX",
            "ZLEXCOUNT",
            "ZSCAN",
            "ZRANDMEMBER",
            "ZINTER",
            "ZUNION",
            "ZDIFF",
            "ZINTERCARD",
            "XLEN",
            "XRANGE",
            "XREVRANGE",
            "XREAD",
            "XINFO",
            "XPENDING",
            "PFCOUNT",
            "GEOPOS",
            "GEODIST",
            "GEOHASH",
            "GEORADIUS_RO",
            "GEORADIUSBYMEMBER_RO",
            "GEOSEARCH",
            "SCAN",
            "KEYS",
            "RANDOMKEY",
            "DUMP",
            "OBJECT",
            "MEMORY",
            "TOUCH",
            "DBSIZE",
            "SORT_RO",
            "EVAL_RO",
            "EVALSHA_RO",
            "FCALL_RO"
        }) {
            put(specs, spec(name, Kind.READ));
        }

        // Commands that touch no key's data.
        for (String name : new String[] {
            "PING",
            "ECHO",
            "AUTH",
            "HELLO",
            "SELECT",
            "CLIENT",
            "INFO",
            "CONFIG",
            "COMMAND",
            "TIME",
            "LASTSAVE",
            "ROLE",
            "SLOWLOG",
            "LATENCY",
            "MULTI",
            "EXEC",
            "DISCARD",
            "WATCH",
            "UNWATCH",
            "QUIT",
            "RESET",
            "READONLY",
            "READWRITE",
            "CLUSTER",
            "ASKING",
            "WAIT",
            "WAITAOF",
            "PUBLISH",
            "SPUBLISH",
            "PUBSUB",
            "SUBSCRIBE",
            "UNSUBSCRIBE",
            "PSUBSCRIBE",
            "PUNSUBSCRIBE",
            "SSUBSCRIBE",
            "SUNSUBSCRIBE",
            "SCRIPT",
            "FUNCTION",
            "MOVE",
            "DEBUG",
            "MONITOR",
            "SAVE",
            "BGSAVE",
            "BGREWRITEAOF",
            "SHUTDOWN",
            "REPLICAOF",
            "SLAVEOF",
            "ACL",
            "MODULE",
            "FAILOVER",
            "SYNC",
            "PSYNC",
            "LOLWUT",
            "XREADGROUP",
            "XCLAIM",
            "XAUTOCLAIM",
            "XSETID"
        }) {
            put(specs, spec(name, Kind.OTHER));
        }
        SPECS = Collections.unmodifiableMap(specs);
    }

    private CommandCatalogue() {}

    /** Returns the entry for a command name (any case), or null when the catalogue does not know it. */
    public static @Nullable CommandSpec lookup(String name) {
        CommandSpec spec = SPECS.get(name);
        if (spec == null) {
            spec = SPECS.get(name.toUpperCase(Locale.ROOT));
        }
        return spec;
    }

    /** Returns every entry, sorted by name. */
    public static Collection<CommandSpec> all() {
        return Collections.unmodifiableCollection(new TreeMap<>(SPECS).values());
    }

    /** Returns a spec for an unknown command: passed through unchanged. */
    static CommandSpec unknown(String name) {
        return spec(name, Kind.UNKNOWN).build();
    }

    private static void put(Map<String, CommandSpec> specs, Builder builder) {
        CommandSpec spec = builder.build();
        if (specs.put(spec.name(), spec) != null) {
            throw new IllegalStateException("command listed twice: " + spec.name());
        }
    }

    private static Builder spec(String name, Kind kind) {
        return new Builder(name, kind);
    }

    private static Builder ensure(String name) {
        return new Builder(name, Kind.ENSURE);
    }

    private static final class Builder {
        private final String name;
        private final Kind kind;
        private ReplyDecoding replyDecoding = ReplyDecoding.NONE;
        private Keys keys = Keys.FIRST;
        private Values values = Values.NONE;
        private int valueIndex = -1;
        private boolean compress;
        private boolean partial;
        private Chunking chunking = Chunking.NONE;
        private int stride = 1;
        private boolean options;
        private TimeUnitArg time = TimeUnitArg.NONE;

        Builder(String name, Kind kind) {
            this.name = name;
            this.kind = kind;
        }

        Builder decode(ReplyDecoding decoding) {
            this.replyDecoding = decoding;
            return this;
        }

        Builder keys(Keys keys) {
            this.keys = keys;
            return this;
        }

        Builder values(Values values, int index) {
            this.values = values;
            this.valueIndex = index;
            return this;
        }

        Builder compress() {
            this.compress = true;
            return this;
        }

        Builder partial() {
            this.partial = true;
            return this;
        }

        Builder chunk(Chunking chunking, int stride) {
            this.chunking = chunking;
            this.stride = stride;
            return this;
        }

        Builder options() {
            this.options = true;
            return this;
        }

        Builder time(TimeUnitArg time) {
            this.time = time;
            return this;
        }

        CommandSpec build() {
            return new CommandSpec(
                    name,
                    kind,
                    replyDecoding,
                    keys,
                    values,
                    valueIndex,
                    compress,
                    partial,
                    chunking,
                    stride,
                    options,
                    time);
        }
    }
}

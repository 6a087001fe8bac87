/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

import io.github.redisguard.spi.CommandRoute;
import io.github.redisguard.spi.ReplyDecoding;

/**
 * One entry of the command catalogue: what a command is, and where its keys and values sit in its arguments
 * (arguments counted after the command name, from 0).
 */
public final class CommandSpec implements CommandRoute {

    /** What kind of command this is; decides which planner handles it. */
    public enum Kind {
        /** SET: a whole-value write that can carry its TTL in the command. */
        SET,
        /** SETEX / PSETEX: a whole-value write whose TTL argument is mandatory. */
        SETEX,
        /** SETNX, GETSET: whole-value writes that cannot carry a TTL. */
        SETNX,
        GETSET,
        /** GETEX: a read that may set, change or remove the TTL. */
        GETEX,
        /** MSET, MSETNX: several whole-value writes. */
        MSET,
        /** A write that cannot carry a TTL and may create a key: collections, counters, destinations. */
        ENSURE,
        /** EXPIRE family: sets a TTL; may be capped or raised, never shed. */
        EXPIRE,
        /** PERSIST: removes a TTL. */
        PERSIST,
        /** RESTORE: creates a key from a dump, with a TTL argument. */
        RESTORE,
        /** A write that only removes data (DEL, UNLINK, GETDEL, LPOP, HDEL...): never refused, never shed. */
        FREEING,
        /** A read that changes nothing. */
        READ,
        /** A command that touches no key's data (PING, CLIENT, MULTI...), or a write the guard lets pass knowingly. */
        OTHER,
        /** Not in the catalogue. */
        UNKNOWN
    }

    /** Where the keys of an {@link Kind#ENSURE} command sit. The first key listed is the one that gets the TTL. */
    public enum Keys {
        /** args[0]. */
        FIRST,
        /** args[1] gets the TTL; args[0] is the source (COPY, RENAME, LMOVE, SMOVE...). */
        SOURCE_DESTINATION,
        /** args[0] gets the TTL; args[1] is the source (ZRANGESTORE, GEOSEARCHSTORE). */
        DESTINATION_SOURCE,
        /** args[0] gets the TTL; all further args are keys (SUNIONSTORE, PFMERGE). */
        DESTINATION_KEYS,
        /** args[0] gets the TTL; args[1] is numkeys, then that many keys (ZUNIONSTORE). */
        DESTINATION_NUMKEYS,
        /** BITOP op dest key...: args[1] gets the TTL, keys from args[1]. */
        BITOP
    }

    /** Which arguments of an {@link Kind#ENSURE} command are values: size-checked and, if so marked, compressed. */
    public enum Values {
        NONE,
        /** Every argument from {@link CommandSpec#valueIndex()} on. */
        FROM,
        /** Only the argument at {@link CommandSpec#valueIndex()}. */
        AT,
        /** Field/value pairs from args[1]: values at 2, 4, ... (HSET, HMSET). */
        PAIRS
    }

    /** How to split an oversized variadic write inside the script, and how to combine the chunk replies. */
    public enum Chunking {
        /** Cannot be split: refused above the script's argument limit. */
        NONE,
        /** Integer replies summed (SADD, HSET, ZADD, GEOADD). */
        SUM,
        /** The last chunk's reply (LPUSH: list length; HMSET, MSET: OK). */
        LAST,
        /** The largest reply (PFADD: 1 if any chunk changed the estimate). */
        MAX
    }

    private final String name;

    private final Kind kind;

    private final ReplyDecoding replyDecoding;

    private final Keys keys;

    private final Values values;

    private final int valueIndex;

    private final boolean compressValues;

    private final boolean partial;

    private final Chunking chunking;

    private final int stride;

    private final boolean optionPrefix;

    private final TimeUnitArg timeUnit;

    /** How an EXPIRE-family or SETEX-family TTL argument is to be read. */
    public enum TimeUnitArg {
        NONE,
        SECONDS,
        MILLISECONDS,
        UNIX_SECONDS,
        UNIX_MILLISECONDS
    }

    CommandSpec(
            String name,
            Kind kind,
            ReplyDecoding replyDecoding,
            Keys keys,
            Values values,
            int valueIndex,
            boolean compressValues,
            boolean partial,
            Chunking chunking,
            int stride,
            boolean optionPrefix,
            TimeUnitArg timeUnit) {
        this.name = name;
        this.kind = kind;
        this.replyDecoding = replyDecoding;
        this.keys = keys;
        this.values = values;
        this.valueIndex = valueIndex;
        this.compressValues = compressValues;
        this.partial = partial;
        this.chunking = chunking;
        this.stride = stride;
        this.optionPrefix = optionPrefix;
        this.timeUnit = timeUnit;
    }

    @Override
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public boolean inspectsArguments() {
        switch (kind) {
            case FREEING:
            case READ:
            case OTHER:
            case UNKNOWN:
                return false;
            default:
                return true;
        }
    }

    @Override
    public ReplyDecoding replyDecoding() {
        return replyDecoding;
    }

    @Override
    public boolean known() {
        return kind != Kind.UNKNOWN;
    }

    /** Returns whether this command writes (creates, changes or removes data). */
    public boolean isWrite() {
        switch (kind) {
            case READ:
            case OTHER:
            case UNKNOWN:
                return false;
            default:
                return true;
        }
    }

    /** Returns whether this write can leave a key without a TTL unless the guard intervenes. */
    public boolean needsTtl() {
        switch (kind) {
            case SET:
            case SETEX:
            case SETNX:
            case GETSET:
            case GETEX:
            case MSET:
            case ENSURE:
            case EXPIRE:
            case PERSIST:
            case RESTORE:
                return true;
            default:
                return false;
        }
    }

    /** Returns whether this write may add memory: what the memory breaker may shed. */
    public boolean addsMemory() {
        switch (kind) {
            case SET:
            case SETEX:
            case SETNX:
            case GETSET:
            case MSET:
            case ENSURE:
            case RESTORE:
                return true;
            default:
                return false;
        }
    }

    public Keys keys() {
        return keys;
    }

    public Values values() {
        return values;
    }

    public int valueIndex() {
        return valueIndex;
    }

    public boolean compressValues() {
        return compressValues;
    }

    /** Returns whether the command changes part of a string value (APPEND, SETRANGE, SETBIT). */
    public boolean partial() {
        return partial;
    }

    public Chunking chunking() {
        return chunking;
    }

    /** Arguments per element when chunking (1 for members, 2 for field/value or score/member, 3 for geo). */
    public int stride() {
        return stride;
    }

    /** Whether options (NX, XX, CH...) follow the key and repeat in every chunk (ZADD, GEOADD). */
    public boolean optionPrefix() {
        return optionPrefix;
    }

    public TimeUnitArg timeUnit() {
        return timeUnit;
    }

    @Override
    public String toString() {
        return name + "(" + kind + ")";
    }
}

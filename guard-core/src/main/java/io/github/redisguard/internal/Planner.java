/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

import io.github.redisguard.IncompatibleWriteException;
import io.github.redisguard.MissingTtlException;
import io.github.redisguard.ValueTooLargeException;
import io.github.redisguard.codec.ValueCodec;
import io.github.redisguard.internal.CommandSpec.Chunking;
import io.github.redisguard.internal.CommandSpec.TimeUnitArg;
import io.github.redisguard.internal.GuardMetrics.TtlAction;
import io.github.redisguard.internal.GuardMetrics.WriteOutcome;
import io.github.redisguard.spi.CommandPlan;
import io.github.redisguard.spi.ReplyDecoding;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/*
 * The write path, for one command: find each key's rule, resolve its TTL (keep, cap, raise, apply the default, or
 * reject), check value sizes, compress whole values, and say what to send. Strings carry their TTL in the command
 * (SET k v PX ms); writes that cannot carry one (HSET, INCR, LPUSH, destinations of COPY or SUNIONSTORE...) are sent
 * inside a script that performs the write and then gives the key its TTL if it has none. The order of checks is the
 * one DESIGN.md gives: TTL policy, then size, then compression; every refusal happens before anything is sent.
 *
 * Stateless apart from the meters; safe for any number of threads.
 */
public final class Planner {

    // Before the constants below: ascii(...) uses them.
    private static final Ascii[] ASCII = new Ascii[64];

    private static final ConcurrentMap<String, byte[]> NAMES = new ConcurrentHashMap<>();

    private static final byte[] PX = ascii("PX");

    private static final byte[] GET = ascii("GET");

    private static final byte[] ONE = ascii("1");

    private final RuleSet rules;

    private final ValueCodec codec;

    private final Clock clock;

    private final GuardMetrics metrics;

    public Planner(RuleSet rules, ValueCodec codec, Clock clock, GuardMetrics metrics) {
        this.rules = rules;
        this.codec = codec;
        this.clock = clock;
        this.metrics = metrics;
    }

    private static final ThreadLocal<Tally> TALLY = ThreadLocal.withInitial(Tally::new);

    /** Decides what to send for {@code args}, without a memory breaker. */
    public CommandPlan plan(CommandSpec spec, List<byte[]> args) {
        return plan(spec, args, Admission.ALWAYS);
    }

    /**
     * Decides what to send for {@code args} (the arguments after the command name, not modified): the TTL policy,
     * the size guard, then, for writes that add memory, the memory breaker ({@code admission}), and only once the
     * write is certain to go out are its meters counted.
     *
     * @throws io.github.redisguard.GuardException if the write is refused or shed
     */
    public CommandPlan plan(CommandSpec spec, List<byte[]> args, Admission admission) {
        Tally tally = TALLY.get();
        tally.reset();
        CommandPlan plan = planWrite(spec, args);
        if (spec.addsMemory() && tally.admittedAny()) {
            long bytes = memoryBytes(plan, args);
            if (!admission.admit(tally, bytes)) {
                tally.reset();
                return CommandPlan.dropped();
            }
            plan = plan.withMemoryBytes(bytes);
        }
        tally.commit(metrics);
        return plan;
    }

    /** The bytes a write stores: its arguments as sent, without the script text. An estimate that errs high. */
    private static long memoryBytes(CommandPlan plan, List<byte[]> args) {
        List<byte[]> sent = plan.isUnchanged() ? args : plan.arguments();
        int from = !plan.isUnchanged() && plan.command().equals("EVAL") ? 2 : 0;
        long bytes = 0;
        for (int i = from; i < sent.size(); i++) {
            bytes += sent.get(i).length;
        }
        return bytes;
    }

    private static Tally tally() {
        return TALLY.get();
    }

    private CommandPlan planWrite(CommandSpec spec, List<byte[]> args) {
        if (args.isEmpty()) {
            return CommandPlan.unchanged(spec.replyDecoding()); // wrong arity: the server says so
        }
        switch (spec.kind()) {
            case SET:
                return set(args);
            case SETEX:
                return setex(spec, args);
            case SETNX:
                return setnx(args);
            case GETSET:
                return getset(args);
            case GETEX:
                return getex(args);
            case MSET:
                return mset(spec, args);
            case ENSURE:
                return ensure(spec, args);
            case EXPIRE:
                return expire(spec, args);
            case PERSIST:
                return persist(args);
            case RESTORE:
                return restore(args);
            default:
                return CommandPlan.unchanged(spec.replyDecoding());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Whole-value string writes

    private CommandPlan set(List<byte[]> args) {
        if (args.size() < 2) {
            return CommandPlan.unchanged(ReplyDecoding.NONE);
        }
        byte[] key = args.get(0);
        ResolvedRule rule = rules.match(key);
        int ttlIndex = -1;
        TimeUnitArg ttlUnit = TimeUnitArg.NONE;
        boolean keepTtl = false;
        boolean get = false;
        boolean unknownOption = false;
        for (int i = 2; i < args.size(); i++) {
            byte[] option = args.get(i);
            if (is(option, "EX") || is(option, "PX") || is(option, "EXAT") || is(option, "PXAT")) {
                if (ttlIndex >= 0 || i + 1 >= args.size()) {
                    unknownOption = true;
                    break;
                }
                ttlIndex = i;
                ttlUnit = is(option, "EX")
                        ? TimeUnitArg.SECONDS
                        : is(option, "PX")
                                ? TimeUnitArg.MILLISECONDS
                                : is(option, "EXAT") ? TimeUnitArg.UNIX_SECONDS : TimeUnitArg.UNIX_MILLISECONDS;
                i++;
            } else if (is(option, "KEEPTTL")) {
                keepTtl = true;
            } else if (is(option, "GET")) {
                get = true;
            } else if (!is(option, "NX") && !is(option, "XX")) {
                unknownOption = true; // an option this version does not know: keep it, and ensure the TTL after
            }
        }
        ReplyDecoding decoding = get ? ReplyDecoding.VALUES : ReplyDecoding.NONE;

        if (rule.persistent()) {
            return persistentWrite(rule, "SET", args, 1, decoding);
        }
        List<byte[]> out;
        if (unknownOption || keepTtl) {
            List<byte[]> write = withValue(args, 1, rule, "SET");
            CommandPlan plan =
                    script("SET", write, List.of(key), List.of(rule), List.of(), Chunking.NONE, 0, 0, decoding);
            tally().ttl(rule, TtlAction.ENSURED);
            tally().admitted(rule);
            return plan;
        } else if (ttlIndex >= 0) {
            long requested = remainingMillis(ttlUnit, args.get(ttlIndex + 1));
            out = withValue(args, 1, rule, "SET");
            long bounded = requested == Long.MIN_VALUE ? requested : bound(rule, requested);
            if (bounded != requested) {
                out = copyIfSame(out, args);
                out.set(ttlIndex, PX);
                out.set(ttlIndex + 1, ascii(bounded));
            }
        } else {
            refuseMissingTtl(rule, "SET");
            out = copyIfSame(withValue(args, 1, rule, "SET"), args);
            long ttl = missingTtl(rule, "SET");
            out.add(PX);
            out.add(ascii(ttl));
        }
        tally().admitted(rule);
        return out == args ? CommandPlan.unchanged(decoding) : CommandPlan.rewrite("SET", out, decoding);
    }

    private CommandPlan setex(CommandSpec spec, List<byte[]> args) {
        if (args.size() != 3) {
            return CommandPlan.unchanged(ReplyDecoding.NONE);
        }
        ResolvedRule rule = rules.match(args.get(0));
        if (rule.persistent()) {
            return persistentWrite(rule, spec.name(), args, 2, ReplyDecoding.NONE);
        }
        long requested = remainingMillis(spec.timeUnit(), args.get(1));
        List<byte[]> out = withValue(args, 2, rule, spec.name());
        long bounded = requested == Long.MIN_VALUE ? requested : bound(rule, requested);
        tally().admitted(rule);
        if (bounded != requested) {
            return CommandPlan.rewrite("PSETEX", List.of(args.get(0), ascii(bounded), out.get(2)), ReplyDecoding.NONE);
        }
        return out == args
                ? CommandPlan.unchanged(ReplyDecoding.NONE)
                : CommandPlan.rewrite(spec.name(), out, ReplyDecoding.NONE);
    }

    private CommandPlan setnx(List<byte[]> args) {
        if (args.size() != 2) {
            return CommandPlan.unchanged(ReplyDecoding.NONE);
        }
        byte[] key = args.get(0);
        ResolvedRule rule = rules.match(key);
        if (rule.persistent()) {
            return persistentWrite(rule, "SETNX", args, 1, ReplyDecoding.NONE);
        }
        refuseMissingTtl(rule, "SETNX");
        List<byte[]> out = withValue(args, 1, rule, "SETNX");
        long ttl = missingTtl(rule, "SETNX");
        tally().admitted(rule);
        // SETNX replies 1/0 where SET NX replies OK/nil: keep the command, and set the TTL in the same script.
        return scriptWithTtl("SETNX", out, key, ttl, rule.maxTtlMillis(), ReplyDecoding.NONE);
    }

    private CommandPlan getset(List<byte[]> args) {
        if (args.size() != 2) {
            return CommandPlan.unchanged(ReplyDecoding.VALUES);
        }
        ResolvedRule rule = rules.match(args.get(0));
        if (rule.persistent()) {
            return persistentWrite(rule, "GETSET", args, 1, ReplyDecoding.VALUES);
        }
        refuseMissingTtl(rule, "GETSET");
        List<byte[]> out = withValue(args, 1, rule, "GETSET");
        long ttl = missingTtl(rule, "GETSET");
        tally().admitted(rule);
        // SET ... GET replies the old value, as GETSET does.
        return CommandPlan.rewrite(
                "SET", new ArrayList<>(List.of(args.get(0), out.get(1), GET, PX, ascii(ttl))), ReplyDecoding.VALUES);
    }

    /** A whole-value write to a key under a persistent rule: size check and compression, no TTL. */
    private CommandPlan persistentWrite(
            ResolvedRule rule, String command, List<byte[]> args, int valueIndex, ReplyDecoding decoding) {
        List<byte[]> out = withValue(args, valueIndex, rule, command);
        tally().ttl(rule, TtlAction.PERSISTENT);
        tally().admitted(rule);
        return out == args ? CommandPlan.unchanged(decoding) : CommandPlan.rewrite(command, out, decoding);
    }

    private CommandPlan getex(List<byte[]> args) {
        if (args.size() == 1) {
            return CommandPlan.unchanged(ReplyDecoding.VALUES); // a plain read
        }
        ResolvedRule rule = rules.match(args.get(0));
        byte[] option = args.get(1);
        if (rule.persistent()) {
            tally().ttl(rule, TtlAction.PERSISTENT);
            return CommandPlan.unchanged(ReplyDecoding.VALUES);
        }
        if (args.size() == 2 && is(option, "PERSIST")) {
            long ttl = missingTtl(rule, "GETEX");
            tally().admitted(rule);
            return CommandPlan.rewrite("GETEX", List.of(args.get(0), PX, ascii(ttl)), ReplyDecoding.VALUES);
        }
        if (args.size() != 3) {
            return CommandPlan.unchanged(ReplyDecoding.VALUES);
        }
        TimeUnitArg unit = is(option, "EX")
                ? TimeUnitArg.SECONDS
                : is(option, "PX")
                        ? TimeUnitArg.MILLISECONDS
                        : is(option, "EXAT")
                                ? TimeUnitArg.UNIX_SECONDS
                                : is(option, "PXAT") ? TimeUnitArg.UNIX_MILLISECONDS : TimeUnitArg.NONE;
        if (unit == TimeUnitArg.NONE) {
            return CommandPlan.unchanged(ReplyDecoding.VALUES);
        }
        long requested = remainingMillis(unit, args.get(2));
        if (requested == Long.MIN_VALUE) {
            return CommandPlan.unchanged(ReplyDecoding.VALUES);
        }
        long bounded = bound(rule, requested);
        tally().admitted(rule);
        return bounded == requested
                ? CommandPlan.unchanged(ReplyDecoding.VALUES)
                : CommandPlan.rewrite("GETEX", List.of(args.get(0), PX, ascii(bounded)), ReplyDecoding.VALUES);
    }

    private CommandPlan mset(CommandSpec spec, List<byte[]> args) {
        if (args.size() % 2 != 0) {
            return CommandPlan.unchanged(ReplyDecoding.NONE);
        }
        int pairs = args.size() / 2;
        ResolvedRule[] keyRules = new ResolvedRule[pairs];
        for (int i = 0; i < pairs; i++) {
            keyRules[i] = rules.match(args.get(2 * i));
        }
        // Refusals first, so that nothing is counted as written when any key is refused.
        for (ResolvedRule rule : keyRules) {
            if (!rule.persistent() && rule.rejectsMissingTtl()) {
                missingTtl(rule, spec.name());
            }
        }
        List<byte[]> out = args;
        for (int i = 0; i < pairs; i++) {
            out = value(out, args, 2 * i + 1, keyRules[i], spec.name(), true);
        }
        List<byte[]> ensured = new ArrayList<>();
        List<ResolvedRule> ensuredRules = new ArrayList<>();
        List<byte[]> others = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            ResolvedRule rule = keyRules[i];
            if (rule.persistent()) {
                others.add(args.get(2 * i));
            } else {
                ensured.add(args.get(2 * i));
                ensuredRules.add(rule);
            }
        }
        CommandPlan plan;
        if (ensured.isEmpty()) {
            plan = out == args
                    ? CommandPlan.unchanged(ReplyDecoding.NONE)
                    : CommandPlan.rewrite(spec.name(), out, ReplyDecoding.NONE);
        } else {
            // May refuse the write (too many arguments): count nothing as written before it is planned.
            plan = script(spec.name(), out, ensured, ensuredRules, others, spec.chunking(), 0, 2, ReplyDecoding.NONE);
        }
        for (ResolvedRule rule : keyRules) {
            // MSET drops every TTL it overwrites, so each key gets its default; MSETNX may leave keys as they were.
            tally().ttl(
                            rule,
                            rule.persistent()
                                    ? TtlAction.PERSISTENT
                                    : spec.name().equals("MSET") ? TtlAction.APPLIED : TtlAction.ENSURED);
        }
        tally().admitted(keyRules[0]);
        return plan;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Writes that cannot carry a TTL

    private CommandPlan ensure(CommandSpec spec, List<byte[]> args) {
        String name = spec.name();
        byte[] target;
        List<byte[]> routing;
        switch (spec.keys()) {
            case SOURCE_DESTINATION:
                if (args.size() < 2) {
                    return CommandPlan.unchanged(spec.replyDecoding());
                }
                if (name.equals("COPY") && hasOption(args, 2, "DB")) {
                    // COPY into another database: a script cannot reach the copy. The copy keeps the source's TTL,
                    // which the guard gave it when it was written.
                    return CommandPlan.unchanged(spec.replyDecoding());
                }
                target = args.get(1);
                routing = List.of(args.get(0));
                break;
            case DESTINATION_SOURCE:
                if (args.size() < 2) {
                    return CommandPlan.unchanged(spec.replyDecoding());
                }
                target = args.get(0);
                routing = List.of(args.get(1));
                break;
            case DESTINATION_KEYS:
                target = args.get(0);
                routing = args.subList(1, args.size());
                break;
            case DESTINATION_NUMKEYS:
                long numkeys = args.size() < 2 ? -1 : parseLong(args.get(1));
                if (numkeys < 1 || numkeys > args.size() - 2) {
                    return CommandPlan.unchanged(spec.replyDecoding());
                }
                target = args.get(0);
                routing = args.subList(2, 2 + (int) numkeys);
                break;
            case BITOP:
                if (args.size() < 3) {
                    return CommandPlan.unchanged(spec.replyDecoding());
                }
                target = args.get(1);
                routing = args.subList(2, args.size());
                break;
            default:
                target = args.get(0);
                routing = List.of();
        }
        ResolvedRule rule = rules.match(target);
        if (spec.partial() && rule.compression().enabled()) {
            metrics.write(rule, WriteOutcome.INCOMPATIBLE);
            throw IncompatibleWriteException.partialWrite(rule.name(), name);
        }
        List<byte[]> out = args;
        switch (spec.values()) {
            case AT:
                if (spec.valueIndex() < args.size()) {
                    out = value(out, args, spec.valueIndex(), rule, name, spec.compressValues());
                }
                break;
            case FROM:
                for (int i = spec.valueIndex(); i < args.size(); i++) {
                    out = value(out, args, i, rule, name, spec.compressValues());
                }
                break;
            case PAIRS:
                for (int i = spec.valueIndex(); i < args.size(); i += 2) {
                    out = value(out, args, i, rule, name, spec.compressValues());
                }
                break;
            default:
                break;
        }
        if (rule.persistent()) {
            tally().ttl(rule, TtlAction.PERSISTENT);
            tally().admitted(rule);
            return out == args
                    ? CommandPlan.unchanged(spec.replyDecoding())
                    : CommandPlan.rewrite(name, out, spec.replyDecoding());
        }
        int prefix = 1;
        if (spec.optionPrefix()) {
            while (prefix < args.size() && isChunkOption(name, args.get(prefix))) {
                prefix++;
            }
        }
        // May refuse the write (too many arguments): count nothing as written before it is planned.
        CommandPlan plan = script(
                name,
                out,
                List.of(target),
                List.of(rule),
                routing,
                spec.chunking(),
                prefix,
                spec.stride(),
                spec.replyDecoding());
        tally().ttl(rule, TtlAction.ENSURED);
        tally().admitted(rule);
        return plan;
    }

    private static boolean isChunkOption(String command, byte[] arg) {
        if (is(arg, "NX") || is(arg, "XX") || is(arg, "CH")) {
            return true;
        }
        return command.equals("ZADD") && (is(arg, "GT") || is(arg, "LT") || is(arg, "INCR"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // TTL commands

    private CommandPlan expire(CommandSpec spec, List<byte[]> args) {
        if (args.size() < 2) {
            return CommandPlan.unchanged(ReplyDecoding.NONE);
        }
        ResolvedRule rule = rules.match(args.get(0));
        if (rule.persistent()) {
            tally().ttl(rule, TtlAction.PERSISTENT);
            tally().admitted(rule);
            return CommandPlan.unchanged(ReplyDecoding.NONE);
        }
        long requested = remainingMillis(spec.timeUnit(), args.get(1));
        if (requested == Long.MIN_VALUE) {
            return CommandPlan.unchanged(ReplyDecoding.NONE);
        }
        long bounded = bound(rule, requested);
        tally().admitted(rule);
        if (bounded == requested) {
            return CommandPlan.unchanged(ReplyDecoding.NONE);
        }
        List<byte[]> out = new ArrayList<>(args);
        out.set(1, ascii(bounded));
        return CommandPlan.rewrite("PEXPIRE", out, ReplyDecoding.NONE);
    }

    private CommandPlan persist(List<byte[]> args) {
        if (args.size() != 1) {
            return CommandPlan.unchanged(ReplyDecoding.NONE);
        }
        ResolvedRule rule = rules.match(args.get(0));
        if (rule.persistent()) {
            tally().ttl(rule, TtlAction.PERSISTENT);
            tally().admitted(rule);
            return CommandPlan.unchanged(ReplyDecoding.NONE);
        }
        long ttl = missingTtl(rule, "PERSIST");
        tally().admitted(rule);
        // A key under a TTL rule may not live forever: PERSIST becomes "live for the default TTL from now".
        return CommandPlan.rewrite("PEXPIRE", List.of(args.get(0), ascii(ttl)), ReplyDecoding.NONE);
    }

    private CommandPlan restore(List<byte[]> args) {
        if (args.size() < 3) {
            return CommandPlan.unchanged(ReplyDecoding.NONE);
        }
        ResolvedRule rule = rules.match(args.get(0));
        long ttl = parseLong(args.get(1));
        if (ttl == Long.MIN_VALUE || ttl < 0) {
            return CommandPlan.unchanged(ReplyDecoding.NONE);
        }
        boolean absolute = hasOption(args, 3, "ABSTTL");
        if (ttl == 0) {
            refuseMissingTtl(rule, "RESTORE");
        }
        checkSize(rule, "RESTORE", args.get(2));
        if (rule.persistent()) {
            tally().ttl(rule, TtlAction.PERSISTENT);
            tally().admitted(rule);
            return CommandPlan.unchanged(ReplyDecoding.NONE);
        }
        long bounded;
        if (ttl == 0) {
            long missing = missingTtl(rule, "RESTORE");
            bounded = absolute ? clock.millis() + missing : missing;
        } else {
            long remaining = absolute ? ttl - clock.millis() : ttl;
            long b = remaining <= 0 ? remaining : bound(rule, remaining);
            bounded = b == remaining ? ttl : absolute ? clock.millis() + b : b;
        }
        tally().admitted(rule);
        if (bounded == ttl) {
            return CommandPlan.unchanged(ReplyDecoding.NONE);
        }
        List<byte[]> out = new ArrayList<>(args);
        out.set(1, ascii(bounded));
        return CommandPlan.rewrite("RESTORE", out, ReplyDecoding.NONE);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // TTL policy

    /** Caps or raises a requested TTL; TTLs of zero or less (delete now) are left alone. Counts what it did. */
    private long bound(ResolvedRule rule, long requested) {
        if (requested <= 0) {
            tally().ttl(rule, TtlAction.KEPT);
            return requested;
        }
        if (rule.maxTtlMillis() > 0 && requested > rule.maxTtlMillis()) {
            tally().ttl(rule, TtlAction.CAPPED);
            return rule.maxTtlMillis();
        }
        if (rule.minTtlMillis() > 0 && requested < rule.minTtlMillis()) {
            tally().ttl(rule, TtlAction.RAISED);
            return rule.minTtlMillis();
        }
        tally().ttl(rule, TtlAction.KEPT);
        return requested;
    }

    /** The TTL for a write that could carry one and does not: the default, or a refusal. */
    private long missingTtl(ResolvedRule rule, String command) {
        refuseMissingTtl(rule, command);
        tally().ttl(rule, TtlAction.APPLIED);
        return rule.defaultTtlMillis();
    }

    /**
     * Refuses a write without a TTL under a rejecting rule, before anything else is checked or counted; TTL actions
     * are counted only once the write has passed every check.
     */
    private void refuseMissingTtl(ResolvedRule rule, String command) {
        if (rule.rejectsMissingTtl() && !rule.persistent()) {
            metrics.ttl(rule, TtlAction.REJECTED);
            metrics.write(rule, WriteOutcome.MISSING_TTL);
            throw new MissingTtlException(rule.name(), command);
        }
    }

    /** Milliseconds from now that a TTL argument stands for, or Long.MIN_VALUE when it is not a number. */
    private long remainingMillis(TimeUnitArg unit, byte[] arg) {
        long n = parseLong(arg);
        if (n == Long.MIN_VALUE) {
            return n;
        }
        switch (unit) {
            case SECONDS:
                return saturatedMultiply(n, 1000);
            case UNIX_SECONDS:
                return saturatedSubtract(saturatedMultiply(n, 1000), clock.millis());
            case UNIX_MILLISECONDS:
                return saturatedSubtract(n, clock.millis());
            default:
                return n;
        }
    }

    /** a - b, saturated like saturatedMultiply (a time far in the past must not wrap around into the future). */
    private static long saturatedSubtract(long a, long b) {
        long r = a - b;
        if (((a ^ b) & (a ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE + 1 : Long.MAX_VALUE - 1;
        }
        return r;
    }

    private static long saturatedMultiply(long n, long factor) {
        long high = Math.multiplyHigh(n, factor);
        long low = n * factor;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
            return low;
        }
        return n > 0 ? Long.MAX_VALUE - 1 : Long.MIN_VALUE + 1;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Values

    private void checkSize(ResolvedRule rule, String command, byte[] value) {
        if (value.length > rule.maxValueSize()) {
            metrics.write(rule, WriteOutcome.VALUE_TOO_LARGE);
            throw new ValueTooLargeException(rule.name(), command, value.length, rule.maxValueSize());
        }
    }

    /** Size-checks and compresses args[index]; returns args itself when nothing changed, else a copy. */
    private List<byte[]> withValue(List<byte[]> args, int index, ResolvedRule rule, String command) {
        return value(args, args, index, rule, command, true);
    }

    private List<byte[]> value(
            List<byte[]> out, List<byte[]> args, int index, ResolvedRule rule, String command, boolean compress) {
        byte[] value = args.get(index);
        checkSize(rule, command, value);
        if (!compress) {
            return out;
        }
        byte[] encoded = encode(rule, value);
        if (encoded == value) {
            return out;
        }
        List<byte[]> copy = copyIfSame(out, args);
        copy.set(index, encoded);
        return copy;
    }

    private byte[] encode(ResolvedRule rule, byte[] value) {
        byte[] encoded = codec.encode(value, rule.compression());
        if (rule.compression().appliesTo(value.length)) {
            if (encoded != value && encoded.length < value.length) {
                tally().compressed(rule, value.length, encoded.length);
            } else {
                tally().incompressible(rule);
            }
        }
        return encoded;
    }

    /** {@code out}, or a copy of {@code args} with room for two more arguments (a TTL option) if it is them. */
    private static List<byte[]> copyIfSame(List<byte[]> out, List<byte[]> args) {
        if (out != args) {
            return out;
        }
        List<byte[]> copy = new ArrayList<>(args.size() + 2);
        for (int i = 0; i < args.size(); i++) { // not addAll: it copies the arguments into an array first
            copy.add(args.get(i));
        }
        return copy;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Scripts

    private CommandPlan scriptWithTtl(
            String command, List<byte[]> args, byte[] key, long ttl, long max, ReplyDecoding decoding) {
        List<byte[]> eval = new ArrayList<>(args.size() + 7);
        eval.add(TtlScripts.WRITE_THEN_EXPIRE);
        eval.add(ONE);
        eval.add(key);
        eval.add(ONE);
        eval.add(ascii(ttl));
        eval.add(ascii(max));
        eval.add(ascii(command));
        eval.addAll(args);
        return CommandPlan.rewrite("EVAL", eval, decoding);
    }

    /**
     * EVAL of the write followed by the TTL step for {@code ensured} keys; {@code routing} lists further keys the
     * command touches, declared for cluster routing only.
     */
    private CommandPlan script(
            String command,
            List<byte[]> args,
            List<byte[]> ensured,
            List<ResolvedRule> ensuredRules,
            List<byte[]> routing,
            Chunking chunking,
            int prefix,
            int stride,
            ReplyDecoding decoding) {
        int n = ensured.size();
        int argv = 2 + 2 * n + args.size();
        // The script unpacks the command and its arguments, not the key count and TTL pairs before them.
        boolean chunked = 1 + args.size() > TtlScripts.UNPACK_LIMIT;
        if (chunked && chunking != Chunking.NONE && (args.size() - prefix) % stride != 0) {
            return CommandPlan.unchanged(decoding); // wrong arity: the server refuses it whole
        }
        if (chunked && chunking == Chunking.NONE) {
            ResolvedRule rule = ensuredRules.get(0);
            metrics.write(rule, WriteOutcome.INCOMPATIBLE);
            throw IncompatibleWriteException.tooManyArguments(
                    rule.name(), command, args.size(), TtlScripts.UNPACK_LIMIT - 1);
        }
        List<byte[]> eval = new ArrayList<>(argv + n + routing.size() + 6);
        eval.add(chunked ? TtlScripts.CHUNKED_WRITE_THEN_EXPIRE : TtlScripts.WRITE_THEN_EXPIRE);
        eval.add(ascii(n + routing.size()));
        eval.addAll(ensured);
        eval.addAll(routing);
        eval.add(ascii(n));
        for (int i = 0; i < n; i++) {
            ResolvedRule rule = ensuredRules.get(i);
            eval.add(ascii(rule.defaultTtlMillis()));
            eval.add(ascii(rule.maxTtlMillis()));
        }
        if (chunked) {
            eval.add(ascii(prefix));
            eval.add(ascii(stride));
            eval.add(ascii(chunking == Chunking.SUM ? "sum" : chunking == Chunking.MAX ? "max" : "last"));
        }
        eval.add(ascii(command));
        eval.addAll(args);
        return CommandPlan.rewrite("EVAL", eval, decoding);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Bytes

    private static boolean hasOption(List<byte[]> args, int from, String option) {
        for (int i = from; i < args.size(); i++) {
            if (is(args.get(i), option)) {
                return true;
            }
        }
        return false;
    }

    /** Case-insensitive ASCII comparison with an upper-case word. */
    static boolean is(byte[] arg, String upper) {
        if (arg.length != upper.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int c = arg[i];
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            if (c != upper.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Parses a decimal integer as Redis writes it, or returns Long.MIN_VALUE. */
    static long parseLong(byte[] arg) {
        if (arg.length == 0 || arg.length > 20) {
            return Long.MIN_VALUE;
        }
        int i = 0;
        boolean negative = arg[0] == '-';
        if (negative) {
            if (arg.length == 1) {
                return Long.MIN_VALUE;
            }
            i = 1;
        }
        long value = 0;
        for (; i < arg.length; i++) {
            int d = arg[i] - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            if (value > (Long.MAX_VALUE - d) / 10) {
                return Long.MIN_VALUE;
            }
            value = value * 10 + d;
        }
        return negative ? -value : value;
    }

    /**
     * The decimal digits of {@code n}. The same few numbers (each rule's default and maximum TTL) are written over and
     * over, so the last 64 are kept, keyed by value: a hit allocates nothing. The arrays are shared: never modified.
     */
    static byte[] ascii(long n) {
        int slot = (int) (n ^ (n >>> 32)) * 0x9E3779B9 >>> 26;
        Ascii cached = ASCII[slot];
        if (cached != null && cached.value == n) {
            return cached.bytes;
        }
        byte[] bytes = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
        ASCII[slot] = new Ascii(n, bytes);
        return bytes;
    }

    /** A number and its digits; published whole through the array slot (final fields). */
    private static final class Ascii {
        final long value;
        final byte[] bytes;

        Ascii(long value, byte[] bytes) {
            this.value = value;
            this.bytes = bytes;
        }
    }

    /** The bytes of a command or option name; cached (up to 256 names), shared, never modified. */
    static byte[] ascii(String s) {
        byte[] cached = NAMES.get(s);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        if (NAMES.size() < 256) {
            NAMES.putIfAbsent(s, bytes);
        }
        return bytes;
    }
}

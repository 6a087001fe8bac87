/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.internal.CommandCatalogue;
import io.github.redisguard.internal.CommandSpec;
import io.github.redisguard.scenarios.AdapterUnderTest.Command;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sends every write command of the catalogue that can create a key through the guarded client, one at a time, all
 * in one pipeline, and all in one transaction, then asks the server for the TTL of every key written: none may be
 * left without one. The same writes through the raw client leave keys without a TTL, which is the failure the guard
 * prevents.
 */
public abstract class CatalogueWritesScenarios extends ScenarioSupport {

    /** How the writes are sent. */
    public enum Mode {
        PLAIN,
        PIPELINED,
        TRANSACTION
    }

    /**
     * One write: the commands that prepare its source keys (sent raw), the write itself, and the keys it writes.
     * Every key of a scenario starts with its own prefix, so scenarios never share a key.
     */
    record Scenario(String command, List<Command> setup, Command write, List<String> targets) {}

    @Override
    protected GuardConfig config() {
        return GuardConfig.builder().defaultTtl(Duration.ofMinutes(10)).build();
    }

    private static final class Table {
        final List<Scenario> scenarios = new ArrayList<>();
        final String mode;

        Table(String mode) {
            this.mode = mode;
        }

        /** Adds a scenario; {@code f} gets the scenario's key prefix. */
        void add(
                String command,
                Function<String, List<Command>> setup,
                Function<String, Object[]> write,
                String... targets) {
            String p = mode + ":" + scenarios.size() + ":";
            List<String> keys = new ArrayList<>();
            for (String target : targets) {
                keys.add(p + target);
            }
            scenarios.add(new Scenario(command, setup.apply(p), Command.of(command, write.apply(p)), keys));
        }
    }

    private static List<Command> none(String p) {
        return List.of();
    }

    private static Object[] a(Object... args) {
        return args;
    }

    static List<Scenario> scenarios(String mode) {
        Table s = new Table(mode);
        // Whole-value strings
        s.add("SET", CatalogueWritesScenarios::none, p -> a(p + "t", "v"), "t");
        s.add("SET", CatalogueWritesScenarios::none, p -> a(p + "t", "v", "KEEPTTL"), "t");
        s.add("SET", CatalogueWritesScenarios::none, p -> a(p + "t", "v", "NX"), "t");
        s.add("SET", CatalogueWritesScenarios::none, p -> a(p + "t", "v", "GET"), "t");
        s.add("SETEX", CatalogueWritesScenarios::none, p -> a(p + "t", "100", "v"), "t");
        s.add("PSETEX", CatalogueWritesScenarios::none, p -> a(p + "t", "100000", "v"), "t");
        s.add("SETNX", CatalogueWritesScenarios::none, p -> a(p + "t", "v"), "t");
        s.add("GETSET", CatalogueWritesScenarios::none, p -> a(p + "t", "v"), "t");
        s.add("GETEX", p -> List.of(Command.of("SET", p + "t", "v", "EX", "100")), p -> a(p + "t", "PERSIST"), "t");
        s.add("MSET", CatalogueWritesScenarios::none, p -> a(p + "t1", "a", p + "t2", "b"), "t1", "t2");
        s.add("MSETNX", CatalogueWritesScenarios::none, p -> a(p + "t1", "a", p + "t2", "b"), "t1", "t2");
        // Partial string writes and counters
        s.add("APPEND", CatalogueWritesScenarios::none, p -> a(p + "t", "v"), "t");
        s.add("SETRANGE", CatalogueWritesScenarios::none, p -> a(p + "t", "2", "v"), "t");
        s.add("SETBIT", CatalogueWritesScenarios::none, p -> a(p + "t", "7", "1"), "t");
        s.add("BITFIELD", CatalogueWritesScenarios::none, p -> a(p + "t", "SET", "u8", "0", "5"), "t");
        s.add("INCR", CatalogueWritesScenarios::none, p -> a(p + "t"), "t");
        s.add("INCRBY", CatalogueWritesScenarios::none, p -> a(p + "t", "5"), "t");
        s.add("INCRBYFLOAT", CatalogueWritesScenarios::none, p -> a(p + "t", "1.5"), "t");
        s.add("DECR", CatalogueWritesScenarios::none, p -> a(p + "t"), "t");
        s.add("DECRBY", CatalogueWritesScenarios::none, p -> a(p + "t", "2"), "t");
        // Hashes
        s.add("HSET", CatalogueWritesScenarios::none, p -> a(p + "t", "f", "v"), "t");
        s.add("HSET", CatalogueWritesScenarios::none, p -> a(p + "t", "f1", "a", "f2", "b"), "t");
        s.add("HSETNX", CatalogueWritesScenarios::none, p -> a(p + "t", "f", "v"), "t");
        s.add("HMSET", CatalogueWritesScenarios::none, p -> a(p + "t", "f1", "a"), "t");
        s.add("HINCRBY", CatalogueWritesScenarios::none, p -> a(p + "t", "f", "3"), "t");
        s.add("HINCRBYFLOAT", CatalogueWritesScenarios::none, p -> a(p + "t", "f", "0.5"), "t");
        // Lists
        s.add("LPUSH", CatalogueWritesScenarios::none, p -> a(p + "t", "a", "b"), "t");
        s.add("RPUSH", CatalogueWritesScenarios::none, p -> a(p + "t", "a", "b"), "t");
        s.add("LPUSHX", p -> List.of(Command.of("RPUSH", p + "t", "x")), p -> a(p + "t", "a"), "t");
        s.add("RPUSHX", p -> List.of(Command.of("RPUSH", p + "t", "x")), p -> a(p + "t", "a"), "t");
        s.add("LINSERT", p -> List.of(Command.of("RPUSH", p + "t", "x")), p -> a(p + "t", "BEFORE", "x", "a"), "t");
        s.add("LSET", p -> List.of(Command.of("RPUSH", p + "t", "x")), p -> a(p + "t", "0", "a"), "t");
        // Sets, sorted sets, streams, HyperLogLog, geo
        s.add("SADD", CatalogueWritesScenarios::none, p -> a(p + "t", "a", "b"), "t");
        s.add("ZADD", CatalogueWritesScenarios::none, p -> a(p + "t", "1", "m"), "t");
        s.add("ZINCRBY", CatalogueWritesScenarios::none, p -> a(p + "t", "2.5", "m"), "t");
        s.add("XADD", CatalogueWritesScenarios::none, p -> a(p + "t", "*", "f", "v"), "t");
        s.add("PFADD", CatalogueWritesScenarios::none, p -> a(p + "t", "a", "b"), "t");
        s.add("GEOADD", CatalogueWritesScenarios::none, p -> a(p + "t", "13.361389", "38.115556", "Palermo"), "t");
        // Writes to a destination key
        Function<String, List<Command>> string = p -> List.of(Command.of("SET", p + "src", "v"));
        Function<String, List<Command>> list = p -> List.of(Command.of("RPUSH", p + "src", "a", "b"));
        Function<String, List<Command>> sets =
                p -> List.of(Command.of("SADD", p + "s1", "a", "b"), Command.of("SADD", p + "s2", "b", "c"));
        Function<String, List<Command>> zsets = p -> List.of(
                Command.of("ZADD", p + "z1", "1", "a", "2", "b"), Command.of("ZADD", p + "z2", "1", "b", "3", "c"));
        s.add("COPY", string, p -> a(p + "src", p + "t"), "t");
        s.add("RENAME", string, p -> a(p + "src", p + "t"), "t");
        s.add("RENAMENX", string, p -> a(p + "src", p + "t"), "t");
        s.add("LMOVE", list, p -> a(p + "src", p + "t", "LEFT", "RIGHT"), "t");
        s.add("RPOPLPUSH", list, p -> a(p + "src", p + "t"), "t");
        s.add("SMOVE", sets, p -> a(p + "s1", p + "t", "a"), "t");
        s.add("SUNIONSTORE", sets, p -> a(p + "t", p + "s1", p + "s2"), "t");
        s.add("SINTERSTORE", sets, p -> a(p + "t", p + "s1", p + "s2"), "t");
        s.add("SDIFFSTORE", sets, p -> a(p + "t", p + "s1", p + "s2"), "t");
        s.add("ZUNIONSTORE", zsets, p -> a(p + "t", "2", p + "z1", p + "z2"), "t");
        s.add("ZINTERSTORE", zsets, p -> a(p + "t", "2", p + "z1", p + "z2"), "t");
        s.add("ZDIFFSTORE", zsets, p -> a(p + "t", "2", p + "z1", p + "z2"), "t");
        s.add("ZRANGESTORE", zsets, p -> a(p + "t", p + "z1", "0", "-1"), "t");
        s.add("PFMERGE", p -> List.of(Command.of("PFADD", p + "h", "a", "b")), p -> a(p + "t", p + "h"), "t");
        s.add(
                "GEOSEARCHSTORE",
                p -> List.of(Command.of("GEOADD", p + "g", "13.361389", "38.115556", "Palermo")),
                p -> a(p + "t", p + "g", "FROMLONLAT", "13.36", "38.11", "BYRADIUS", "100", "km"),
                "t");
        s.add("BITOP", string, p -> a("OR", p + "t", p + "src"), "t");
        // TTL commands: the key exists without a TTL (written raw), or with one that PERSIST would remove
        Function<String, List<Command>> target = p -> List.of(Command.of("SET", p + "t", "v"));
        String at = Long.toString(Instant.now().plusSeconds(100).getEpochSecond());
        String pat = Long.toString(Instant.now().plusSeconds(100).toEpochMilli());
        s.add("EXPIRE", target, p -> a(p + "t", "100"), "t");
        s.add("PEXPIRE", target, p -> a(p + "t", "100000"), "t");
        s.add("EXPIREAT", target, p -> a(p + "t", at), "t");
        s.add("PEXPIREAT", target, p -> a(p + "t", pat), "t");
        s.add("PERSIST", p -> List.of(Command.of("SET", p + "t", "v", "EX", "100")), p -> a(p + "t"), "t");
        s.add("RESTORE", string, p -> a(p + "t", "0", DUMP), "t");
        return s.scenarios;
    }

    /** Stands for the DUMP of the scenario's source key, taken after its setup. */
    private static final Object DUMP = new Object();

    @Test
    void scenarios_coverEveryCatalogueWriteThatNeedsATtl() {
        Set<String> covered =
                scenarios("x").stream().map(Scenario::command).collect(Collectors.toCollection(TreeSet::new));
        Set<String> catalogue = CommandCatalogue.all().stream()
                .filter(CommandSpec::needsTtl)
                .map(CommandSpec::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(covered).isEqualTo(catalogue);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void everyCatalogueWrite_throughGuardedClient_leavesNoKeyWithoutTtl(Mode mode) {
        String prefix = mode.name().toLowerCase(Locale.ROOT);
        List<Scenario> scenarios = scenarios(prefix);

        List<Object> replies = run(guarded(), mode, scenarios);

        assertThat(replies).noneSatisfy(reply -> assertThat(reply).isInstanceOf(Throwable.class));
        Set<String> targets = targets(scenarios);
        assertThat(keys(prefix + ":*")).containsAll(targets);
        for (String key : targets) {
            assertThat(pttl(key)).as("PTTL of %s", key).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void sameWrites_throughRawClient_leaveKeysWithoutTtl(Mode mode) {
        String prefix = "raw-" + mode.name().toLowerCase(Locale.ROOT);
        List<Scenario> scenarios = scenarios(prefix);

        run(raw(), mode, scenarios);

        Set<String> withoutTtl = new TreeSet<>();
        Set<String> expected = new TreeSet<>();
        for (Scenario scenario : scenarios) {
            for (String key : scenario.targets()) {
                if (pttl(key) == -1) {
                    withoutTtl.add(key);
                }
                // Unguarded, only SETEX, PSETEX and the EXPIRE family leave a TTL behind.
                if (!List.of("SETEX", "PSETEX", "EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT")
                        .contains(scenario.command())) {
                    expected.add(key);
                }
            }
        }
        assertThat(withoutTtl).isEqualTo(expected);
    }

    /** Prepares every scenario's sources (raw), then sends every write the given way; returns the replies. */
    private List<Object> run(AdapterUnderTest.Client client, Mode mode, List<Scenario> scenarios) {
        List<Command> writes = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            for (Command command : scenario.setup()) {
                raw().call(command.name(), command.arguments());
            }
            Object[] args = scenario.write().arguments().clone();
            for (int i = 0; i < args.length; i++) {
                if (args[i] == DUMP) {
                    String key = (String) args[0];
                    args[i] = raw().call("DUMP", key.substring(0, key.length() - 1) + "src");
                }
            }
            writes.add(Command.of(scenario.command(), args));
        }
        List<Object> replies = new ArrayList<>();
        switch (mode) {
            case PLAIN:
                for (Command write : writes) {
                    try {
                        replies.add(client.call(write.name(), write.arguments()));
                    } catch (RuntimeException e) {
                        throw new AssertionError(write.name() + " failed", e);
                    }
                }
                break;
            case PIPELINED:
                replies.addAll(client.pipelined(writes));
                break;
            default:
                replies.addAll(client.transaction(writes));
        }
        return replies;
    }

    private static Set<String> targets(List<Scenario> scenarios) {
        return scenarios.stream().flatMap(s -> s.targets().stream()).collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<String> keys(String pattern) {
        Set<String> keys = new TreeSet<>();
        String cursor = "0";
        do {
            List<?> page = (List<?>) server().call("SCAN", cursor, "MATCH", pattern, "COUNT", "500");
            cursor = String.valueOf(page.get(0));
            for (Object key : (List<?>) page.get(1)) {
                keys.add(String.valueOf(key));
            }
        } while (!cursor.equals("0"));
        return keys;
    }
}

/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisguard.internal.CommandSpec.Chunking;
import io.github.redisguard.internal.CommandSpec.Keys;
import io.github.redisguard.internal.CommandSpec.Kind;
import io.github.redisguard.internal.CommandSpec.TimeUnitArg;
import io.github.redisguard.internal.CommandSpec.Values;
import io.github.redisguard.spi.ReplyDecoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandCatalogueTest {

    private static CommandSpec spec(String name) {
        CommandSpec spec = CommandCatalogue.lookup(name);
        assertThat(spec).as("catalogue entry for %s", name).isNotNull();
        return spec;
    }

    /** Every command the foundation issue lists, with the kind and reply decoding it must have. */
    static Stream<Arguments> foundationCommands() {
        List<Arguments> rows = new ArrayList<>();
        rows.add(Arguments.of("SET", Kind.SET, ReplyDecoding.NONE));
        rows.add(Arguments.of("SETEX", Kind.SETEX, ReplyDecoding.NONE));
        rows.add(Arguments.of("PSETEX", Kind.SETEX, ReplyDecoding.NONE));
        rows.add(Arguments.of("SETNX", Kind.SETNX, ReplyDecoding.NONE));
        rows.add(Arguments.of("GETSET", Kind.GETSET, ReplyDecoding.VALUES));
        rows.add(Arguments.of("GETEX", Kind.GETEX, ReplyDecoding.VALUES));
        rows.add(Arguments.of("MSET", Kind.MSET, ReplyDecoding.NONE));
        rows.add(Arguments.of("MSETNX", Kind.MSET, ReplyDecoding.NONE));
        for (String name : List.of(
                "APPEND",
                "SETRANGE",
                "INCR",
                "INCRBY",
                "INCRBYFLOAT",
                "DECR",
                "DECRBY",
                "HSET",
                "HSETNX",
                "HMSET",
                "HINCRBY",
                "HINCRBYFLOAT",
                "LPUSH",
                "RPUSH",
                "LPUSHX",
                "RPUSHX",
                "LINSERT",
                "LSET",
                "SADD",
                "ZADD",
                "ZINCRBY",
                "XADD",
                "PFADD",
                "GEOADD",
                "SETBIT",
                "COPY",
                "RENAME")) {
            rows.add(Arguments.of(name, Kind.ENSURE, ReplyDecoding.NONE));
        }
        rows.add(Arguments.of("RESTORE", Kind.RESTORE, ReplyDecoding.NONE));
        rows.add(Arguments.of("DEL", Kind.FREEING, ReplyDecoding.NONE));
        rows.add(Arguments.of("UNLINK", Kind.FREEING, ReplyDecoding.NONE));
        rows.add(Arguments.of("GETDEL", Kind.FREEING, ReplyDecoding.VALUES));
        for (String name : List.of("EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT")) {
            rows.add(Arguments.of(name, Kind.EXPIRE, ReplyDecoding.NONE));
        }
        rows.add(Arguments.of("PERSIST", Kind.PERSIST, ReplyDecoding.NONE));
        for (String name : List.of("GET", "MGET", "HGET", "HMGET", "HVALS")) {
            rows.add(Arguments.of(name, Kind.READ, ReplyDecoding.VALUES));
        }
        rows.add(Arguments.of("HGETALL", Kind.READ, ReplyDecoding.MAP_VALUES));
        for (String name : List.of("LRANGE", "SMEMBERS", "ZRANGE")) {
            rows.add(Arguments.of(name, Kind.READ, ReplyDecoding.NONE));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: {1}, {2}")
    @MethodSource("foundationCommands")
    void foundationCommand_hasItsKindAndReplyDecoding(String name, Kind kind, ReplyDecoding decoding) {
        CommandSpec spec = spec(name);

        assertThat(spec.name()).isEqualTo(name);
        assertThat(spec.kind()).isEqualTo(kind);
        assertThat(spec.replyDecoding()).isEqualTo(decoding);
        assertThat(spec.known()).isTrue();
    }

    @Test
    void timeUnits_areReadAsTheCommandMeansThem() {
        assertThat(spec("SETEX").timeUnit()).isEqualTo(TimeUnitArg.SECONDS);
        assertThat(spec("PSETEX").timeUnit()).isEqualTo(TimeUnitArg.MILLISECONDS);
        assertThat(spec("EXPIRE").timeUnit()).isEqualTo(TimeUnitArg.SECONDS);
        assertThat(spec("PEXPIRE").timeUnit()).isEqualTo(TimeUnitArg.MILLISECONDS);
        assertThat(spec("EXPIREAT").timeUnit()).isEqualTo(TimeUnitArg.UNIX_SECONDS);
        assertThat(spec("PEXPIREAT").timeUnit()).isEqualTo(TimeUnitArg.UNIX_MILLISECONDS);
    }

    @Test
    void partialStringWrites_areMarkedPartial() {
        for (String name : List.of("APPEND", "SETRANGE", "SETBIT", "BITFIELD")) {
            assertThat(spec(name).partial()).as(name).isTrue();
        }
        assertThat(CommandCatalogue.all())
                .filteredOn(CommandSpec::partial)
                .extracting(CommandSpec::name)
                .containsExactlyInAnyOrder("APPEND", "SETRANGE", "SETBIT", "BITFIELD");
    }

    @Test
    void onlyWholeHashValues_areCompressedAmongEnsureWrites() {
        assertThat(CommandCatalogue.all())
                .filteredOn(CommandSpec::compressValues)
                .extracting(CommandSpec::name)
                .containsExactlyInAnyOrder("HSET", "HMSET", "HSETNX");
        assertThat(spec("HSET").values()).isEqualTo(Values.PAIRS);
        assertThat(spec("HSET").valueIndex()).isEqualTo(2);
        assertThat(spec("HSETNX").values()).isEqualTo(Values.AT);
        assertThat(spec("HSETNX").valueIndex()).isEqualTo(2);
    }

    @Test
    void destinationWrites_sayWhereTheirKeysAre() {
        assertThat(spec("COPY").keys()).isEqualTo(Keys.SOURCE_DESTINATION);
        assertThat(spec("RENAME").keys()).isEqualTo(Keys.SOURCE_DESTINATION);
        assertThat(spec("LMOVE").keys()).isEqualTo(Keys.SOURCE_DESTINATION);
        assertThat(spec("SUNIONSTORE").keys()).isEqualTo(Keys.DESTINATION_KEYS);
        assertThat(spec("PFMERGE").keys()).isEqualTo(Keys.DESTINATION_KEYS);
        assertThat(spec("ZUNIONSTORE").keys()).isEqualTo(Keys.DESTINATION_NUMKEYS);
        assertThat(spec("ZRANGESTORE").keys()).isEqualTo(Keys.DESTINATION_SOURCE);
        assertThat(spec("BITOP").keys()).isEqualTo(Keys.BITOP);
        assertThat(spec("HSET").keys()).isEqualTo(Keys.FIRST);
    }

    @Test
    void variadicWrites_sayHowTheyAreChunked() {
        assertThat(spec("SADD").chunking()).isEqualTo(Chunking.SUM);
        assertThat(spec("SADD").stride()).isEqualTo(1);
        assertThat(spec("HSET").chunking()).isEqualTo(Chunking.SUM);
        assertThat(spec("HSET").stride()).isEqualTo(2);
        assertThat(spec("ZADD").stride()).isEqualTo(2);
        assertThat(spec("ZADD").optionPrefix()).isTrue();
        assertThat(spec("GEOADD").stride()).isEqualTo(3);
        assertThat(spec("LPUSH").chunking()).isEqualTo(Chunking.LAST);
        assertThat(spec("MSET").chunking()).isEqualTo(Chunking.LAST);
        assertThat(spec("PFADD").chunking()).isEqualTo(Chunking.MAX);
        // All-or-nothing writes cannot be split.
        assertThat(spec("MSETNX").chunking()).isEqualTo(Chunking.NONE);
        assertThat(spec("XADD").chunking()).isEqualTo(Chunking.NONE);
        assertThat(spec("SUNIONSTORE").chunking()).isEqualTo(Chunking.NONE);
    }

    @Test
    void noWriteThatNeedsATtl_isAFreeingWrite() {
        assertThat(CommandCatalogue.all())
                .filteredOn(CommandSpec::needsTtl)
                .allSatisfy(spec -> assertThat(spec.kind()).as(spec.name()).isNotEqualTo(Kind.FREEING));
        assertThat(CommandCatalogue.all())
                .filteredOn(spec -> spec.kind() == Kind.FREEING)
                .allSatisfy(spec -> {
                    assertThat(spec.needsTtl()).as(spec.name()).isFalse();
                    assertThat(spec.isWrite()).as(spec.name()).isTrue();
                    assertThat(spec.inspectsArguments()).as(spec.name()).isFalse();
                });
    }

    @Test
    void everyWriteThatCanCreateAKey_needsATtlAndIsInspected() {
        assertThat(CommandCatalogue.all())
                .filteredOn(spec -> spec.kind() == Kind.ENSURE || spec.kind() == Kind.SET || spec.kind() == Kind.MSET)
                .allSatisfy(spec -> {
                    assertThat(spec.needsTtl()).as(spec.name()).isTrue();
                    assertThat(spec.inspectsArguments()).as(spec.name()).isTrue();
                });
    }

    @Test
    void readsAndOtherCommands_areNeitherWritesNorInspected() {
        assertThat(CommandCatalogue.all())
                .filteredOn(spec -> spec.kind() == Kind.READ || spec.kind() == Kind.OTHER)
                .isNotEmpty()
                .allSatisfy(spec -> {
                    assertThat(spec.isWrite()).as(spec.name()).isFalse();
                    assertThat(spec.needsTtl()).as(spec.name()).isFalse();
                    assertThat(spec.inspectsArguments()).as(spec.name()).isFalse();
                });
    }

    @Test
    void entries_areUpperCaseAndKnown_andListedOnceInNameOrder() {
        List<String> names =
                CommandCatalogue.all().stream().map(CommandSpec::name).toList();

        assertThat(names).isSorted().doesNotHaveDuplicates();
        assertThat(names).allSatisfy(name -> assertThat(name).isEqualTo(name.toUpperCase(Locale.ROOT)));
        assertThat(CommandCatalogue.all()).allSatisfy(spec -> {
            assertThat(spec.known()).isTrue();
            assertThat(spec.kind()).isNotEqualTo(Kind.UNKNOWN);
            assertThat(CommandCatalogue.lookup(spec.name())).isSameAs(spec);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"set", "Set", "sEt", "hset", "GetEx", "pexpireat"})
    void lookup_isCaseInsensitive(String name) {
        assertThat(CommandCatalogue.lookup(name)).isSameAs(CommandCatalogue.lookup(name.toUpperCase(Locale.ROOT)));
        assertThat(CommandCatalogue.lookup(name)).isNotNull();
    }

    @Test
    void lookup_unknownCommand_isNull() {
        assertThat(CommandCatalogue.lookup("JSON.SET")).isNull();
        assertThat(CommandCatalogue.lookup("")).isNull();
    }

    @Test
    void unknown_passesThroughUnchanged() {
        CommandSpec spec = CommandCatalogue.unknown("FOO");

        assertThat(spec.kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(spec.known()).isFalse();
        assertThat(spec.isWrite()).isFalse();
        assertThat(spec.inspectsArguments()).isFalse();
        assertThat(spec.replyDecoding()).isEqualTo(ReplyDecoding.NONE);
        assertThat(spec).hasToString("FOO(UNKNOWN)");
    }
}

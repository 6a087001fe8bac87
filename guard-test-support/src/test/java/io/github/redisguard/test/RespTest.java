/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RespTest {

    @Test
    void encode_command_isArrayOfBulkStrings() {
        byte[] bytes = Resp.encode("SET", "k", "");

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n");
    }

    @Test
    void encode_multiByteCharacters_countsBytesNotChars() {
        byte[] bytes = Resp.encode("ECHO", "€");

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("*2\r\n$4\r\nECHO\r\n$3\r\n€\r\n");
    }

    @Test
    void read_simpleString_isString() throws IOException {
        assertThat(Resp.read(in("+PONG\r\n"))).isEqualTo("PONG");
        assertThat(Resp.read(in("+\r\n"))).isEqualTo("");
    }

    @Test
    void read_integer_isLong() throws IOException {
        assertThat(Resp.read(in(":42\r\n"))).isEqualTo(42L);
        assertThat(Resp.read(in(":-7\r\n"))).isEqualTo(-7L);
        assertThat(Resp.read(in(":9223372036854775807\r\n"))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void read_bulkString_isUtf8String() throws IOException {
        assertThat(Resp.read(in("$5\r\nhello\r\n"))).isEqualTo("hello");
        assertThat(Resp.read(in("$3\r\n€\r\n"))).isEqualTo("€");
        assertThat(Resp.read(in("$0\r\n\r\n"))).isEqualTo("");
    }

    @Test
    void read_bulkStringHoldingCrlf_isReadByLength() throws IOException {
        assertThat(Resp.read(in("$8\r\na\r\nb\r\n:1\r\n"))).isEqualTo("a\r\nb\r\n:1");
    }

    @Test
    void read_nilBulkAndNilArray_areNull() throws IOException {
        assertThat(Resp.read(in("$-1\r\n"))).isNull();
        assertThat(Resp.read(in("*-1\r\n"))).isNull();
    }

    @Test
    void read_array_isListOfReplies() throws IOException {
        Object reply = Resp.read(in("*4\r\n$9\r\nmaxmemory\r\n:0\r\n$-1\r\n*2\r\n+a\r\n:2\r\n"));

        assertThat(reply).isEqualTo(Arrays.asList("maxmemory", 0L, null, List.of("a", 2L)));
    }

    @Test
    void read_emptyArray_isEmptyList() throws IOException {
        assertThat(Resp.read(in("*0\r\n"))).isEqualTo(List.of());
    }

    @Test
    void read_error_throwsWithServerText() {
        assertThatThrownBy(() -> Resp.read(in("-ERR unknown command 'FOO'\r\n")))
                .isInstanceOf(RedisErrorReply.class)
                .hasMessage("ERR unknown command 'FOO'")
                .satisfies(e -> assertThat(((RedisErrorReply) e).code()).isEqualTo("ERR"));
    }

    @Test
    void read_errorInsideArray_isReturnedAsElement() throws IOException {
        Object reply = Resp.read(in("*2\r\n+OK\r\n-WRONGTYPE Operation against a key\r\n"));

        assertThat(reply).isInstanceOf(List.class);
        List<?> elements = (List<?>) reply;
        assertThat(elements.get(0)).isEqualTo("OK");
        assertThat(elements.get(1)).isInstanceOfSatisfying(RedisErrorReply.class, e -> assertThat(e.code())
                .isEqualTo("WRONGTYPE"));
    }

    @Test
    void read_consecutiveReplies_areReadOneAtATime() throws IOException {
        InputStream stream = in("+OK\r\n:1\r\n$1\r\nx\r\n");

        assertThat(Resp.read(stream)).isEqualTo("OK");
        assertThat(Resp.read(stream)).isEqualTo(1L);
        assertThat(Resp.read(stream)).isEqualTo("x");
    }

    @Test
    void read_errorReply_leavesStreamAtNextReply() throws IOException {
        InputStream stream = in("-OOM command not allowed\r\n+OK\r\n");

        assertThatThrownBy(() -> Resp.read(stream)).isInstanceOf(RedisErrorReply.class);
        assertThat(Resp.read(stream)).isEqualTo("OK");
    }

    @Test
    void read_truncatedInput_throwsEof() {
        assertThatThrownBy(() -> Resp.read(in(""))).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> Resp.read(in("+PON"))).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> Resp.read(in("$5\r\nhel"))).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> Resp.read(in("*2\r\n:1\r\n"))).isInstanceOf(EOFException.class);
    }

    @Test
    void read_unknownType_throwsProtocolException() {
        assertThatThrownBy(() -> Resp.read(in("%1\r\n")))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("RESP2 reply must start with one of + - : $ *, but was byte 0x25");
    }

    @Test
    void read_badLengthOrLineEnd_throwsProtocolException() {
        assertThatThrownBy(() -> Resp.read(in(":abc\r\n")))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("RESP2 integer must be decimal digits, but was 'abc'");
        assertThatThrownBy(() -> Resp.read(in("$-2\r\n"))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Resp.read(in("$1\r\nxy\r\n"))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Resp.read(in("+OK\rX"))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void errorCode_lowerCaseFirstWord_isEmpty() {
        assertThat(new RedisErrorReply("LOADING Redis is loading").code()).isEqualTo("LOADING");
        assertThat(new RedisErrorReply("NOAUTH").code()).isEqualTo("NOAUTH");
        assertThat(new RedisErrorReply("something odd").code()).isEmpty();
    }

    @Test
    void parseInfo_skipsHeadingsAndBlankLines() {
        Map<String, String> info = RedisServer.parseInfo(
                "# Memory\r\nused_memory:1024\r\nmaxmemory_policy:allkeys-lru\r\n\r\n# Keyspace\r\n"
                        + "db0:keys=1,expires=0,avg_ttl=0\r\n");

        assertThat(info)
                .containsExactly(
                        Map.entry("used_memory", "1024"),
                        Map.entry("maxmemory_policy", "allkeys-lru"),
                        Map.entry("db0", "keys=1,expires=0,avg_ttl=0"));
    }

    private static InputStream in(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}

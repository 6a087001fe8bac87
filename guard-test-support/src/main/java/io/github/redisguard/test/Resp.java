/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * RESP2, the parts a test needs: commands go out as arrays of bulk strings; replies come back as {@link String}
 * (simple and bulk strings, UTF-8), {@link Long} (integers), {@link List} (arrays, elements may be null), null (nil)
 * or a thrown {@link RedisErrorReply} (errors; inside arrays the error is returned as an element).
 */
final class Resp {

    /** Largest bulk string Redis sends (proto-max-bulk-len default). */
    private static final long MAX_BULK = 512L * 1024 * 1024;

    /** Largest line (type byte excluded) accepted for simple strings, errors and lengths. */
    private static final int MAX_LINE = 64 * 1024;

    private Resp() {}

    /** Returns {@code args} encoded as a RESP array of bulk strings. */
    static byte[] encode(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeAscii(out, "*" + args.length + "\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            writeAscii(out, "$" + bytes.length + "\r\n");
            out.write(bytes, 0, bytes.length);
            writeAscii(out, "\r\n");
        }
        return out.toByteArray();
    }

    /** Writes {@code args} as one command. */
    static void write(OutputStream out, String... args) throws IOException {
        out.write(encode(args));
        out.flush();
    }

    /**
     * Reads one reply.
     *
     * @throws RedisErrorReply if the reply is an error
     * @throws EOFException if the stream ends inside the reply
     * @throws ProtocolException if the bytes are not RESP2
     */
    static @Nullable Object read(InputStream in) throws IOException {
        Object reply = readValue(in);
        if (reply instanceof RedisErrorReply) {
            throw (RedisErrorReply) reply;
        }
        return reply;
    }

    private static @Nullable Object readValue(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed before a reply");
        }
        switch (type) {
            case '+':
                return readLine(in);
            case '-':
                return new RedisErrorReply(readLine(in));
            case ':':
                return parseLong(readLine(in));
            case '$':
                return readBulk(in, parseLong(readLine(in)));
            case '*':
                return readArray(in, parseLong(readLine(in)));
            default:
                throw new ProtocolException(
                        "RESP2 reply must start with one of + - : $ *, but was byte 0x" + Integer.toHexString(type));
        }
    }

    private static @Nullable String readBulk(InputStream in, long length) throws IOException {
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > MAX_BULK) {
            throw new ProtocolException("bulk length must be -1 or within [0, " + MAX_BULK + "], but was " + length);
        }
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length < length) {
            throw new EOFException("connection closed inside a bulk string of " + length + " bytes");
        }
        expect(in, '\r');
        expect(in, '\n');
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static @Nullable List<@Nullable Object> readArray(InputStream in, long length) throws IOException {
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new ProtocolException("array length must be -1 or positive, but was " + length);
        }
        List<@Nullable Object> elements = new ArrayList<>((int) Math.min(length, 1024));
        for (long i = 0; i < length; i++) {
            elements.add(readValue(in));
        }
        return elements;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside a reply line");
            }
            if (b == '\r') {
                expect(in, '\n');
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE) {
                throw new ProtocolException("reply line must be at most " + MAX_LINE + " bytes, but was longer");
            }
            line.write(b);
        }
    }

    private static long parseLong(String text) throws ProtocolException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ProtocolException("RESP2 integer must be decimal digits, but was '" + text + "'");
        }
    }

    private static void expect(InputStream in, char expected) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed inside a reply");
        }
        if (b != expected) {
            throw new ProtocolException(
                    "RESP2 line must end with CRLF, but had byte 0x" + Integer.toHexString(b) + " there");
        }
    }

    private static void writeAscii(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        out.write(bytes, 0, bytes.length);
    }
}

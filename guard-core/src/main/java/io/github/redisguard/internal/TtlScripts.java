/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

import java.nio.charset.StandardCharsets;

/**
 * The Lua scripts that run a write and give its keys their TTL in one atomic step. A script is the only safe shape
 * on a multiplexed connection: a MULTI/EXEC issued there would take in other callers' commands.
 *
 * <p>Layout shared by both scripts: {@code KEYS[1..n]} are the keys that must end with a TTL, any further keys are
 * declared only for cluster routing. {@code ARGV[1]} is n, then one (default ms, max ms or 0) pair per key, then the
 * command. After the write, a key with no TTL gets its default, a key whose TTL exceeds the max is capped, a key that
 * does not exist is left alone. Errors of the write come back as they are (pcall), and then no TTL is touched.
 *
 * <p>The scripts are sent with EVAL, not EVALSHA: the server caches them by digest anyway, and EVAL survives
 * restarts, failovers and SCRIPT FLUSH without a NOSCRIPT round trip, also inside MULTI.
 */
final class TtlScripts {

    private static final String ENSURE_TTLS = "for i = 1, n do\n"
            + "  local t = redis.call('PTTL', KEYS[i])\n"
            + "  if t == -1 then\n"
            + "    redis.call('PEXPIRE', KEYS[i], ARGV[2 * i])\n"
            + "  elseif t > 0 then\n"
            + "    local m = tonumber(ARGV[2 * i + 1])\n"
            + "    if m > 0 and t > m then redis.call('PEXPIRE', KEYS[i], m) end\n"
            + "  end\n"
            + "end\n"
            + "return r\n";

    /** ARGV after the pairs: the command name and its arguments. */
    static final byte[] WRITE_THEN_EXPIRE = ("local n = tonumber(ARGV[1])\n"
                    + "local r = redis.pcall(unpack(ARGV, 2 * n + 2))\n"
                    + "if type(r) == 'table' and r.err then return r end\n"
                    + ENSURE_TTLS)
            .getBytes(StandardCharsets.US_ASCII);

    /**
     * For writes with more arguments than Lua can unpack at once. ARGV after the pairs: p (arguments repeated in
     * every chunk, e.g. the key and options), stride (arguments per element), mode (sum, last or max), the command
     * name, the p repeated arguments, then the elements. Chunks hold at most 6000 arguments.
     */
    static final byte[] CHUNKED_WRITE_THEN_EXPIRE = ("local n = tonumber(ARGV[1])\n"
                    + "local base = 2 * n + 2\n"
                    + "local p = tonumber(ARGV[base])\n"
                    + "local stride = tonumber(ARGV[base + 1])\n"
                    + "local mode = ARGV[base + 2]\n"
                    + "local first = base + 4\n"
                    + "local per = math.floor(6000 / stride) * stride\n"
                    + "local total = #ARGV\n"
                    + "local acc = 0\n"
                    + "local r\n"
                    + "local i = first + p\n"
                    + "while i <= total do\n"
                    + "  local j = math.min(i + per - 1, total)\n"
                    + "  local args = {ARGV[base + 3]}\n"
                    + "  for k = first, first + p - 1 do args[#args + 1] = ARGV[k] end\n"
                    + "  for k = i, j do args[#args + 1] = ARGV[k] end\n"
                    + "  r = redis.pcall(unpack(args))\n"
                    + "  if type(r) == 'table' and r.err then return r end\n"
                    + "  if mode == 'sum' then acc = acc + r elseif mode == 'max' and r > acc then acc = r end\n"
                    + "  i = j + 1\n"
                    + "end\n"
                    + "if mode ~= 'last' then r = acc end\n"
                    + ENSURE_TTLS)
            .getBytes(StandardCharsets.US_ASCII);

    /** Lua unpacks at most ~7990 values at once; above this many (the command and its arguments), chunk. */
    static final int UNPACK_LIMIT = 7000;

    private TtlScripts() {}
}

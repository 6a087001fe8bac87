/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spi;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an adapter sends for one command: the command as the application wrote it, or a rewritten command (another
 * name and arguments, e.g. {@code SET k v PX 60000}, or an {@code EVAL} of a script that performs the write and
 * gives the key its TTL atomically). The rewritten command replies exactly what the original would have replied, so
 * the adapter keeps the original's reply handling. Immutable.
 */
public final class CommandPlan {

    private static final CommandPlan UNCHANGED = new CommandPlan(null, List.of(), ReplyDecoding.NONE, 0, false);

    private static final CommandPlan UNCHANGED_VALUES =
            new CommandPlan(null, List.of(), ReplyDecoding.VALUES, 0, false);

    private static final CommandPlan UNCHANGED_MAP_VALUES =
            new CommandPlan(null, List.of(), ReplyDecoding.MAP_VALUES, 0, false);

    private static final CommandPlan DROPPED = new CommandPlan(null, List.of(), ReplyDecoding.NONE, 0, true);

    private final @Nullable String command;

    private final List<byte[]> arguments;

    private final ReplyDecoding replyDecoding;

    private final long memoryBytes;

    private final boolean dropped;

    private CommandPlan(
            @Nullable String command,
            List<byte[]> arguments,
            ReplyDecoding replyDecoding,
            long memoryBytes,
            boolean dropped) {
        this.command = command;
        this.arguments = arguments;
        this.replyDecoding = replyDecoding;
        this.memoryBytes = memoryBytes;
        this.dropped = dropped;
    }

    /** Returns the plan to send the command as it is, decoding the reply as given. */
    public static CommandPlan unchanged(ReplyDecoding replyDecoding) {
        switch (replyDecoding) {
            case VALUES:
                return UNCHANGED_VALUES;
            case MAP_VALUES:
                return UNCHANGED_MAP_VALUES;
            default:
                return UNCHANGED;
        }
    }

    /**
     * Returns the plan to send {@code command} with {@code arguments} instead of the original.
     *
     * @param command the command name to send, upper case
     * @param arguments every argument after the name; the list and arrays are handed over, not copied
     * @param replyDecoding how to decode the reply
     */
    public static CommandPlan rewrite(String command, List<byte[]> arguments, ReplyDecoding replyDecoding) {
        return new CommandPlan(
                Objects.requireNonNull(command, "command"),
                Objects.requireNonNull(arguments, "arguments"),
                Objects.requireNonNull(replyDecoding, "replyDecoding"),
                0,
                false);
    }

    /**
     * Returns the plan for a write the memory breaker dropped (its rule says {@code DROP}): send nothing, and
     * complete the command successfully with no value ({@code null}).
     */
    public static CommandPlan dropped() {
        return DROPPED;
    }

    /** Returns this plan, counting {@code bytes} towards the server's memory until the command completes. */
    public CommandPlan withMemoryBytes(long bytes) {
        return new CommandPlan(command, arguments, replyDecoding, bytes, dropped);
    }

    /** Returns whether to send nothing and complete the command with no value. */
    public boolean isDropped() {
        return dropped;
    }

    /**
     * Returns the bytes this write adds to the server's memory as the breaker counts them, 0 for commands that add
     * none. When it is above 0, the adapter reports the command's completion to
     * {@link NodeGuard#completed(CommandPlan, String)}.
     */
    public long memoryBytes() {
        return memoryBytes;
    }

    /** Returns whether the original command is sent as it is (false for a dropped write). */
    public boolean isUnchanged() {
        return command == null && !dropped;
    }

    /**
     * Returns the command name to send.
     *
     * @throws IllegalStateException if the plan is {@linkplain #isUnchanged() unchanged}
     */
    public String command() {
        if (command == null) {
            throw new IllegalStateException("an unchanged or dropped plan has no command of its own");
        }
        return command;
    }

    /** Returns the arguments to send after the name; empty for an unchanged plan. Do not modify. */
    public List<byte[]> arguments() {
        return arguments;
    }

    /** Returns how to decode the reply. */
    public ReplyDecoding replyDecoding() {
        return replyDecoding;
    }

    @Override
    public String toString() {
        if (dropped) {
            return "CommandPlan{dropped}";
        }
        return command == null
                ? "CommandPlan{unchanged, " + replyDecoding + "}"
                : "CommandPlan{" + command + " with " + arguments.size() + " arguments, " + replyDecoding + "}";
    }
}

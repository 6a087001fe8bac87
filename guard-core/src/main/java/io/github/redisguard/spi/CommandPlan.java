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

    private static final CommandPlan UNCHANGED = new CommandPlan(null, List.of(), ReplyDecoding.NONE);

    private static final CommandPlan UNCHANGED_VALUES = new CommandPlan(null, List.of(), ReplyDecoding.VALUES);

    private static final CommandPlan UNCHANGED_MAP_VALUES = new CommandPlan(null, List.of(), ReplyDecoding.MAP_VALUES);

    private final @Nullable String command;

    private final List<byte[]> arguments;

    private final ReplyDecoding replyDecoding;

    private CommandPlan(@Nullable String command, List<byte[]> arguments, ReplyDecoding replyDecoding) {
        this.command = command;
        this.arguments = arguments;
        this.replyDecoding = replyDecoding;
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
                Objects.requireNonNull(replyDecoding, "replyDecoding"));
    }

    /** Returns whether the original command is sent as it is. */
    public boolean isUnchanged() {
        return command == null;
    }

    /**
     * Returns the command name to send.
     *
     * @throws IllegalStateException if the plan is {@linkplain #isUnchanged() unchanged}
     */
    public String command() {
        if (command == null) {
            throw new IllegalStateException("an unchanged plan has no command of its own");
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
        return command == null
                ? "CommandPlan{unchanged, " + replyDecoding + "}"
                : "CommandPlan{" + command + " with " + arguments.size() + " arguments, " + replyDecoding + "}";
    }
}

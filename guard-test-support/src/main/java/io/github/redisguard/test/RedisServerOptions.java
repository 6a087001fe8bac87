/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link RedisServer} is configured: its memory limit, eviction policy, extra {@code redis-server} arguments
 * and how long to wait for it to answer.
 *
 * <p>Built with {@link #builder()}; {@link #defaults()} sets nothing beyond what every server gets. Unset settings
 * leave the server's own default in place. Immutable and thread-safe.
 */
public final class RedisServerOptions {

    /** How long {@link RedisServer#start(RedisServerOptions)} waits for a server to answer PING by default. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(10);

    /** The values Redis accepts for {@code maxmemory-policy}. */
    public static final Set<String> MAXMEMORY_POLICIES = Set.of(
            "noeviction",
            "allkeys-lru",
            "allkeys-lfu",
            "allkeys-random",
            "volatile-lru",
            "volatile-lfu",
            "volatile-random",
            "volatile-ttl");

    /**
     * Arguments a locally started server always gets from {@link RedisServer} and that {@link #extraArgs()} must
     * therefore not repeat.
     */
    static final Set<String> RESERVED_ARGS = Set.of("--port", "--bind", "--dir", "--daemonize", "--logfile");

    private static final Pattern MEMORY = Pattern.compile("(?i)\\d{1,18}(b|k|kb|m|mb|g|gb)?");

    private static final RedisServerOptions DEFAULTS = builder().build();

    private final @Nullable String maxmemory;

    private final @Nullable String maxmemoryPolicy;

    private final List<String> extraArgs;

    private final Duration startupTimeout;

    private RedisServerOptions(Builder builder) {
        this.maxmemory = builder.maxmemory;
        this.maxmemoryPolicy = builder.maxmemoryPolicy;
        this.extraArgs = List.copyOf(builder.extraArgs);
        this.startupTimeout = builder.startupTimeout;
    }

    /** Returns a builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the options with every setting at its default: no memory limit, no policy, no extra arguments. */
    public static RedisServerOptions defaults() {
        return DEFAULTS;
    }

    /** Returns a builder holding these options, to derive changed copies. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.maxmemory = maxmemory;
        builder.maxmemoryPolicy = maxmemoryPolicy;
        builder.extraArgs.addAll(extraArgs);
        builder.startupTimeout = startupTimeout;
        return builder;
    }

    /**
     * Returns the {@code maxmemory} setting as Redis reads it (such as {@code "2mb"} or {@code "1048576"}), or empty
     * when the server's own setting is kept.
     */
    public Optional<String> maxmemory() {
        return Optional.ofNullable(maxmemory);
    }

    /** Returns the {@code maxmemory-policy} setting (such as {@code "allkeys-lru"}), or empty when not set. */
    public Optional<String> maxmemoryPolicy() {
        return Optional.ofNullable(maxmemoryPolicy);
    }

    /** Returns the arguments appended to the {@code redis-server} command line as they are; never null. */
    public List<String> extraArgs() {
        return extraArgs;
    }

    /** Returns how long to wait for a new server to answer PING; positive. */
    public Duration startupTimeout() {
        return startupTimeout;
    }

    /** Returns the {@code redis-server} arguments for the memory settings and {@link #extraArgs()}, in that order. */
    List<String> serverArgs() {
        List<String> args = new ArrayList<>();
        if (maxmemory != null) {
            args.add("--maxmemory");
            args.add(maxmemory);
        }
        if (maxmemoryPolicy != null) {
            args.add("--maxmemory-policy");
            args.add(maxmemoryPolicy);
        }
        args.addAll(extraArgs);
        return args;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof RedisServerOptions)) {
            return false;
        }
        RedisServerOptions that = (RedisServerOptions) other;
        return Objects.equals(maxmemory, that.maxmemory)
                && Objects.equals(maxmemoryPolicy, that.maxmemoryPolicy)
                && extraArgs.equals(that.extraArgs)
                && startupTimeout.equals(that.startupTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxmemory, maxmemoryPolicy, extraArgs, startupTimeout);
    }

    @Override
    public String toString() {
        return "RedisServerOptions[maxmemory=" + maxmemory + ", maxmemoryPolicy=" + maxmemoryPolicy + ", extraArgs="
                + extraArgs + ", startupTimeout=" + startupTimeout + "]";
    }

    /**
     * Builds {@link RedisServerOptions}. Each setter checks its argument at once. Not thread-safe; the options it
     * builds are.
     */
    public static final class Builder {

        private @Nullable String maxmemory;

        private @Nullable String maxmemoryPolicy;

        private final List<String> extraArgs = new ArrayList<>();

        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;

        private Builder() {}

        /**
         * Sets {@code maxmemory} in the form Redis reads it: digits with an optional unit {@code b}, {@code k}
         * (1000), {@code kb} (1024), {@code m}, {@code mb}, {@code g} or {@code gb}, case-insensitive, such as
         * {@code "2mb"}. {@code "0"} means no limit.
         *
         * @throws NullPointerException if {@code maxmemory} is null
         * @throws IllegalArgumentException if {@code maxmemory} is not in that form
         */
        public Builder maxmemory(String maxmemory) {
            Objects.requireNonNull(maxmemory, "maxmemory");
            if (!MEMORY.matcher(maxmemory).matches()) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "maxmemory must be digits with an optional unit b, k, kb, m, mb, g or gb, but was '%s'",
                        maxmemory));
            }
            this.maxmemory = maxmemory.toLowerCase(Locale.ROOT);
            return this;
        }

        /**
         * Sets {@code maxmemory} to {@code bytes} bytes; 0 means no limit.
         *
         * @throws IllegalArgumentException if {@code bytes} is negative
         */
        public Builder maxmemory(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "maxmemory must not be negative, but was %d bytes", bytes));
            }
            this.maxmemory = Long.toString(bytes);
            return this;
        }

        /**
         * Sets {@code maxmemory-policy}, one of {@link #MAXMEMORY_POLICIES} (case-insensitive).
         *
         * @throws NullPointerException if {@code policy} is null
         * @throws IllegalArgumentException if {@code policy} is not one of {@link #MAXMEMORY_POLICIES}
         */
        public Builder maxmemoryPolicy(String policy) {
            Objects.requireNonNull(policy, "maxmemoryPolicy");
            String normalized = policy.toLowerCase(Locale.ROOT);
            if (!MAXMEMORY_POLICIES.contains(normalized)) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "maxmemoryPolicy must be one of %s, but was '%s'",
                        String.join(", ", MAXMEMORY_POLICIES.stream().sorted().toList()),
                        policy));
            }
            this.maxmemoryPolicy = normalized;
            return this;
        }

        /**
         * Replaces the extra arguments: passed to {@code redis-server} as they are, one list element per
         * command-line word, such as {@code "--enable-debug-command", "local"} or {@code "--user", "alice", "on",
         * ">pw", "~*", "+@all", "-info"}. Only a locally started server or a container can take them.
         *
         * @throws NullPointerException if {@code args} or one of its elements is null
         * @throws IllegalArgumentException if an element is one of the arguments {@link RedisServer} sets itself
         *     ({@code --port}, {@code --bind}, {@code --dir}, {@code --daemonize}, {@code --logfile})
         */
        public Builder extraArgs(List<String> args) {
            Objects.requireNonNull(args, "extraArgs");
            List<String> copy = new ArrayList<>(args.size());
            for (String arg : args) {
                Objects.requireNonNull(arg, "extraArgs element");
                if (RESERVED_ARGS.contains(arg.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException(String.format(
                            Locale.ROOT,
                            "extraArgs must not contain %s (RedisServer sets it), but was %s",
                            String.join(", ", RESERVED_ARGS.stream().sorted().toList()),
                            args));
                }
                copy.add(arg);
            }
            extraArgs.clear();
            extraArgs.addAll(copy);
            return this;
        }

        /**
         * Replaces the extra arguments; see {@link #extraArgs(List)}.
         *
         * @throws NullPointerException if {@code args} or one of its elements is null
         * @throws IllegalArgumentException if an element is one of the arguments {@link RedisServer} sets itself
         */
        public Builder extraArgs(String... args) {
            Objects.requireNonNull(args, "extraArgs");
            return extraArgs(Arrays.asList(args));
        }

        /**
         * Sets how long to wait for a new server to answer PING (and, for {@code REDIS_URL}, to connect); default
         * {@link #DEFAULT_STARTUP_TIMEOUT}.
         *
         * @throws NullPointerException if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder startupTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "startupTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "startupTimeout must be positive, but was %s", timeout));
            }
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * Returns the options.
         *
         * @throws IllegalArgumentException if {@link #extraArgs(List)} also sets {@code --maxmemory} or
         *     {@code --maxmemory-policy} while the matching setting is set
         */
        public RedisServerOptions build() {
            checkNotRepeated(maxmemory != null, "--maxmemory", "maxmemory");
            checkNotRepeated(maxmemoryPolicy != null, "--maxmemory-policy", "maxmemoryPolicy");
            return new RedisServerOptions(this);
        }

        private void checkNotRepeated(boolean set, String arg, String setting) {
            if (set && extraArgs.stream().anyMatch(a -> a.equalsIgnoreCase(arg))) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "extraArgs must not contain %s when %s is set, but was %s",
                        arg,
                        setting,
                        extraArgs));
            }
        }
    }
}

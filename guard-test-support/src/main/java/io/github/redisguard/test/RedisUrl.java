/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code REDIS_URL}: {@code redis://[[user]:password@]host[:port][/db]}. A user info without a colon is a
 * password for the default user, as in Lettuce.
 */
record RedisUrl(
        String text,
        String host,
        int port,
        @Nullable String user,
        @Nullable String password,
        int database) {

    static final int DEFAULT_PORT = 6379;

    private static final String FORM = "redis://[user:password@]host[:port][/db]";

    /**
     * Parses {@code text}.
     *
     * @throws IllegalStateException if {@code text} is not in the form above; the message hides the password
     */
    static RedisUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw invalid(text, "look like " + FORM);
        }
        if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase("redis")) {
            throw invalid(text, "start with redis:// (TLS through rediss:// is not supported)");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw invalid(text, "name a host, as in " + FORM);
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        @Nullable String user = null;
        @Nullable String password = null;
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = userInfo;
            } else {
                user = colon == 0 ? null : userInfo.substring(0, colon);
                password = userInfo.substring(colon + 1);
            }
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        int database = 0;
        if (!path.isEmpty() && !path.equals("/")) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                database = -1;
            }
            if (database < 0) {
                throw invalid(text, "end with a database number such as /0, if any");
            }
        }
        return new RedisUrl(text.trim(), host, port, user, password, database);
    }

    /** The URL with its password replaced by {@code ***}, for messages. */
    String masked() {
        return mask(text);
    }

    @Override
    public String toString() {
        return masked();
    }

    private static IllegalStateException invalid(String text, String rule) {
        return new IllegalStateException(
                String.format(Locale.ROOT, "REDIS_URL must %s, but was '%s'", rule, mask(text.trim())));
    }

    private static String mask(String text) {
        int scheme = text.indexOf("://");
        int at = text.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return text;
        }
        String userInfo = text.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        String visible = colon < 0 ? "" : userInfo.substring(0, colon + 1);
        return text.substring(0, scheme + 3) + visible + "***" + text.substring(at);
    }
}

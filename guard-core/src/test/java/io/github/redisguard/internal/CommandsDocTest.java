/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/commands.md lists exactly the commands of the catalogue, so the page cannot drift from the code. */
class CommandsDocTest {

    @Test
    void commandsPage_listsEveryCatalogueCommand_andNoOther() throws IOException {
        String page = Files.readString(Path.of("..", "docs", "commands.md"));
        Set<String> documented = new TreeSet<>();
        Matcher matcher = Pattern.compile("`([A-Z][A-Z_]+)`").matcher(page);
        while (matcher.find()) {
            documented.add(matcher.group(1));
        }
        Set<String> catalogue = new TreeSet<>();
        CommandCatalogue.all().forEach(spec -> catalogue.add(spec.name()));

        assertThat(documented).containsAll(catalogue);
        // Names in backticks that are not catalogue entries: options, replies and the unknown commands named as such.
        Set<String> extra = new TreeSet<>(documented);
        extra.removeAll(catalogue);
        assertThat(extra)
                .containsExactlyInAnyOrder(
                        "EVAL",
                        "EVALSHA",
                        "FCALL",
                        "BLMOVE",
                        "BRPOPLPUSH",
                        "REJECT",
                        "EX",
                        "PX",
                        "EXAT",
                        "PXAT",
                        "KEEPTTL",
                        "ABSTTL");
    }
}

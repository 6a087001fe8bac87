/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The adapter translates; the guard decides: it reaches core only through the public packages and the SPI. */
class ArchitectureTest {

    private static final JavaClasses ADAPTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.redisguard.lettuce");

    @Test
    void adapter_usesOnlyPublicCorePackagesAndTheSpi() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.github.redisguard.internal..")
                .check(ADAPTER);
    }

    /**
     * One entry class, and the one handle it hands out for frameworks that pool cluster connections themselves
     * ({@code LettuceGuard.clusterNodes}): no public class can be made but through {@code LettuceGuard}.
     */
    @Test
    void adapter_exposesOneFinalEntryClass_andTheClusterNodesHandle() {
        classes()
                .that()
                .arePublic()
                .should()
                .haveSimpleName("LettuceGuard")
                .orShould()
                .haveSimpleName("ClusterNodeGuards")
                .andShould()
                .haveModifier(JavaModifier.FINAL)
                .check(ADAPTER);
    }
}

/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The starter wires; core decides: it reaches core and the adapters only through public packages and the SPI. */
class ArchitectureTest {

    private static final JavaClasses STARTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.redisguard.spring.boot");

    @Test
    void starter_usesOnlyPublicPackagesAndTheSpi() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.github.redisguard..internal..")
                .check(STARTER);
    }

    @Test
    void publicClasses_areFinal_andFew() {
        classes()
                .that()
                .arePublic()
                .and()
                .areNotInterfaces()
                .should()
                .haveModifier(JavaModifier.FINAL)
                .check(STARTER);
        classes()
                .that()
                .arePublic()
                .and()
                .areTopLevelClasses()
                .should()
                .haveSimpleNameStartingWith("RedisGuard")
                .orShould()
                .haveSimpleName("SpringRedisGuard")
                .check(STARTER);
    }
}

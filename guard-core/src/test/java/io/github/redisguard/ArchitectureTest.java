/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.properties.HasModifiers;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.github.redisguard.internal.KeyPattern;
import io.github.redisguard.internal.RuleSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/**
 * Keeps the public surface of guard-core what STYLE.md says it is: no {@code internal} types in public signatures,
 * final concrete classes, no client library in core, and a {@code package-info.java} in every package.
 */
class ArchitectureTest {

    private static final String BASE = "io.github.redisguard";

    private static final String INTERNAL = BASE + ".internal";

    private static final String[] API_PACKAGES = {BASE, BASE + ".codec", BASE + ".memory", BASE + ".spi"};

    private static final Path SOURCES = Paths.get("src", "main", "java");

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    @Test
    void importedClasses_coverEveryPackage() {
        Set<String> packages = CORE.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());

        assertThat(packages).contains(BASE, BASE + ".codec", BASE + ".memory", BASE + ".spi", INTERNAL);
    }

    @Test
    void publicApi_exposesNoInternalTypes() {
        classes()
                .that()
                .resideInAnyPackage(API_PACKAGES)
                .and()
                .arePublic()
                .should(notExposeInternalTypes())
                .check(CORE);
    }

    /** A public class that leaks internal types in every way the condition looks at. */
    public static final class Leaky implements Comparable<KeyPattern> {
        public List<RuleSet> rules = List.of();

        public KeyPattern pattern() {
            return KeyPattern.compile("*");
        }

        @Override
        public int compareTo(KeyPattern other) {
            return 0;
        }
    }

    @Test
    void notExposeInternalTypes_reportsEachLeak() {
        JavaClasses leaky = new ClassFileImporter().importClasses(Leaky.class);

        assertThatThrownBy(() -> classes().should(notExposeInternalTypes()).check(leaky))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("implements " + KeyPattern.class.getName())
                .hasMessageContaining("field rules " + RuleSet.class.getName())
                .hasMessageContaining("pattern() returns " + KeyPattern.class.getName())
                .hasMessageContaining("compareTo(" + KeyPattern.class.getName() + ") takes");
    }

    @Test
    void publicConcreteClasses_areFinal() {
        classes()
                .that()
                .resideInAnyPackage(API_PACKAGES)
                .and()
                .arePublic()
                .and()
                .areNotInterfaces()
                .and()
                .areNotEnums()
                .and()
                .doNotHaveModifier(JavaModifier.ABSTRACT)
                .and()
                .doNotHaveFullyQualifiedName(GuardException.class.getName())
                .should()
                .haveModifier(JavaModifier.FINAL)
                .because("extension goes through interfaces and static factories (STYLE.md);"
                        + " GuardException is the documented base of the guard's exceptions")
                .check(CORE);
    }

    @Test
    void exceptions_areGuardExceptions() {
        classes()
                .that()
                .resideInAnyPackage(API_PACKAGES)
                .and()
                .areAssignableTo(Throwable.class)
                .should()
                .beAssignableTo(GuardException.class)
                .check(CORE);
    }

    @Test
    void guardExceptionConstructors_areProtected() {
        assertThat(CORE.get(GuardException.class).getConstructors())
                .isNotEmpty()
                .allSatisfy(
                        constructor -> assertThat(constructor.getModifiers()).contains(JavaModifier.PROTECTED));
    }

    @Test
    void core_dependsOnNoClientLibraryOrAdapter() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.lettuce..",
                        "redis.clients..",
                        "org.springframework..",
                        BASE + ".lettuce..",
                        BASE + ".jedis..",
                        BASE + ".spring..")
                .because("adapters translate, core decides: no client type appears in core (DESIGN.md)")
                .check(CORE);
    }

    @Test
    void everySourcePackage_hasAPackageInfo() throws IOException {
        assertThat(SOURCES).as("run from the guard-core module directory").isDirectory();
        List<String> missing = new ArrayList<>();
        for (Path dir : sourcePackageDirectories()) {
            if (!Files.isRegularFile(dir.resolve("package-info.java"))) {
                missing.add(SOURCES.relativize(dir).toString());
            }
        }

        assertThat(missing).as("packages without package-info.java").isEmpty();
    }

    @Test
    void everyPackage_isNullMarked() throws IOException {
        Set<String> packages = new TreeSet<>();
        for (Path dir : sourcePackageDirectories()) {
            packages.add(SOURCES.relativize(dir)
                    .toString()
                    .replace(dir.getFileSystem().getSeparator(), "."));
        }
        assertThat(packages).contains(BASE, INTERNAL);

        assertThat(packages).allSatisfy(name -> {
            Class<?> packageInfo = loadPackageInfo(name);
            assertThat(packageInfo.isAnnotationPresent(NullMarked.class))
                    .as("%s is @NullMarked", name)
                    .isTrue();
        });
    }

    @Test
    void internalPackageInfo_promisesNoCompatibility() throws IOException {
        String text = Files.readString(
                SOURCES.resolve(Paths.get("io", "github", "redisguard", "internal", "package-info.java")),
                StandardCharsets.UTF_8);

        assertThat(text).containsIgnoringCase("no compatibility promise");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static List<Path> sourcePackageDirectories() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(path -> path.toString().endsWith(".java"))
                    .map(Path::getParent)
                    .distinct()
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static Class<?> loadPackageInfo(String packageName) {
        try {
            return Class.forName(packageName + ".package-info", false, ArchitectureTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no compiled package-info for " + packageName, e);
        }
    }

    private static boolean visible(HasModifiers member) {
        return member.getModifiers().contains(JavaModifier.PUBLIC)
                || member.getModifiers().contains(JavaModifier.PROTECTED);
    }

    private static ArchCondition<JavaClass> notExposeInternalTypes() {
        return new ArchCondition<>("expose no " + INTERNAL + " type in supertypes or public/protected signatures") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                type.getSuperclass().ifPresent(superclass -> report(type, "extends", superclass, events));
                for (JavaType implemented : type.getInterfaces()) {
                    report(type, "implements", implemented, events);
                }
                for (JavaType parameter : type.getTypeParameters()) {
                    report(type, "has type parameter", parameter, events);
                }
                for (JavaField field : type.getFields()) {
                    if (visible(field)) {
                        report(type, "field " + field.getName(), field.getType(), events);
                    }
                }
                for (JavaCodeUnit unit : type.getCodeUnits()) {
                    if (!visible(unit)) {
                        continue;
                    }
                    String where = unit.getFullName();
                    report(type, where + " returns", unit.getReturnType(), events);
                    for (JavaType parameter : unit.getParameterTypes()) {
                        report(type, where + " takes", parameter, events);
                    }
                    for (JavaClass thrown : unit.getThrowsClause().getTypes()) {
                        report(type, where + " throws", thrown, events);
                    }
                    for (JavaType typeParameter : unit.getTypeParameters()) {
                        report(type, where + " has type parameter", typeParameter, events);
                    }
                }
            }

            private void report(JavaClass owner, String where, JavaType type, ConditionEvents events) {
                for (JavaClass raw : type.getAllInvolvedRawTypes()) {
                    if (raw.getPackageName().equals(INTERNAL)
                            || raw.getPackageName().startsWith(INTERNAL + ".")) {
                        events.add(SimpleConditionEvent.violated(
                                owner, owner.getName() + ": " + where + " " + raw.getName()));
                    }
                }
            }
        };
    }
}

/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyPatternTest {

    private static boolean matches(String pattern, String key) {
        return KeyPattern.compile(pattern).matches(key.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void exact_matchesOnlyTheWholeKey() {
        assertThat(matches("user:1", "user:1")).isTrue();
        assertThat(matches("user:1", "user:10")).isFalse();
        assertThat(matches("user:1", "user:")).isFalse();
        assertThat(matches("user:1", "xuser:1")).isFalse();
        assertThat(matches("user:1", "")).isFalse();
    }

    @Test
    void prefix_matchesKeysStartingWithIt() {
        assertThat(matches("session:*", "session:")).isTrue();
        assertThat(matches("session:*", "session:abc")).isTrue();
        assertThat(matches("session:*", "session")).isFalse();
        assertThat(matches("session:*", "sessions:abc")).isFalse();
        assertThat(matches("session:*", "x:session:abc")).isFalse();
    }

    @Test
    void star_alone_matchesEveryKeyIncludingEmpty() {
        assertThat(matches("*", "")).isTrue();
        assertThat(matches("*", "anything at all")).isTrue();
        assertThat(KeyPattern.compile("*").matches(new byte[] {(byte) 0xFF, 0})).isTrue();
    }

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
        // ?
        "user:?:cart, user:1:cart, true",
        "user:?:cart, user::cart, false",
        "user:?:cart, user:12:cart, false",
        "?, a, true",
        "?, '', false",
        // stars anywhere, several of them
        "*:cart, user:1:cart, true",
        "*:cart, user:1:carts, false",
        "a*b*c, abc, true",
        "a*b*c, aXXbYYc, true",
        "a*b*c, aXXcYYb, false",
        "a*b*c, abcabc, true",
        "a*b*c, abcab, false",
        "**, '', true",
        "a**b, ab, true",
        "*a*a*a*, aaa, true",
        "*a*a*a*, aa, false",
        "*?, '', false",
        "*?, x, true",
        // classes
        "[abc]x, ax, true",
        "[abc]x, cx, true",
        "[abc]x, dx, false",
        "[abc]x, x, false",
        "[a-z]1, q1, true",
        "[a-z]1, Q1, false",
        "[z-a]1, q1, true",
        "[0-9][0-9], 42, true",
        "[0-9][0-9], 4x, false",
        "[a-cx-z], b, true",
        "[a-cx-z], y, true",
        "[a-cx-z], m, false",
        "[^a]b, xb, true",
        "[^a]b, ab, false",
        "[^a-c], d, true",
        "[^a-c], b, false",
        "[]x, x, false",
        "[]x, ]x, false",
        "[^]x, qx, true",
        "[a-], -, true",
        "[a-], a, true",
        "[a-], b, false",
        "[-a], -, true",
        "[\\]], ], true",
        "[\\]], \\, false",
        "[\\-a], -, true",
        "[\\-a], b, false",
        "a]b, a]b, true",
        // escapes
        "\\*, *, true",
        "\\*, a, false",
        "\\?, ?, true",
        "\\?, x, false",
        "\\[a], [a], true",
        "\\[a], a, false",
        "a\\\\b, a\\b, true",
        "cache:\\*:*, cache:*:1, true",
        "cache:\\*:*, cache:x:1, false",
        "\\a, a, true",
        // a range may end in a backslash, which then escapes nothing
        "x[a-\\], x_, true",
        "x[a-\\], x\\, true",
        "x[a-\\], xb, false"
    })
    void glob_examples(String pattern, String key, boolean expected) {
        assertThat(matches(pattern, key)).isEqualTo(expected);
        assertThat(Reference.compile(pattern))
                .hasValueSatisfying(regex -> assertThat(regex.matcher(key).matches())
                        .as("reference implementation agrees")
                        .isEqualTo(expected));
    }

    @Test
    void keys_thatAreNotUtf8_areMatchedByteForByte() {
        byte[] key = {'k', ':', (byte) 0xC3, (byte) 0x28, (byte) 0xFF};

        assertThat(KeyPattern.compile("k:*").matches(key)).isTrue();
        assertThat(KeyPattern.compile("k:???").matches(key)).isTrue();
        assertThat(KeyPattern.compile("k:??").matches(key)).isFalse();
        assertThat(KeyPattern.compile("k:*\\(?").matches(key)).isTrue();
        assertThat(KeyPattern.compile("k:[^a]*").matches(key)).isTrue();
        assertThat(KeyPattern.compile("k:*[a-z]").matches(key)).isFalse();
    }

    @Test
    void patterns_withNonAsciiCharacters_matchTheirUtf8Bytes() {
        assertThat(matches("café:*", "café:1")).isTrue();
        assertThat(matches("café:*", "cafe:1")).isFalse();
        // é is two bytes in UTF-8: one ? matches one byte, not one character.
        assertThat(matches("caf?:1", "café:1")).isFalse();
        assertThat(matches("caf??:1", "café:1")).isTrue();
        // In a class, é stands for its two bytes, each matching one key byte.
        assertThat(KeyPattern.compile("[é]").matches(new byte[] {(byte) 0xC3})).isTrue();
        assertThat(KeyPattern.compile("[é]").matches(new byte[] {(byte) 0xA9})).isTrue();
        assertThat(KeyPattern.compile("[é]").matches("é".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
    }

    @Test
    void ranges_overHighBytes_compareUnsigned() {
        // [a-ÿ] is [ a - 0xC3 0xBF ] in UTF-8: the range a..0xC3, then the byte 0xBF.
        KeyPattern pattern = KeyPattern.compile("[a-ÿ]");

        assertThat(pattern.matches(new byte[] {(byte) 0x80})).isTrue();
        assertThat(pattern.matches(new byte[] {(byte) 0xC3})).isTrue();
        assertThat(pattern.matches(new byte[] {(byte) 0xBF})).isTrue();
        assertThat(pattern.matches(new byte[] {(byte) 0xC4})).isFalse();
        assertThat(pattern.matches(new byte[] {'A'})).isFalse();
    }

    @Test
    void text_isThePatternAsGiven() {
        assertThat(KeyPattern.compile("a[bc]*").text()).isEqualTo("a[bc]*");
        assertThat(KeyPattern.compile("a[bc]*")).hasToString("a[bc]*");
    }

    @Test
    void compile_empty_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyPattern.compile(""))
                .withMessage("pattern must not be empty, but was ''");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[abc", "a[", "[", "[^", "[\\]", "[a-", "[]a]["})
    void compile_unclosedClass_failsWithMessage(String pattern) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyPattern.compile(pattern))
                .withMessage("pattern must close every '[' with ']', but was '" + pattern + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\", "abc\\", "a*\\", "[a]\\", "[a-\\]\\"})
    void compile_trailingBackslash_failsWithMessage(String pattern) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyPattern.compile(pattern))
                .withMessage("pattern must not end with a lone '\\', but was '" + pattern + "'");
    }

    /**
     * Regression: in a class, a range may end in a backslash ({@code [a-\]}: a..'\', as Redis reads it). compile()
     * used to read that backslash as an escape, so it accepted {@code [a-\][b-\\]} although matching reads the second
     * class as never closed, and matches() then threw ArrayIndexOutOfBoundsException on the write path.
     */
    @Test
    void compile_rangeEndingInBackslashThenUnclosedClass_failsInsteadOfBreakingMatches() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyPattern.compile("[a-\\][b-\\\\]"))
                .withMessage("pattern must close every '[' with ']', but was '[a-\\][b-\\\\]'");
    }

    @Test
    void glob_rangeEndingInBackslash_isARangeAndClosesAtTheNextBracket() {
        KeyPattern pattern = KeyPattern.compile("[a-\\]]"); // range '\'..'a', then a literal ']'

        assertThat(pattern.matches(latin1("_]"))).isTrue();
        assertThat(pattern.matches(latin1("\\]"))).isTrue();
        assertThat(pattern.matches(latin1("b]"))).isFalse();
        assertThat(pattern.matches(latin1("_"))).isFalse();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Property: KeyPattern agrees with a regex translation, and compile() accepts exactly the patterns it can match.

    @Provide
    Arbitrary<String> patterns() {
        // Tokens rather than characters, so that classes, ranges and escapes are common and meet each other.
        Arbitrary<String> token = Arbitraries.of(
                "a", "b", "c", "-", "^", "]", "*", "?", "[", "[a", "[^", "[a-c]", "[^b]", "[]", "\\", "\\]", "\\*",
                "-\\", "a-", "\u00e9", "\u00ff");
        return token.list().ofMinSize(1).ofMaxSize(8).map(tokens -> String.join("", tokens));
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.strings()
                .withChars('a', 'b', 'c', '-', '^', ']', '[', '*', '?', '\\', '_', '\u00e9', '\u00ff', '\u00c3')
                .ofMaxLength(8);
    }

    @Property(tries = 3000)
    void compile_acceptsExactlyThePatternsTheReferenceCanRead(@ForAll("patterns") String pattern) {
        String latin1 = utf8AsLatin1(pattern);
        Optional<Pattern> reference = Reference.compile(latin1);
        Statistics.label("valid").collect(reference.isPresent());

        if (reference.isPresent()) {
            assertThat(KeyPattern.compile(pattern).text()).isEqualTo(pattern);
        } else {
            assertThatIllegalArgumentException().isThrownBy(() -> KeyPattern.compile(pattern));
        }
    }

    @Property(tries = 5000)
    void matches_agreesWithTheReference(@ForAll("patterns") String pattern, @ForAll("keys") String key) {
        Optional<Pattern> reference = Reference.compile(utf8AsLatin1(pattern));
        if (reference.isEmpty()) {
            return; // covered by compile_acceptsExactlyThePatternsTheReferenceCanRead
        }
        boolean expected = reference.get().matcher(key).matches();
        Statistics.label("matches").collect(expected);

        assertThat(KeyPattern.compile(pattern).matches(latin1(key)))
                .as("pattern %s, key %s", pattern, key)
                .isEqualTo(expected);
    }

    @Property(tries = 2000)
    void matches_keyAgainstItselfWithEveryCharacterEscaped_isTrue(@ForAll("keys") String key) {
        StringBuilder escaped = new StringBuilder();
        for (char c : key.toCharArray()) {
            escaped.append('\\').append(c);
        }
        KeyPattern pattern = KeyPattern.compile(escaped.length() == 0 ? "*" : escaped.toString());

        assertThat(pattern.matches(key.getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(pattern.matches((key + "x").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(key.isEmpty());
    }

    /** A pattern's bytes (UTF-8) read as ISO-8859-1, so that one char is one byte, as KeyPattern sees it. */
    private static String utf8AsLatin1(String pattern) {
        return new String(pattern.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /**
     * A straightforward reading of Redis glob syntax (util.c stringmatchlen), translated to a regex over chars
     * 0..255: {@code *} any run, {@code ?} one byte, {@code \x} the byte x, {@code [...]} a class with {@code ^},
     * ranges {@code a-z} (either order; a range's end is taken as is, even a backslash; {@code -} before the
     * closing bracket is literal) and {@code \} escapes. Empty when the pattern ends inside a class or after a lone
     * backslash (Redis would read to the end; the guard refuses such patterns).
     */
    static final class Reference {

        private Reference() {}

        static Optional<Pattern> compile(String pattern) {
            StringBuilder regex = new StringBuilder();
            int i = 0;
            int n = pattern.length();
            while (i < n) {
                char c = pattern.charAt(i);
                if (c == '*') {
                    regex.append(".*");
                    i++;
                } else if (c == '?') {
                    regex.append('.');
                    i++;
                } else if (c == '\\') {
                    if (i + 1 >= n) {
                        return Optional.empty();
                    }
                    regex.append(literal(pattern.charAt(i + 1)));
                    i += 2;
                } else if (c == '[') {
                    i++;
                    boolean negate = i < n && pattern.charAt(i) == '^';
                    if (negate) {
                        i++;
                    }
                    StringBuilder members = new StringBuilder();
                    while (true) {
                        if (i >= n) {
                            return Optional.empty();
                        }
                        char m = pattern.charAt(i);
                        if (m == ']') {
                            i++;
                            break;
                        }
                        if (m == '\\') {
                            if (i + 1 >= n) {
                                return Optional.empty();
                            }
                            members.append(literal(pattern.charAt(i + 1)));
                            i += 2;
                        } else if (i + 2 < n && pattern.charAt(i + 1) == '-' && pattern.charAt(i + 2) != ']') {
                            char lo = m;
                            char hi = pattern.charAt(i + 2);
                            if (lo > hi) {
                                char t = lo;
                                lo = hi;
                                hi = t;
                            }
                            members.append(literal(lo)).append('-').append(literal(hi));
                            i += 3;
                        } else {
                            members.append(literal(m));
                            i++;
                        }
                    }
                    if (members.length() == 0) {
                        regex.append(negate ? "." : "(?!)");
                    } else {
                        regex.append(negate ? "[^" : "[").append(members).append(']');
                    }
                } else {
                    regex.append(literal(c));
                    i++;
                }
            }
            return Optional.of(Pattern.compile(regex.toString(), Pattern.DOTALL));
        }

        private static String literal(char c) {
            return String.format("\\x{%X}", (int) c);
        }
    }

    @Test
    void reference_readsClassesAsDocumented() {
        assertThat(Reference.compile("[a-")).isEmpty();
        assertThat(Reference.compile("a\\")).isEmpty();
        assertThat(Reference.compile("[^a-c]x").map(Pattern::pattern)).contains("[^\\x{61}-\\x{63}]\\x{78}");
        assertThat(List.of("a", "ab")).allSatisfy(key -> assertThat(
                        Reference.compile("a*").orElseThrow().matcher(key).matches())
                .isTrue());
    }
}

/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataSizeTest {

    private static final long KB = 1024L;

    private static final long MB = 1024L * 1024L;

    private static final long GB = 1024L * 1024L * 1024L;

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource(
            delimiter = '|',
            value = {
                "512      | 512",
                "0        | 0",
                "512B     | 512",
                "512b     | 512",
                "16KB     | 16384",
                "16kb     | 16384",
                "16Kb     | 16384",
                "16k      | 16384",
                "16K      | 16384",
                "8MB      | 8388608",
                "8m       | 8388608",
                "1GB      | 1073741824",
                "1g       | 1073741824",
                "' 16 KB '| 16384",
                "007KB    | 7168"
            })
    void parse_acceptedForm_isThatManyBytes(String text, long bytes) {
        assertThat(DataSize.parse(text).toBytes()).isEqualTo(bytes);
    }

    @Test
    void factories_binaryUnits_multiplyBy1024() {
        assertThat(DataSize.ofBytes(5).toBytes()).isEqualTo(5);
        assertThat(DataSize.ofKilobytes(3).toBytes()).isEqualTo(3 * KB);
        assertThat(DataSize.ofMegabytes(3).toBytes()).isEqualTo(3 * MB);
        assertThat(DataSize.parse("3GB").toBytes()).isEqualTo(3 * GB);
    }

    @ParameterizedTest(name = "{0} bytes prints {1}")
    @CsvSource({
        "0, 0B",
        "1, 1B",
        "1000, 1000B",
        "1023, 1023B",
        "1024, 1KB",
        "1536, 1536B",
        "16384, 16KB",
        "1048576, 1MB",
        "1049600, 1025KB",
        "8388608, 8MB",
        "1073741824, 1GB",
        "2147483648, 2GB",
        "3221225472, 3GB"
    })
    void toString_exactMultiple_usesLargestUnit(long bytes, String text) {
        assertThat(DataSize.ofBytes(bytes)).hasToString(text);
    }

    @Property
    void parse_ofToString_isTheSameSize(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long bytes) {
        DataSize size = DataSize.ofBytes(bytes);

        assertThat(DataSize.parse(size.toString())).isEqualTo(size);
    }

    @Property
    void parse_unitsAreBinary(@ForAll @LongRange(min = 0, max = 1_000_000) long amount) {
        assertThat(DataSize.parse(amount + "KB")).isEqualTo(DataSize.ofBytes(amount * KB));
        assertThat(DataSize.parse(amount + "MB")).isEqualTo(DataSize.ofMegabytes(amount));
        assertThat(DataSize.parse(amount + "GB").toBytes()).isEqualTo(amount * GB);
    }

    @Test
    void equals_sameBytesInDifferentUnits_areEqualWithEqualHashCodes() {
        DataSize kilobytes = DataSize.ofKilobytes(1024);
        DataSize megabyte = DataSize.ofMegabytes(1);
        DataSize parsed = DataSize.parse("1048576");

        assertThat(kilobytes).isEqualTo(megabyte).isEqualTo(parsed).hasSameHashCodeAs(megabyte);
        assertThat(kilobytes)
                .isNotEqualTo(DataSize.ofBytes(MB + 1))
                .isNotEqualTo(MB)
                .isNotEqualTo(null);
    }

    @Test
    void compareTo_ordersByBytes() {
        assertThat(DataSize.ofKilobytes(1)).isGreaterThan(DataSize.ofBytes(1023));
        assertThat(DataSize.ofKilobytes(1)).isLessThan(DataSize.ofBytes(1025));
        assertThat(DataSize.ofKilobytes(1)).isEqualByComparingTo(DataSize.ofBytes(1024));
    }

    @Test
    void ofBytes_negative_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DataSize.ofBytes(-1))
                .withMessage("size must not be negative, but was -1 bytes");
    }

    @Test
    void ofKilobytes_negative_failsWithMessageInBytes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DataSize.ofKilobytes(-2))
                .withMessage("size must not be negative, but was -2048 bytes");
    }

    @Test
    void ofMegabytes_overflow_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DataSize.ofMegabytes(Long.MAX_VALUE))
                .withMessage("size must fit in 63 bits, but was 9223372036854775807 × 1048576 bytes")
                .withCauseInstanceOf(ArithmeticException.class);
    }

    @Test
    void parse_unitOverflow_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DataSize.parse("8589934592GB"))
                .withMessage("size must fit in 63 bits, but was 8589934592 × 1073741824 bytes");
    }

    @Test
    void parse_numberBeyondLong_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DataSize.parse("99999999999999999999"))
                .withMessage("size must fit in 63 bits, but was '99999999999999999999'")
                .withCauseInstanceOf(NumberFormatException.class);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", " ", "KB", "-1", "-1KB", "1.5MB", "16 K B", "1TB", "16KiB", "12e3", "0x10", "١٢"})
    void parse_garbage_failsWithMessageQuotingTheText(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DataSize.parse(text))
                .withMessage("size must be a number with an optional unit B, KB, MB or GB, but was '" + text + "'");
    }
}

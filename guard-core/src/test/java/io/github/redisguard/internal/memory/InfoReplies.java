/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal.memory;

import java.util.Locale;

/** {@code INFO memory} and {@code INFO stats} replies as Redis 7.0 writes them: CRLF, section header, every field. */
final class InfoReplies {

    /** total_system_memory of the replies that do not set it: a 16 GB host. */
    static final long TOTAL_SYSTEM_MEMORY = 16_396_808_192L;

    private InfoReplies() {}

    static String memory(long usedMemory, long maxmemory) {
        return memory(usedMemory, maxmemory, TOTAL_SYSTEM_MEMORY, "noeviction");
    }

    static String memory(long usedMemory, long maxmemory, long totalSystemMemory, String policy) {
        return crlf(String.format(
                Locale.ROOT,
                "# Memory\n"
                        + "used_memory:%1$d\n"
                        + "used_memory_human:%2$s\n"
                        + "used_memory_rss:%3$d\n"
                        + "used_memory_rss_human:%4$s\n"
                        + "used_memory_peak:%1$d\n"
                        + "used_memory_peak_human:%2$s\n"
                        + "used_memory_peak_perc:100.00%%\n"
                        + "used_memory_overhead:1013160\n"
                        + "used_memory_startup:862160\n"
                        + "used_memory_dataset:%5$d\n"
                        + "used_memory_dataset_perc:99.87%%\n"
                        + "allocator_allocated:%1$d\n"
                        + "allocator_active:%3$d\n"
                        + "allocator_resident:%3$d\n"
                        + "total_system_memory:%6$d\n"
                        + "total_system_memory_human:%7$s\n"
                        + "used_memory_lua:31744\n"
                        + "used_memory_vm_eval:31744\n"
                        + "used_memory_lua_human:31.00K\n"
                        + "used_memory_scripts_eval:0\n"
                        + "number_of_cached_scripts:0\n"
                        + "number_of_functions:0\n"
                        + "number_of_libraries:0\n"
                        + "used_memory_vm_functions:32768\n"
                        + "used_memory_vm_total:64512\n"
                        + "used_memory_vm_total_human:63.00K\n"
                        + "used_memory_functions:184\n"
                        + "used_memory_scripts:184\n"
                        + "used_memory_scripts_human:184B\n"
                        + "maxmemory:%8$d\n"
                        + "maxmemory_human:%9$s\n"
                        + "maxmemory_policy:%10$s\n"
                        + "allocator_frag_ratio:1.01\n"
                        + "allocator_frag_bytes:434176\n"
                        + "allocator_rss_ratio:1.02\n"
                        + "allocator_rss_bytes:901120\n"
                        + "rss_overhead_ratio:1.00\n"
                        + "rss_overhead_bytes:-20480\n"
                        + "mem_fragmentation_ratio:1.06\n"
                        + "mem_fragmentation_bytes:1335432\n"
                        + "mem_not_counted_for_evict:0\n"
                        + "mem_replication_backlog:0\n"
                        + "mem_total_replication_buffers:0\n"
                        + "mem_clients_slaves:0\n"
                        + "mem_clients_normal:1800\n"
                        + "mem_cluster_links:0\n"
                        + "mem_aof_buffer:0\n"
                        + "mem_allocator:jemalloc-5.2.1\n"
                        + "active_defrag_running:0\n"
                        + "lazyfree_pending_objects:0\n"
                        + "lazyfreed_objects:0\n",
                usedMemory,
                human(usedMemory),
                usedMemory + usedMemory / 16,
                human(usedMemory + usedMemory / 16),
                Math.max(0, usedMemory - 1013160),
                totalSystemMemory,
                human(totalSystemMemory),
                maxmemory,
                human(maxmemory),
                policy));
    }

    static String stats(long evictedKeys) {
        return crlf(String.format(
                Locale.ROOT,
                "# Stats\n"
                        + "total_connections_received:12\n"
                        + "total_commands_processed:4711\n"
                        + "instantaneous_ops_per_sec:3\n"
                        + "total_net_input_bytes:512345\n"
                        + "total_net_output_bytes:1023456\n"
                        + "total_net_repl_input_bytes:0\n"
                        + "total_net_repl_output_bytes:0\n"
                        + "instantaneous_input_kbps:0.12\n"
                        + "instantaneous_output_kbps:0.34\n"
                        + "instantaneous_input_repl_kbps:0.00\n"
                        + "instantaneous_output_repl_kbps:0.00\n"
                        + "rejected_connections:0\n"
                        + "sync_full:0\n"
                        + "sync_partial_ok:0\n"
                        + "sync_partial_err:0\n"
                        + "expired_keys:17\n"
                        + "expired_stale_perc:0.00\n"
                        + "expired_time_cap_reached_count:0\n"
                        + "expire_cycle_cpu_milliseconds:3\n"
                        + "evicted_keys:%d\n"
                        + "evicted_clients:0\n"
                        + "total_eviction_exceeded_time:0\n"
                        + "current_eviction_exceeded_time:0\n"
                        + "keyspace_hits:1200\n"
                        + "keyspace_misses:34\n"
                        + "pubsub_channels:0\n"
                        + "pubsub_patterns:0\n"
                        + "pubsubshard_channels:0\n"
                        + "latest_fork_usec:0\n"
                        + "total_forks:0\n"
                        + "migrate_cached_sockets:0\n"
                        + "slave_expires_tracked_keys:0\n"
                        + "active_defrag_hits:0\n"
                        + "active_defrag_misses:0\n"
                        + "active_defrag_key_hits:0\n"
                        + "active_defrag_key_misses:0\n"
                        + "total_active_defrag_time:0\n"
                        + "current_active_defrag_time:0\n"
                        + "tracking_total_keys:0\n"
                        + "tracking_total_items:0\n"
                        + "tracking_total_prefixes:0\n"
                        + "unexpected_error_replies:0\n"
                        + "total_error_replies:5\n"
                        + "dump_payload_sanitizations:0\n"
                        + "total_reads_processed:4720\n"
                        + "total_writes_processed:4708\n"
                        + "io_threaded_reads_processed:0\n"
                        + "io_threaded_writes_processed:0\n"
                        + "reply_buffer_shrinks:2\n"
                        + "reply_buffer_expands:0\n",
                evictedKeys));
    }

    /** Line ends as Redis sends them. */
    static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    /** Like Redis's bytesToHuman: B, K, M, G with two decimals. */
    private static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String[] units = {"K", "M", "G", "T"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f%s", value, units[unit]);
    }
}

/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisClusterIT {

    @Test
    void start_threeMasters_agreeOnSlots_andMasterOfOwnsTheKey() {
        try (RedisCluster cluster = RedisCluster.start(3)) {
            assertThat(cluster.masters()).hasSize(3);
            for (RedisServer master : cluster.masters()) {
                assertThat(String.valueOf(master.call("CLUSTER", "INFO"))).contains("cluster_state:ok");
            }
            for (int i = 0; i < 30; i++) {
                String key = "k:" + i;
                assertThat(cluster.masterOf(key).call("SET", key, "v")).isEqualTo("OK"); // no MOVED
            }
        }
    }
}

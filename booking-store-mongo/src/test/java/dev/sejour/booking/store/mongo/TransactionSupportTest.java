package dev.sejour.booking.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterConnectionMode;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerConnectionState;
import com.mongodb.connection.ServerDescription;
import com.mongodb.connection.ServerType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict on deployments the tests cannot start: mongos, secondaries, old servers, load balancers. */
class TransactionSupportTest {

    @Test
    void aReplicaSetPrimaryWithSessionsRunsTransactions() {
        assertThat(judge(ClusterType.REPLICA_SET, server(ServerType.REPLICA_SET_PRIMARY, 21, 30)).supported()).isTrue();
    }

    @Test
    void aMongosOfMongoDb42OrLaterRunsTransactionsAndAnOlderOneDoesNot() {
        assertThat(judge(ClusterType.SHARDED, server(ServerType.SHARD_ROUTER, 8, 30)).supported()).isTrue();
        assertThat(judge(ClusterType.SHARDED, server(ServerType.SHARD_ROUTER, 7, 30)).supported()).isFalse();
    }

    @Test
    void aServerWithoutSessionsDoesNot() {
        TransactionSupport.Verdict verdict = judge(ClusterType.REPLICA_SET, server(ServerType.REPLICA_SET_PRIMARY, 21, null));

        assertThat(verdict.supported()).isFalse();
        assertThat(verdict.reason()).contains("REPLICA_SET_PRIMARY without sessions");
    }

    @Test
    void aStandaloneOrASecondaryAloneDoesNot() {
        assertThat(judge(ClusterType.STANDALONE, server(ServerType.STANDALONE, 21, 30)).supported()).isFalse();
        assertThat(judge(ClusterType.REPLICA_SET, server(ServerType.REPLICA_SET_SECONDARY, 21, 30)).supported()).isFalse();
    }

    @Test
    void aLoadBalancerRuns() {
        assertThat(judge(ClusterType.LOAD_BALANCED, server(ServerType.LOAD_BALANCER, 21, null)).supported()).isTrue();
    }

    private static TransactionSupport.Verdict judge(ClusterType type, ServerDescription server) {
        return TransactionSupport.judge(new ClusterDescription(ClusterConnectionMode.MULTIPLE, type, List.of(server)));
    }

    private static ServerDescription server(ServerType type, int maxWireVersion, Integer sessionMinutes) {
        return ServerDescription.builder().address(new ServerAddress("db1", 27017)).type(type).ok(true)
                .state(ServerConnectionState.CONNECTED).maxWireVersion(maxWireVersion).setName("rs0")
                .logicalSessionTimeoutMinutes(sessionMinutes).build();
    }
}

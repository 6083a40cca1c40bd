package dev.sejour.booking.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClientLimitFilterTest {

    private final ClientLimitFilter behindProxy = new ClientLimitFilter(
            ClientLimit.builder().trustedProxies("10.0.0.2", "10.0.0.3").build());
    private final ClientLimitFilter direct = new ClientLimitFilter(ClientLimit.builder().build());

    @Test
    void withoutTrustedProxiesTheRemoteAddressIsTheClientWhateverTheHeadersSay() {
        assertThat(direct.clientOf("203.0.113.9", "for=198.51.100.1", "198.51.100.1")).isEqualTo("203.0.113.9");
    }

    @Test
    void aTrustedProxysForwardedHeaderNamesTheClientFromTheRight() {
        assertThat(behindProxy.clientOf("10.0.0.2", null, "198.51.100.1")).isEqualTo("198.51.100.1");
        // A client may put anything on the left: only the hop the proxy added counts.
        assertThat(behindProxy.clientOf("10.0.0.2", null, "1.2.3.4, 198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(behindProxy.clientOf("10.0.0.2", null, "198.51.100.1, 10.0.0.3")).isEqualTo("198.51.100.1");
        assertThat(behindProxy.clientOf("10.0.0.2", "for=192.0.2.60;proto=https, for=\"198.51.100.7:4711\"", "9.9.9.9"))
                .as("Forwarded wins over X-Forwarded-For").isEqualTo("198.51.100.7");
        assertThat(behindProxy.clientOf("10.0.0.2", "for=\"[2001:db8:cafe::17]:4711\"", null))
                .isEqualTo("2001:db8:cafe:0::/64");
        assertThat(behindProxy.clientOf("10.0.0.2", null, null)).as("no header: the proxy itself").isEqualTo("10.0.0.2");
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() {
        assertThat(ClientLimitFilter.network("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientLimitFilter.network("2001:db8:1:2:bbbb:cccc:dddd:eeee")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientLimitFilter.network("::1")).isEqualTo("0:0:0:0::/64");
        assertThat(ClientLimitFilter.network("0:0:0:0:0:0:0:1")).isEqualTo("0:0:0:0::/64");
        assertThat(ClientLimitFilter.network("192.0.2.1")).isEqualTo("192.0.2.1");
    }

    @Test
    void limitsArePositive() {
        assertThatThrownBy(() -> ClientLimit.builder().burst(0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientLimit.builder().requestsPerMinute(0).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}

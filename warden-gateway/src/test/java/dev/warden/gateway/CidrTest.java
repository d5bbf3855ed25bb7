package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @Test
    void ipv4NetworkContainsItsAddressesOnly() {
        Cidr net = Cidr.parse("10.1.0.0/16");
        assertThat(net.contains(ip("10.1.0.0"))).isTrue();
        assertThat(net.contains(ip("10.1.255.255"))).isTrue();
        assertThat(net.contains(ip("10.2.0.1"))).isFalse();
        assertThat(net.contains(ip("::1"))).as("other family").isFalse();
    }

    @Test
    void prefixNotOnAByteBoundary() {
        Cidr net = Cidr.parse("192.168.4.0/22");
        assertThat(net.contains(ip("192.168.7.200"))).isTrue();
        assertThat(net.contains(ip("192.168.8.1"))).isFalse();
        assertThat(net.contains(ip("192.168.3.255"))).isFalse();
    }

    @Test
    void ipv6Network() {
        Cidr net = Cidr.parse("2001:db8:abcd::/48");
        assertThat(net.contains(ip("2001:db8:abcd:12::1"))).isTrue();
        assertThat(net.contains(ip("2001:db8:abce::1"))).isFalse();
        assertThat(net.contains(ip("10.0.0.1"))).isFalse();
    }

    @Test
    void bareAddressIsOneHostAndZeroPrefixIsEverything() {
        assertThat(Cidr.parse("127.0.0.1").contains(ip("127.0.0.1"))).isTrue();
        assertThat(Cidr.parse("127.0.0.1").contains(ip("127.0.0.2"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
        assertThat(Cidr.parse("::/0").contains(ip("2001:db8::1"))).isTrue();
    }

    @Test
    void ipv4MappedIpv6AddressMatchesItsIpv4Network() throws UnknownHostException {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = 127;
        mapped[15] = 1;
        assertThat(Cidr.parse("127.0.0.0/8").contains(InetAddress.getByAddress(mapped)))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "example.com/8",
                "localhost",
                "10.0.0.0/33",
                "::/129",
                "10.0.0.0/-1",
                "10.0.0.0/x",
                "192.168.1.0/16",
                "10.0.0.1/8",
                "",
                "1.2.3/8"
            })
    void malformedOrAmbiguousRulesAreRefused(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}

package dev.feedloop.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.problems.Refusal;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointAddressesTest {

    static EndpointAddresses addresses(boolean allowLinkLocal) {
        return new EndpointAddresses(new GenerationProperties(null, allowLinkLocal, Duration.ofSeconds(1)));
    }

    @Test
    void linkLocalAndMetadataAddressesAreRefused() throws Exception {
        for (String literal : new String[] {
            "169.254.169.254", "169.254.0.1", "fe80::1", "febf::1", "fd00:ec2::254", "::ffff:169.254.169.254"
        }) {
            assertThat(EndpointAddresses.refused(InetAddress.ofLiteral(literal)))
                    .as(literal)
                    .isTrue();
        }
    }

    @Test
    void loopbackPrivateAndPublicAddressesAreAllowed() throws Exception {
        for (String literal :
                new String[] {"127.0.0.1", "::1", "10.0.0.5", "192.168.1.20", "172.16.0.1", "fd00::1", "8.8.8.8"}) {
            assertThat(EndpointAddresses.refused(InetAddress.ofLiteral(literal)))
                    .as(literal)
                    .isFalse();
        }
    }

    @Test
    void theResolverRefusesMetadataNamesAndRefusedAddressesAtCallTime() {
        var addresses = addresses(false);
        assertThatThrownBy(() -> addresses.dns().lookup("metadata.google.internal"))
                .isInstanceOf(EndpointAddresses.RefusedAddressException.class);
        assertThatThrownBy(() -> addresses.dns().lookup("169.254.169.254"))
                .isInstanceOf(EndpointAddresses.RefusedAddressException.class);
        assertThatThrownBy(() -> addresses.checkLiteral("fd00:ec2::254"))
                .isInstanceOf(EndpointAddresses.RefusedAddressException.class);
        assertThatCode(() -> addresses.checkLiteral("127.0.0.1")).doesNotThrowAnyException();
        assertThatCode(() -> addresses.dns().lookup("localhost")).doesNotThrowAnyException();
    }

    @Test
    void theSettingAllowsThem() {
        var addresses = addresses(true);
        assertThatCode(() -> addresses.checkLiteral("169.254.169.254")).doesNotThrowAnyException();
        assertThatCode(() -> addresses.dns().lookup("169.254.169.254")).doesNotThrowAnyException();
        assertThat(addresses.checkBaseUrl("http://169.254.169.254/v1")).isEqualTo("http://169.254.169.254/v1");
    }

    @Test
    void baseUrlsAreStoredWithoutTrailingSlashes() {
        assertThat(addresses(false).checkBaseUrl(" HTTP://localhost:11434/v1// "))
                .isEqualTo("http://localhost:11434/v1");
        assertThat(addresses(false).checkBaseUrl("https://api.openai.com/v1")).isEqualTo("https://api.openai.com/v1");
    }

    @Test
    void baseUrlsWithUserInfoOrWithoutHostAreRefused() {
        for (String url :
                new String[] {"http://user:pw@localhost/v1", "http:///v1", "localhost:8000/v1", "file:///etc"}) {
            assertThatThrownBy(() -> addresses(false).checkBaseUrl(url))
                    .as(url)
                    .isInstanceOfSatisfying(
                            Refusal.class, r -> assertThat(r.field()).isEqualTo("baseUrl"));
        }
    }
}

package com.shanfu.terminal.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The link and signal a heartbeat reports, read from a kernel's sysfs and /proc as Linux lays them out. */
class ConnectivityTests {

    @Test
    void a_wireless_interface_that_is_up_is_wifi_with_the_level_of_proc_net_wireless(@TempDir Path dir)
            throws Exception {
        Path net = dir.resolve("class/net");
        iface(net, "lo", "unknown");
        iface(net, "eth0", "down");
        iface(net, "wlan0", "up");
        Files.createDirectories(net.resolve("wlan0/wireless"));
        Path wireless = Files.writeString(
                dir.resolve("wireless"),
                "Inter-| sta-|   Quality        |   Discarded packets               | Missed | WE\n"
                        + " face | tus | link level noise |  nwid  crypt   frag  retry   misc | beacon | 22\n"
                        + " wlan0: 0000   54.  -56.  -256        0      0      0      0     42        0\n");
        assertThat(Connectivity.detect(net, wireless)).contains(new Connectivity("WIFI", -56));
    }

    @Test
    void a_modem_that_is_up_is_cellular_and_a_cable_ethernet(@TempDir Path dir) throws Exception {
        Path net = dir.resolve("class/net");
        iface(net, "eth0", "up");
        iface(net, "wwan0", "up");
        assertThat(Connectivity.detect(net, dir.resolve("none"))).contains(new Connectivity("CELLULAR", null));
        iface(net, "wwan0", "down");
        assertThat(Connectivity.detect(net, dir.resolve("none"))).contains(new Connectivity("ETHERNET", null));
        iface(net, "eth0", "down");
        assertThat(Connectivity.detect(net, dir.resolve("none"))).isEmpty();
    }

    @Test
    void what_the_operator_says_is_checked() {
        assertThat(Connectivity.parse("cellular:-97")).isEqualTo(new Connectivity("CELLULAR", -97));
        assertThat(Connectivity.parse("ETHERNET")).isEqualTo(new Connectivity("ETHERNET", null));
        assertThatThrownBy(() -> Connectivity.parse("5G:-80")).hasMessageContaining("must be one of");
        assertThatThrownBy(() -> Connectivity.parse("WIFI:strong")).hasMessageContaining("dBm");
        assertThatThrownBy(() -> Connectivity.parse("WIFI:20")).hasMessageContaining("not real");
    }

    private static void iface(Path net, String name, String state) throws Exception {
        Files.createDirectories(net.resolve(name));
        Files.writeString(net.resolve(name).resolve("operstate"), state + "\n");
    }
}

package com.shanfu.tms.host;

import com.shanfu.tms.device.DeviceService;
import com.shanfu.tms.merchant.Merchant;
import com.shanfu.tms.merchant.MerchantService;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the host tests share: the running TMS (HTTP port, ISO host), its database, and new shops with terminals. */
abstract class HostTestBase {

    @LocalServerPort
    int port;

    @Autowired
    MerchantService merchants;

    @Autowired
    DeviceService devices;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    IsoHost host;

    /** A new shop. */
    Merchant merchant(String name) {
        return merchants.register(UUID.randomUUID().toString(), name, "杭州", "5411");
    }

    /** A new shop's terminal, activated and signed on. */
    HostTerminal terminal(String shopName) throws Exception {
        return HostTerminal.signedOn(devices, merchant(shopName), port);
    }
}

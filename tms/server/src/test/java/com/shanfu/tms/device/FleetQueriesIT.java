package com.shanfu.tms.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.tms.TestStack;
import com.shanfu.tms.contract.DeviceStatus;
import com.shanfu.tms.contract.TxnKind;
import com.shanfu.tms.contract.TxnStatus;
import com.shanfu.tms.journal.Txn;
import com.shanfu.tms.journal.TxnRepository;
import com.shanfu.tms.merchant.Merchant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.orm.jpa.DataJpaTest;
import org.springframework.boot.test.autoconfigure.orm.jpa.TestEntityManager;
import org.springframework.data.domain.PageRequest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fleet's and the journal's queries on MariaDB (a JPA slice: the schema from Flyway, no web, no host): the groups
 * an operator acts on, the search with its optional filters, silent terminals, and a merchant's takings — each written
 * with the contract's enums, so a status renamed in the contract fails here, not in production.
 */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class FleetQueriesIT {

    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

    @DynamicPropertySource
    static void db(DynamicPropertyRegistry registry) throws Exception {
        TestStack.register(registry, "tms_jpa");
    }

    @Autowired
    TestEntityManager em;

    @Autowired
    DeviceRepository devices;

    @Autowired
    TxnRepository journal;

    private Merchant shanghai;

    @BeforeEach
    void fleet() {
        shanghai = em.persist(new Merchant("ref-" + UUID.randomUUID(), "张三便利店", "上海", "5411", NOW));
        Merchant beijing = em.persist(new Merchant("ref-" + UUID.randomUUID(), "李四面馆", "北京", "5812", NOW));
        device("Q1-SH-1", "SF-Q1", shanghai, DeviceStatus.ACTIVE, NOW.minus(Duration.ofHours(2)));
        device("P2-SH-2", "SF-P2", shanghai, DeviceStatus.ACTIVE, NOW);
        device("Q1-BJ-1", "SF-Q1", beijing, DeviceStatus.SUSPENDED, null);
        device("Q1-STOCK", "SF-Q1", null, DeviceStatus.IN_STOCK, null);
        em.flush();
    }

    private void device(String serial, String model, Merchant merchant, DeviceStatus status, Instant seen) {
        Device d = em.persist(new Device(
                serial + "-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(), model));
        if (merchant != null) {
            d.assign(merchant, "ship-" + UUID.randomUUID());
            d.moveTo(DeviceStatus.ASSIGNED);
            d.moveTo(DeviceStatus.SHIPPED);
            d.moveTo(DeviceStatus.ACTIVE);
            if (status == DeviceStatus.SUSPENDED) {
                d.moveTo(DeviceStatus.SUSPENDED);
            }
        }
        if (seen != null) {
            d.contacted(seen);
        }
    }

    @Test
    void aGroupIsItsActiveTerminalsOfAModelCityMerchantOrAll() {
        assertThat(devices.inGroup(DeviceStatus.ACTIVE, "ALL", null))
                .extracting(Device::modelCode)
                .containsExactly("SF-Q1", "SF-P2");
        assertThat(devices.inGroup(DeviceStatus.ACTIVE, "MODEL", "SF-P2")).hasSize(1);
        assertThat(devices.inGroup(DeviceStatus.ACTIVE, "REGION", "上海")).hasSize(2);
        assertThat(devices.inGroup(DeviceStatus.ACTIVE, "REGION", "北京")).isEmpty(); // suspended there
        assertThat(devices.inGroup(DeviceStatus.SUSPENDED, "REGION", "北京")).hasSize(1);
    }

    @Test
    void theSearchFiltersOnlyOnWhatIsGiven() {
        assertThat(devices.search(null, null, null, null, PageRequest.of(0, 50)).getTotalElements())
                .isEqualTo(4);
        assertThat(devices.search(DeviceStatus.IN_STOCK, null, null, null, PageRequest.of(0, 50))
                        .getTotalElements())
                .isEqualTo(1);
        assertThat(devices.search(null, "SF-Q1", null, null, PageRequest.of(0, 50))
                        .getTotalElements())
                .isEqualTo(3);
    }

    @Test
    void aSilentTerminalIsAnActiveOneNotHeardFromSince() {
        assertThat(devices.silentWithMerchant(NOW.minus(Duration.ofMinutes(30))))
                .extracting(d -> d.merchant().city())
                .containsExactly("上海");
        assertThat(devices.silentSince(NOW.minus(Duration.ofHours(3)))).isEmpty();
    }

    @Test
    void takingsAreTheApprovedSalesAndRefundsOfThePeriod() {
        Device d = devices.inGroup(DeviceStatus.ACTIVE, "MODEL", "SF-P2").getFirst();
        Txn sale = txn(d, 1, TxnKind.PURCHASE, 1250, "00");
        txn(d, 2, TxnKind.PURCHASE, 999, "51"); // declined
        txn(d, 3, TxnKind.REFUND, 250, "00");
        Txn voided = txn(d, 4, TxnKind.PURCHASE, 700, "00");
        assertThat(voided.voidPurchase()).isTrue();
        txn(d, 5, TxnKind.VOID, 700, "00");
        em.flush();
        List<Txn> takings = journal.approvedBetween(shanghai.id(), NOW.minusSeconds(1), NOW.plusSeconds(60));
        assertThat(takings)
                .extracting(Txn::stan)
                .containsExactlyInAnyOrder(1, 3); // the voided sale and the void itself are not takings
        assertThat(sale.status()).isEqualTo(TxnStatus.APPROVED);
    }

    private Txn txn(Device d, int stan, TxnKind kind, long fen, String rc) {
        Txn t = new Txn(d.id(), shanghai.id(), 1, stan, kind, fen, NOW);
        t.answer(rc, "00".equals(rc) ? "123456" : null, String.format("%012d", stan), new byte[0]);
        return em.persist(t);
    }
}

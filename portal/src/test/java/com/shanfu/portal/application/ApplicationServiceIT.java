package com.shanfu.portal.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shanfu.portal.security.CurrentUser;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The applicant rules against a real MariaDB (and the real Keycloak the portal's client registration needs). */
@SpringBootTest(properties = "shanfu.tms.url=http://127.0.0.1:9")
class ApplicationServiceIT {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        String db = "portal_it_" + UUID.randomUUID().toString().substring(0, 8);
        registry.add("spring.datasource.url", () -> "jdbc:mysql://" + env("SHANFU_TEST_DB_HOST") + ":"
                + env("SHANFU_TEST_DB_PORT") + "/" + db + "?createDatabaseIfNotExist=true&useSSL=false&allowPublicKeyRetrieval=true");
        registry.add("shanfu.keycloak.url", () -> env("SHANFU_TEST_KEYCLOAK_URL"));
        registry.add("spring.security.oauth2.client.provider.keycloak.issuer-uri",
                () -> env("SHANFU_TEST_KEYCLOAK_URL") + "/realms/shanfu");
        registry.add("shanfu.pii.key-file", () -> java.nio.file.Path.of("target", "test-keys", db + "-pii.key")
                .toAbsolutePath().toString());
    }

    static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the tests with infra/shanfu test");
        }
        return v;
    }

    @Autowired
    ApplicationService service;
    @Autowired
    ApplicationRepository repository;

    private static CurrentUser applicant() {
        String sub = UUID.randomUUID().toString();
        return new CurrentUser(sub, "user-" + sub.substring(0, 6), "Test", Set.of("applicant"));
    }

    private static ApplicationForm form(String idNumber, String card) {
        return new ApplicationForm("张小明", idNumber, "13800138000", card, "上海市浦东新区世纪大道100号", "上海");
    }

    private static String uniqueId(int age) {
        LocalDate birth = LocalDate.now().minusYears(age).minusDays((long) (Math.random() * 300));
        String first17 = "310115" + birth.toString().replace("-", "") + String.format("%03d", (int) (Math.random() * 1000));
        return first17 + IdNumber.checkCharacter(first17);
    }

    @Test
    @WithMockUser(roles = "applicant")
    void valid_application_is_stored_with_identity_masked_and_encrypted() {
        String id = uniqueId(30);
        Application a = service.submit(form(id, "6228480402564890018"), applicant());
        Application stored = repository.findById(a.getId()).orElseThrow();
        assertThat(stored.getStatus()).isEqualTo(ApplicationStatus.SUBMITTED);
        assertThat(stored.getIdNumberMasked()).isEqualTo(IdNumber.mask(id)).doesNotContain(id.substring(3, 14));
        assertThat(stored.getSettlementCardMasked()).isEqualTo("622848 **** **** 0018");
        assertThat(stored.getSettlementBank()).isEqualTo("中国农业银行");
        assertThat(service.history(stored)).extracting(ApplicationEvent::getStatus).containsExactly(ApplicationStatus.SUBMITTED);
    }

    @Test
    @WithMockUser(roles = "applicant")
    void underage_applicant_is_refused_with_the_reason_and_nothing_is_saved() {
        long before = repository.count();
        assertThatThrownBy(() -> service.submit(form(uniqueId(17), "6228480402564890018"), applicant()))
                .isInstanceOfSatisfying(ApplicationException.class,
                        e -> assertThat(e.fieldErrors()).containsEntry("idNumber", "validation.id.underage"));
        assertThat(repository.count()).isEqualTo(before);
    }

    @Test
    @WithMockUser(roles = "applicant")
    void credit_card_is_refused_for_settlement() {
        assertThatThrownBy(() -> service.submit(form(uniqueId(40), "6258091234567894"), applicant()))
                .isInstanceOfSatisfying(ApplicationException.class,
                        e -> assertThat(e.fieldErrors()).containsEntry("settlementCard", "validation.card.not-debit"));
    }

    @Test
    @WithMockUser(roles = "applicant")
    void a_second_open_application_for_the_same_id_number_is_refused() {
        String id = uniqueId(35);
        service.submit(form(id, "6228480402564890018"), applicant());
        assertThatThrownBy(() -> service.submit(form(id, "6228480402564890018"), applicant()))
                .isInstanceOfSatisfying(ApplicationException.class,
                        e -> assertThat(e.key()).isEqualTo("error.open-application-exists"));
    }

    @Test
    @WithMockUser(roles = "applicant")
    void an_applicant_cannot_use_the_staff_queue_or_decisions() {
        assertThatThrownBy(() -> service.queue(null, org.springframework.data.domain.PageRequest.of(0, 10)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> service.approve(1L, applicant())).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    @WithMockUser(roles = {"applicant", "staff"})
    void approval_while_the_tms_is_unreachable_changes_nothing() {
        Application a = service.submit(form(uniqueId(45), "6228480402564890018"), applicant());
        CurrentUser staff = new CurrentUser("staff", "staff1", "Staff", Set.of("staff"));
        assertThatThrownBy(() -> service.approve(a.getId(), staff))
                .isInstanceOfSatisfying(ApplicationException.class, e -> assertThat(e.key()).isEqualTo("error.backend-unavailable"));
        Application after = repository.findById(a.getId()).orElseThrow();
        assertThat(after.getStatus()).isEqualTo(ApplicationStatus.SUBMITTED);
        assertThat(after.getMerchantMid()).isNull();
    }

    @Test
    @WithMockUser(roles = "staff")
    void rejection_needs_a_reason_and_is_recorded_for_the_applicant() {
        Application a = withApplicant(() -> service.submit(form(uniqueId(50), "6228480402564890018"), applicant()));
        CurrentUser staff = new CurrentUser("staff", "staff1", "Staff", Set.of("staff"));
        assertThatThrownBy(() -> service.reject(a.getId(), " ", staff)).isInstanceOf(ApplicationException.class);
        service.reject(a.getId(), "身份证照片不清晰", staff);
        Application after = repository.findById(a.getId()).orElseThrow();
        assertThat(after.getStatus()).isEqualTo(ApplicationStatus.REJECTED);
        assertThat(after.getRejectReason()).isEqualTo("身份证照片不清晰");
    }

    private static Application withApplicant(java.util.function.Supplier<Application> work) {
        var context = org.springframework.security.core.context.SecurityContextHolder.getContext();
        var previous = context.getAuthentication();
        context.setAuthentication(new org.springframework.security.authentication.TestingAuthenticationToken(
                "applicant", null, "ROLE_applicant"));
        try {
            return work.get();
        } finally {
            context.setAuthentication(previous);
        }
    }
}

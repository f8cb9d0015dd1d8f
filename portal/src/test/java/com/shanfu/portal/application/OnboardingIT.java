package com.shanfu.portal.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shanfu.portal.security.CurrentUser;
import java.time.LocalDate;
import java.util.Locale;
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
class OnboardingIT {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        com.shanfu.portal.TestStack.register(registry, "portal_it");
    }

    @Autowired
    Applying applying;

    @Autowired
    Decisions decisions;

    @Autowired
    PersonalData personalData;

    @Autowired
    Blocklists blocklists;

    @Autowired
    ApplicationQueries queries;

    @Autowired
    ApplicationRepository repository;

    @Autowired
    PhoneVerifications phones;

    @Autowired
    KycCheckRepository checks;

    @Autowired
    com.shanfu.portal.notification.Outbox outbox;

    @Autowired
    com.shanfu.portal.notification.DevMessageGateway phoneInbox;

    @Autowired
    com.shanfu.portal.audit.Audit audit;

    private static CurrentUser applicant() {
        String sub = UUID.randomUUID().toString();
        return new CurrentUser(
                sub, "user-" + sub.substring(0, 6), "Test", sub.substring(0, 6) + "@example.cn", Set.of("applicant"));
    }

    private static final CurrentUser STAFF = new CurrentUser("staff", "staff1", "Staff", null, Set.of("staff"));

    private static String uniquePhone() {
        return "137" + String.format("%08d", (int) (Math.random() * 100_000_000));
    }

    private static ApplicationForm form(String idNumber, String card, String phone) {
        return new ApplicationForm(
                "张小明", idNumber, phone, card, "", "5411", "上海市浦东新区世纪大道100号1层", "上海市浦东新区世纪大道100号", "上海", "");
    }

    private static String uniqueId(int age) {
        LocalDate birth = LocalDate.now().minusYears(age).minusDays((long) (Math.random() * 300));
        String first17 =
                "310115" + birth.toString().replace("-", "") + String.format("%03d", (int) (Math.random() * 1000));
        return first17 + IdNumber.checkCharacter(first17);
    }

    /**
     * The code as the phone receives it: from the dev gateway, once the relay has sent the SMS. The outbox row keeps
     * the text with the code blanked, and nothing readable once it has left.
     */
    private String codeSentTo(String phone, java.util.Set<?> before) {
        String masked = MobilePhone.mask(phone);
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            // only what arrived after the send: another test's phone may share the masked number (137****1234)
            var got = phoneInbox.delivered().stream()
                    .filter(d -> !before.contains(d))
                    .filter(d -> masked.equals(d.to()) && d.text().contains("验证码"))
                    .findFirst();
            if (got.isPresent()) {
                String code = got.get().text().replaceAll("\\D*(\\d{6}).*", "$1");
                assertThat(outbox.latest(50))
                        .filteredOn(m -> masked.equals(m.getRecipientMasked()))
                        .allSatisfy(m -> assertThat(m.getBody()).doesNotContain(code));
                return code;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no code reached " + masked);
    }

    private void prove(String phone, CurrentUser user) {
        var before = new java.util.HashSet<>(phoneInbox.delivered());
        phones.send(phone, user, Locale.SIMPLIFIED_CHINESE);
        phones.verify(phone, codeSentTo(phone, before), user);
    }

    private Application submitted(int age) {
        CurrentUser user = applicant();
        String phone = uniquePhone();
        prove(phone, user);
        return applying.submit(form(uniqueId(age), "6228480402564890018", phone), user, Locale.SIMPLIFIED_CHINESE);
    }

    @Test
    @WithMockUser(roles = "applicant")
    void valid_application_is_stored_encrypted_and_masked_with_its_checks_and_notifications() {
        CurrentUser user = applicant();
        String phone = uniquePhone();
        prove(phone, user);
        String id = uniqueId(30);
        applying.saveDraft(form(id, "", phone), user);
        assertThat(applying.draft(user))
                .get()
                .extracting(ApplicationForm::idNumber)
                .isEqualTo(id);

        Application a = applying.submit(form(id, "6228480402564890018", phone), user, Locale.SIMPLIFIED_CHINESE);
        Application stored = repository.findById(a.getId()).orElseThrow();
        assertThat(stored.getIdNumberMasked()).isEqualTo(IdNumber.mask(id));
        assertThat(stored.getIdNumberEnc()).doesNotContain(id.substring(6, 14));
        assertThat(stored.getSettlementCardMasked()).isEqualTo("622848*********0018");
        assertThat(stored.getPhoneMasked()).isEqualTo(MobilePhone.mask(phone));
        assertThat(stored.getSettlementBank()).isEqualTo("中国农业银行");
        assertThat(checks.findByApplicationIdOrderByAtAscIdAsc(a.getId()))
                .extracting(KycCheck::getKind)
                .contains(
                        KycCheck.Kind.ID_NUMBER,
                        KycCheck.Kind.PHONE_OTP,
                        KycCheck.Kind.SETTLEMENT_CARD,
                        KycCheck.Kind.DUPLICATES,
                        KycCheck.Kind.CREDIT_STANDING);
        assertThat(outbox.forApplication(a.getId()))
                .extracting(m -> m.getChannel().name())
                .contains("SMS", "EMAIL");
        assertThat(applying.draft(user)).as("the draft is gone once submitted").isEmpty();
        assertThat(new String(personalData.export(user), java.nio.charset.StandardCharsets.UTF_8))
                .contains(id)
                .contains(phone);
    }

    @Test
    @WithMockUser(roles = "applicant")
    void without_a_proved_phone_nothing_is_submitted() {
        long before = repository.count();
        assertThatThrownBy(() -> applying.submit(
                        form(uniqueId(30), "6228480402564890018", uniquePhone()),
                        applicant(),
                        Locale.SIMPLIFIED_CHINESE))
                .isInstanceOfSatisfying(
                        ApplicationException.class,
                        e -> assertThat(e.fieldErrors()).containsEntry("phone", "validation.phone.not-proved"));
        assertThat(repository.count()).isEqualTo(before);
    }

    @Test
    @WithMockUser(roles = "applicant")
    void a_second_code_within_a_minute_is_refused_and_five_wrong_codes_lock_the_number() {
        CurrentUser user = applicant();
        String phone = uniquePhone();
        var before = new java.util.HashSet<>(phoneInbox.delivered());
        phones.send(phone, user, Locale.SIMPLIFIED_CHINESE);
        assertThatThrownBy(() -> phones.send(phone, user, Locale.SIMPLIFIED_CHINESE))
                .isInstanceOfSatisfying(
                        ApplicationException.class, e -> assertThat(e.key()).isEqualTo("otp.wait"));
        String code = codeSentTo(phone, before);
        String wrong = code.equals("000000") ? "000001" : "000000";
        for (int left = 4; left >= 1; left--) {
            int expected = left;
            assertThatThrownBy(() -> phones.verify(phone, wrong, user))
                    .isInstanceOfSatisfying(
                            ApplicationException.class,
                            e -> assertThat(e.args()).containsExactly(expected));
        }
        assertThatThrownBy(() -> phones.verify(phone, wrong, user))
                .isInstanceOfSatisfying(
                        ApplicationException.class, e -> assertThat(e.key()).isEqualTo("otp.locked"));
        assertThatThrownBy(() -> phones.verify(phone, code, user))
                .isInstanceOfSatisfying(
                        ApplicationException.class, e -> assertThat(e.key()).isEqualTo("otp.locked"));
        assertThat(phones.proved(phone, user)).isFalse();
    }

    @Test
    @WithMockUser(roles = "applicant")
    void underage_applicant_is_refused_with_the_reason_and_nothing_is_saved() {
        long before = repository.count();
        assertThatThrownBy(() -> applying.submit(
                        form(uniqueId(17), "6228480402564890018", uniquePhone()),
                        applicant(),
                        Locale.SIMPLIFIED_CHINESE))
                .isInstanceOfSatisfying(
                        ApplicationException.class,
                        e -> assertThat(e.fieldErrors()).containsEntry("idNumber", "validation.id.underage"));
        assertThat(repository.count()).isEqualTo(before);
    }

    @Test
    @WithMockUser(roles = "applicant")
    void credit_card_is_refused_for_settlement() {
        assertThatThrownBy(() -> applying.submit(
                        form(uniqueId(40), "6258091234567894", uniquePhone()), applicant(), Locale.SIMPLIFIED_CHINESE))
                .isInstanceOfSatisfying(
                        ApplicationException.class,
                        e -> assertThat(e.fieldErrors()).containsEntry("settlementCard", "validation.card.not-debit"));
    }

    @Test
    @WithMockUser(roles = "applicant")
    void a_second_open_application_for_the_same_id_number_is_refused() {
        CurrentUser user = applicant();
        String phone = uniquePhone();
        prove(phone, user);
        String id = uniqueId(35);
        applying.submit(form(id, "6228480402564890018", phone), user, Locale.SIMPLIFIED_CHINESE);
        assertThatThrownBy(
                        () -> applying.submit(form(id, "6228480402564890018", phone), user, Locale.SIMPLIFIED_CHINESE))
                .isInstanceOfSatisfying(
                        ApplicationException.class,
                        e -> assertThat(e.key()).isEqualTo("error.open-application-exists"));
    }

    @Test
    @WithMockUser(roles = "applicant")
    void while_the_verification_service_is_down_the_application_stays_verifying_and_is_retried() throws Exception {
        Application a = submitted(33);
        long deadline = System.currentTimeMillis() + 20_000;
        while (checks.findFirstByApplicationIdAndKindOrderByIdDesc(a.getId(), KycCheck.Kind.FOUR_ELEMENTS)
                        .isEmpty()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(checks.findFirstByApplicationIdAndKindOrderByIdDesc(a.getId(), KycCheck.Kind.FOUR_ELEMENTS))
                .get()
                .extracting(KycCheck::getOutcome)
                .isEqualTo(KycCheck.Outcome.ERROR);
        assertThat(repository.findById(a.getId()).orElseThrow().getStatus()).isEqualTo(ApplicationStatus.VERIFYING);
    }

    @Test
    @WithMockUser(roles = "applicant")
    void withdrawal_erases_personal_data_and_keeps_the_id_hash_for_the_limit() {
        CurrentUser user = applicant();
        String phone = uniquePhone();
        prove(phone, user);
        Application a =
                applying.submit(form(uniqueId(28), "6228480402564890018", phone), user, Locale.SIMPLIFIED_CHINESE);
        applying.withdraw(a.getId(), user);
        Application after = repository.findById(a.getId()).orElseThrow();
        assertThat(after.getStatus()).isEqualTo(ApplicationStatus.WITHDRAWN);
        assertThat(after.getLegalName()).isNull();
        assertThat(after.getIdNumberEnc()).isNull();
        assertThat(after.getPhoneEnc()).isNull();
        assertThat(after.getSettlementCardEnc()).isNull();
        assertThat(after.getShippingAddress()).isNull();
        assertThat(after.getIdNumberHash()).isNotBlank();
        assertThatThrownBy(() -> applying.withdraw(a.getId(), user)).isInstanceOf(ApplicationException.class);
        assertThatThrownBy(() -> applying.withdraw(a.getId(), applicant()))
                .isInstanceOfSatisfying(
                        ApplicationException.class, e -> assertThat(e.key()).isEqualTo("error.not-found"));
    }

    @Test
    @WithMockUser(roles = "applicant")
    void an_applicant_cannot_use_the_staff_queue_or_decisions() {
        assertThatThrownBy(() -> queries.queue(null, org.springframework.data.domain.PageRequest.of(0, 10)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> decisions.approve(1L, null, applicant())).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    @WithMockUser(roles = {"applicant", "staff"})
    void approval_while_the_tms_is_unreachable_changes_nothing() throws Exception {
        Application a = submitted(45);
        awaitingCall(a);
        assertThatThrownBy(() -> decisions.approve(a.getId(), null, STAFF))
                .isInstanceOfSatisfying(
                        ApplicationException.class, e -> assertThat(e.key()).isEqualTo("error.backend-unavailable"));
        Application after = repository.findById(a.getId()).orElseThrow();
        assertThat(after.getStatus()).isEqualTo(ApplicationStatus.AWAITING_CALL);
        assertThat(after.getMerchantMid()).isNull();
    }

    @Test
    @WithMockUser(roles = {"applicant", "staff"})
    void only_the_staff_member_working_an_open_case_reveals_its_numbers_and_says_why() throws Exception {
        Application a = submitted(33);
        verifying(a); // the background identity check has run: nothing else changes the case under us
        CurrentUser other = new CurrentUser("staff-2", "staff2", "Staff", null, Set.of("staff"));
        assertThatThrownBy(() -> personalData.reveal(a.getId(), "回访核对身份", STAFF))
                .as("nobody works the case yet")
                .isInstanceOfSatisfying(
                        ApplicationException.class, e -> assertThat(e.key()).isEqualTo("error.reveal-not-your-case"));
        decisions.takeCase(a.getId(), STAFF);
        assertThatThrownBy(() -> personalData.reveal(a.getId(), " ", STAFF))
                .as("no reason")
                .isInstanceOfSatisfying(
                        ApplicationException.class, e -> assertThat(e.key()).isEqualTo("validation.reveal-reason"));
        assertThatThrownBy(() -> personalData.reveal(a.getId(), "回访核对身份", other))
                .as("another staff member")
                .isInstanceOfSatisfying(
                        ApplicationException.class, e -> assertThat(e.key()).isEqualTo("error.reveal-not-your-case"));
        long reveals = audit.of("application", a.getId()).stream()
                .filter(x -> x.getAction().equals("PII_REVEALED"))
                .count();
        assertThat(reveals).as("refusals reveal nothing and record no reveal").isZero();

        PersonalData.Revealed r = personalData.reveal(a.getId(), "回访核对身份", STAFF);
        assertThat(r.idNumber()).matches("\\d{17}[\\dX]");
        assertThat(audit.of("application", a.getId()))
                .filteredOn(x -> x.getAction().equals("PII_REVEALED"))
                .singleElement()
                .satisfies(x -> {
                    assertThat(x.getActor()).isEqualTo("staff1");
                    assertThat(x.getAfterJson()).contains("回访核对身份").doesNotContain(r.idNumber());
                });

        decisions.takeCase(a.getId(), other); // taken over: audited with both names, and now only staff2 may reveal
        assertThat(audit.of("application", a.getId()))
                .filteredOn(x -> x.getAction().equals("CASE_TAKEN"))
                .hasSize(2)
                .last()
                .satisfies(x -> assertThat(x.getBeforeJson()).contains("staff1"));
        assertThatThrownBy(() -> personalData.reveal(a.getId(), "回访核对身份", STAFF))
                .isInstanceOfSatisfying(
                        ApplicationException.class, e -> assertThat(e.key()).isEqualTo("error.reveal-not-your-case"));

        decisions.reject(a.getId(), "资料不全", other);
        assertThatThrownBy(() -> personalData.reveal(a.getId(), "回访核对身份", other))
                .as("a closed case")
                .isInstanceOfSatisfying(
                        ApplicationException.class, e -> assertThat(e.key()).isEqualTo("error.case-closed"));
    }

    @Test
    @WithMockUser(roles = {"applicant", "staff"})
    void rejection_needs_a_reason_and_is_recorded_for_the_applicant() throws Exception {
        Application a = submitted(50);
        verifying(a);
        assertThatThrownBy(() -> decisions.reject(a.getId(), " ", STAFF)).isInstanceOf(ApplicationException.class);
        decisions.reject(a.getId(), "身份证照片不清晰", STAFF);
        Application after = repository.findById(a.getId()).orElseThrow();
        assertThat(after.getStatus()).isEqualTo(ApplicationStatus.REJECTED);
        assertThat(after.getRejectReason()).isEqualTo("身份证照片不清晰");
        assertThat(outbox.forApplication(a.getId()))
                .anySatisfy(m -> assertThat(m.getBody()).contains("身份证照片不清晰"));
    }

    @Test
    @WithMockUser(roles = {"applicant", "staff", "admin"})
    void a_blocklisted_card_fails_the_check_of_the_next_application_until_an_admin_lifts_it() {
        CurrentUser first = applicant();
        String phone = uniquePhone();
        prove(phone, first);
        Application a =
                applying.submit(form(uniqueId(31), "6228480402564890018", phone), first, Locale.SIMPLIFIED_CHINESE);
        assertThat(checks.findFirstByApplicationIdAndKindOrderByIdDesc(a.getId(), KycCheck.Kind.BLOCKLIST))
                .get()
                .extracting(KycCheck::getOutcome)
                .isEqualTo(KycCheck.Outcome.PASS);
        assertThatThrownBy(() -> blocklists.blocklist(a.getId(), " ", STAFF)).isInstanceOf(ApplicationException.class);
        blocklists.blocklist(a.getId(), "冒用他人身份", STAFF);

        CurrentUser second = applicant();
        String otherPhone = uniquePhone();
        prove(otherPhone, second);
        Application b = applying.submit(
                form(uniqueId(32), "6228480402564890018", otherPhone), second, Locale.SIMPLIFIED_CHINESE);
        assertThat(checks.findFirstByApplicationIdAndKindOrderByIdDesc(b.getId(), KycCheck.Kind.BLOCKLIST))
                .get()
                .satisfies(c -> {
                    assertThat(c.getOutcome()).isEqualTo(KycCheck.Outcome.FAIL);
                    assertThat(c.getDetail()).isEqualTo("on the blocklist: settlement card");
                });

        BlocklistEntry card = blocklists.entries().stream()
                .filter(e -> e.getKind() == BlocklistEntry.Kind.CARD)
                .filter(e -> "冒用他人身份".equals(e.getReason()))
                .findFirst()
                .orElseThrow();
        assertThatThrownBy(() -> blocklists.unblock(card.getId(), "", STAFF)).isInstanceOf(ApplicationException.class);
        blocklists.unblock(card.getId(), "核实为本人", STAFF);
        CurrentUser third = applicant();
        String thirdPhone = uniquePhone();
        prove(thirdPhone, third);
        Application c = applying.submit(
                form(uniqueId(33), "6228480402564890018", thirdPhone), third, Locale.SIMPLIFIED_CHINESE);
        assertThat(checks.findFirstByApplicationIdAndKindOrderByIdDesc(c.getId(), KycCheck.Kind.BLOCKLIST))
                .get()
                .extracting(KycCheck::getOutcome)
                .isEqualTo(KycCheck.Outcome.PASS);
    }

    /** Stands in for a consistent bank answer (the bank is not reachable from this test). */
    private void awaitingCall(Application a) throws InterruptedException {
        Application stored = verifying(a);
        stored.moveTo(ApplicationStatus.AWAITING_CALL, java.time.Instant.now());
        repository.save(stored);
    }

    /** Waits for the background step to take the application into verification. */
    private Application verifying(Application a) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        Application stored = repository.findById(a.getId()).orElseThrow();
        while (stored.getStatus() == ApplicationStatus.SUBMITTED && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            stored = repository.findById(a.getId()).orElseThrow();
        }
        assertThat(stored.getStatus()).isEqualTo(ApplicationStatus.VERIFYING);
        return stored;
    }
}

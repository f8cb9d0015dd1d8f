package com.shanfu.tms.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.tms.contract.RequestIds;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The correlation id on a request's log lines: the caller's when plain, a new one otherwise, gone afterwards. */
class CorrelationIdsTests {

    private String[] run(String given) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/devices");
        if (given != null) {
            request.addHeader(RequestIds.HEADER, given);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        String[] seen = new String[1];
        new CorrelationIds().doFilter(request, response, (rq, rs) -> seen[0] = MDC.get(RequestIds.MDC_KEY));
        assertThat(MDC.get(RequestIds.MDC_KEY)).as("cleared after the request").isNull();
        return new String[] {seen[0], response.getHeader(RequestIds.HEADER)};
    }

    @Test
    void the_portals_id_follows_the_request_and_comes_back() throws Exception {
        assertThat(run("3f9a0c1d2b4e5f60")).containsExactly("3f9a0c1d2b4e5f60", "3f9a0c1d2b4e5f60");
    }

    @Test
    void a_missing_or_forged_id_is_replaced_by_a_new_one() throws Exception {
        for (String given : new String[] {null, "", "short", "x\n2026-12-02 INFO forged log line", "a".repeat(65)}) {
            String[] r = run(given);
            assertThat(r[0]).as("for %s", given).matches("[0-9a-f]{16}");
            assertThat(r[1]).isEqualTo(r[0]);
        }
    }
}

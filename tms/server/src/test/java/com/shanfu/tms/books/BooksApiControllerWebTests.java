package com.shanfu.tms.books;

import static com.shanfu.tms.web.WebSlice.as;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The books check as a web slice: admins and the portal only; the portal's admin is recorded by name. */
@WebMvcTest(controllers = BooksApiController.class)
@Import(com.shanfu.tms.web.SecurityConfig.class)
class BooksApiControllerWebTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    BooksCheckRuns runs;

    @MockitoBean
    JwtDecoder jwtDecoder;

    @Test
    void staffMayNotRunOrReadTheBooksCheck() throws Exception {
        mvc.perform(post("/api/v1/books/checks").with(as("staff"))).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/books/checks").with(as("staff"))).andExpect(status().isForbidden());
        verifyNoInteractions(runs);
    }

    @Test
    void thePortalsRunIsRecordedAsItsAdmin() throws Exception {
        when(runs.runAndRecord("portal:admin1"))
                .thenReturn(new BooksCheck.Report(
                        Instant.parse("2026-12-01T08:00:00Z"),
                        Duration.ofMillis(40),
                        List.of("journal = batches"),
                        List.of()));
        mvc.perform(post("/api/v1/books/checks?requestedBy=admin1")
                        .with(as("tms-client"))
                        .accept(MediaType.TEXT_PLAIN))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("BOOKS BALANCE")));
        verify(runs).runAndRecord("portal:admin1");
    }
}

package com.shanfu.portal;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A signed-out visitor of a staff page is sent to sign in on the same scheme and port they came on — also HTTPS on
 * port 8080, the local run's, which Spring Security's default port mapping would turn into 8443.
 */
@SpringBootTest(properties = "shanfu.tms.url=http://127.0.0.1:9")
@AutoConfigureMockMvc
class LoginRedirectIT {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.register(registry, "portal_login");
    }

    @Autowired
    MockMvc mvc;

    @Test
    void theSignInRedirectKeepsTheHttpsPort() throws Exception {
        for (int port : new int[] {8080, 18080, 8443}) {
            String base = "https://localhost:" + port;
            var asked = mvc.perform(
                            get(base + "/staff/applications").accept(org.springframework.http.MediaType.TEXT_HTML))
                    .andExpect(status().is3xxRedirection())
                    .andExpect(redirectedUrl(base + "/oauth2/authorization/keycloak"))
                    .andReturn();
            // and once signed in, back to the page asked for on the same port
            var saved = (org.springframework.security.web.savedrequest.SavedRequest)
                    asked.getRequest().getSession().getAttribute("SPRING_SECURITY_SAVED_REQUEST");
            org.assertj.core.api.Assertions.assertThat(saved).isNotNull();
            org.assertj.core.api.Assertions.assertThat(saved.getRedirectUrl()).startsWith(base + "/staff/applications");
        }
    }
}

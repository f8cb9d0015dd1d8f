package com.shanfu.portal.ops;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request to the portal gets a correlation id on its log lines ({@code correlationId} in the MDC, a field of its
 * own in the structured JSON logs), and the portal's calls to the TMS carry it ({@code X-Request-Id}), so one id
 * follows a person's action into the TMS's logs. A call made outside a request (a scheduled job) gets one of its own.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CorrelationIds extends OncePerRequestFilter {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "correlationId";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = fresh(); // a browser's header is not trusted: the portal names its own requests
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** For the portal's HTTP clients: the current request's id, or a new one, on the outgoing call. */
    public static ClientHttpRequestInterceptor propagate() {
        return (request, body, execution) -> {
            String id = MDC.get(MDC_KEY);
            request.getHeaders().set(HEADER, id != null ? id : fresh());
            return execution.execute(request, body);
        };
    }

    static String fresh() {
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}

package com.shanfu.portal.ops;

import com.shanfu.tms.contract.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request to the portal gets a correlation id on its log lines ({@link RequestIds#MDC_KEY} in the MDC, a field
 * of its own in the structured JSON logs), and the portal's calls to the TMS carry it ({@link RequestIds#HEADER}), so
 * one id follows a person's action into the TMS's logs. A call made outside a request (a scheduled job) gets one of
 * its own.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CorrelationIds extends OncePerRequestFilter {

    /** At DEBUG (logger {@code shanfu.requests}), one line per call to the TMS under the id it carries (the path only, never the query). */
    private static final Logger log = LoggerFactory.getLogger("shanfu.requests");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        MDC.put(RequestIds.MDC_KEY, RequestIds.fresh()); // a browser's header is not trusted: the portal names its own
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    /** For the portal's HTTP clients: the current request's id, or a new one, on the outgoing call. */
    public static ClientHttpRequestInterceptor propagate() {
        return (request, body, execution) -> {
            String id = MDC.get(RequestIds.MDC_KEY);
            String sent = id != null ? id : RequestIds.fresh();
            request.getHeaders().set(RequestIds.HEADER, sent);
            if (log.isDebugEnabled()) {
                log.debug(
                        "to the TMS [{}]: {} {}",
                        sent,
                        request.getMethod(),
                        request.getURI().getPath());
            }
            return execution.execute(request, body);
        };
    }
}

package com.shanfu.tms.web;

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
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every HTTP request gets a correlation id on its log lines ({@link RequestIds#MDC_KEY} in the MDC, a field of its
 * own in the structured JSON logs): the caller's {@code X-Request-Id} when it is a plain token (the portal sends its
 * own, so one id follows a person's action from the portal into the TMS), else a new one. The answer carries it back.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CorrelationIds extends OncePerRequestFilter {

    /** At DEBUG (logger {@code shanfu.requests}), one line per request under its id (the path only, never the query): an access log to follow. */
    private static final Logger log = LoggerFactory.getLogger("shanfu.requests");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = RequestIds.usable(request.getHeader(RequestIds.HEADER));
        MDC.put(RequestIds.MDC_KEY, id);
        response.setHeader(RequestIds.HEADER, id);
        try {
            chain.doFilter(request, response);
            if (log.isDebugEnabled()) { // every API request and long poll passes here: nothing built when it is off
                log.debug("{} {} answered {}", request.getMethod(), request.getRequestURI(), response.getStatus());
            }
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }
}

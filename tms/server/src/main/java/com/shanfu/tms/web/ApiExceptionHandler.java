package com.shanfu.tms.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every refusal of the API as a problem detail with a {@code code} a client can act on. It comes before Spring's own
 * problem details (spring.mvc.problemdetails), which would answer a bad body or parameter with a bare "Invalid request
 * content." and no code or field.
 */
@RestControllerAdvice
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

    @ExceptionHandler(TmsException.class)
    ProblemDetail refused(TmsException e) {
        return problem(e.status(), e.code(), e.getMessage());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalid(MethodArgumentNotValidException e) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + ": " + f.getDefaultMessage())
                .reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", detail);
    }

    @ExceptionHandler({
        jakarta.validation.ConstraintViolationException.class,
        org.springframework.web.method.annotation.HandlerMethodValidationException.class,
        org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class
    })
    ProblemDetail invalidParameter(Exception e) {
        // the parameter's name, never the framework's exception text
        String which = e instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException m
                ? ": " + m.getName()
                : "";
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "a path or query parameter is not valid" + which);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "the request body is not valid JSON for this call");
    }

    /**
     * The database could not be reached in time (its pool exhausted under load, or the server down): 503 with a
     * pause to wait, so that a terminal tries again instead of reading the refusal as a bad credential (the error page
     * behind the security chain answered 401 before).
     */
    @ExceptionHandler({
        org.springframework.transaction.CannotCreateTransactionException.class,
        org.springframework.dao.DataAccessResourceFailureException.class,
        org.springframework.dao.TransientDataAccessResourceException.class
    })
    org.springframework.http.ResponseEntity<ProblemDetail> unavailable(Exception e) {
        return org.springframework.http.ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(org.springframework.http.HttpHeaders.RETRY_AFTER, "5")
                .body(problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "try-again",
                        "the TMS could not reach its database in time; try again in a few seconds"));
    }

    static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("https://shanfu.dev/problems/" + code));
        p.setTitle(status.getReasonPhrase());
        p.setProperty("code", code);
        return p;
    }
}

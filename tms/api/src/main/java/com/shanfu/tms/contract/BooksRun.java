package com.shanfu.tms.contract;

import java.time.Instant;

/** One run of the books check, with its report as text. */
public record BooksRun(
        long id,
        Instant startedAt,
        Instant finishedAt,
        String triggeredBy,
        int checks,
        int differences,
        String report) {}

package com.shanfu.tms.contract;

import java.time.Instant;

/**
 * A log a terminal uploaded for a {@code LOG_UPLOAD} task: its size, and how many replacements the TMS still had to
 * make on arrival ({@code redacted} above 0: the terminal let card data or key material through, and it was hidden).
 */
public record DeviceLog(long id, long taskId, Instant receivedAt, int bytes, int lines, int redacted) {}

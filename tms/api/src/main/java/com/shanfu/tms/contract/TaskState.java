package com.shanfu.tms.contract;

/**
 * A push task's delivery: waiting, handed to the terminal, applied by it, or failed (with a reason); or held back
 * while its staged software rollout is paused.
 */
public enum TaskState {
    PENDING,
    DELIVERED,
    APPLIED,
    FAILED,
    HELD
}

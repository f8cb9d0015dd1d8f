package com.shanfu.tms.contract;

import java.util.List;
import java.util.Map;

/** How far a rollout got: tasks per state, and the first tasks. */
public record RolloutState(String batchRef, Map<TaskState, Long> progress, List<Task> tasks) {}

package com.shanfu.tms.config;

import com.shanfu.protocol.crypto.Tr31;
import com.shanfu.tms.contract.TaskKind;
import com.shanfu.tms.contract.TaskState;
import com.shanfu.tms.device.Device;
import com.shanfu.tms.keys.LmkKey;
import com.shanfu.tms.keys.SecurityModule;
import com.shanfu.tms.keys.TerminalKey;
import com.shanfu.tms.keys.TerminalKeyRepository;
import com.shanfu.tms.web.TmsException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * TMK rotation (docs/protocol.md, "Push tasks"): a new TMK from the security module goes to the terminal as a TR-31
 * key block ({@code K0}) under its current TMK, in a {@code TMK_ROTATION} task. The host keeps it as the pending TMK
 * and accepts sign-ons under either; the first sign-on made under the new one puts it in force (the old one is then
 * gone). A rotation the terminal may already hold (its task handed out) is not replaced by another.
 */
@Service
public class TmkRotations {

    private final TerminalKeyRepository keys;
    private final SecurityModule securityModule;
    private final PushTasks tasks;
    private final PushTaskRepository taskRepository;

    TmkRotations(
            TerminalKeyRepository keys,
            SecurityModule securityModule,
            PushTasks tasks,
            PushTaskRepository taskRepository) {
        this.keys = keys;
        this.securityModule = securityModule;
        this.tasks = tasks;
        this.taskRepository = taskRepository;
    }

    @Transactional
    public PushTask rotate(Device device, String batchRef, String actor) {
        TerminalKey key = keys.lockById(device.id())
                .orElseThrow(() -> new TmsException(
                        HttpStatus.CONFLICT, "no-tmk", "terminal " + device.tid() + " has no TMK (not activated)"));
        var open = taskRepository.findByDeviceIdAndKindAndStatusIn(
                device.id(), TaskKind.TMK_ROTATION, List.of(TaskState.PENDING, TaskState.DELIVERED));
        if (key.pendingTmk() != null && open.stream().anyMatch(t -> t.getStatus() == TaskState.DELIVERED)) {
            throw new TmsException(
                    HttpStatus.CONFLICT,
                    "rotation-in-progress",
                    "terminal " + device.tid()
                            + " may already hold a new TMK it has not signed on with: wait until that rotation is applied");
        }
        LmkKey next = securityModule.generateKey();
        String block = securityModule.exportKeyBlock(next, key.tmk(), Tr31.Usage.KEY_ENCRYPTION);
        key.offerTmk(next);
        String batch = batchRef != null
                ? batchRef
                : "tmk_rotation-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        return tasks.create(device, TaskKind.TMK_ROTATION, Map.of("keyBlock", block, "kcv", next.kcv()), batch, actor);
    }
}

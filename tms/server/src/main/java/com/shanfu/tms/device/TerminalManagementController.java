package com.shanfu.tms.device;

import com.shanfu.protocol.management.ActivationRequest;
import com.shanfu.protocol.management.ActivationResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The terminal's management channel (docs/protocol.md, "Management channel"). */
@RestController
class TerminalManagementController {

    private final ActivationService activation;

    TerminalManagementController(ActivationService activation) {
        this.activation = activation;
    }

    @PostMapping(ActivationRequest.PATH)
    ActivationResponse activate(@RequestBody ActivationRequest request) {
        return activation.activate(request);
    }
}

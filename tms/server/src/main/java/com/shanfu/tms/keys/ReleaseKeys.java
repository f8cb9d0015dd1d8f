package com.shanfu.tms.keys;

import com.shanfu.protocol.management.SoftwarePackage;
import java.security.PublicKey;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The operator's release public keys for terminal software ({@code SHANFU_RELEASE_KEYS}: base64 X.509 Ed25519,
 * comma-separated; the private halves never come near the TMS). Packages are taken only when one of them signed
 * them, and terminals pin them at activation (docs/fleet.md, "Software packages"). A key that does not parse stops
 * the TMS at start.
 */
@Component
public class ReleaseKeys {

    private final String text;
    private final List<PublicKey> keys;

    ReleaseKeys(@Value("${shanfu.software.release-keys:}") String text) {
        this.text = text == null ? "" : text.strip();
        try {
            this.keys = SoftwarePackage.releaseKeys(this.text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("SHANFU_RELEASE_KEYS: " + e.getMessage(), e);
        }
    }

    public List<PublicKey> keys() {
        return keys;
    }

    /** As terminals pin them at activation (comma-separated base64 X.509), or null when none is configured. */
    public String forTerminals() {
        return text.isEmpty() ? null : text;
    }
}

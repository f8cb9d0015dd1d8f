package com.shanfu.tms.software;

import com.shanfu.protocol.management.HeartbeatRequest;
import com.shanfu.protocol.management.SoftwarePackage;
import com.shanfu.tms.contract.SoftwareRollout;
import com.shanfu.tms.contract.SoftwareVersion;
import com.shanfu.tms.device.ActivationService;
import com.shanfu.tms.web.TmsException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Software packages and their staged rollouts (docs/fleet.md, "Software packages"): the operator uploads a signed
 * package and rolls it out; terminals download it by byte range on their management channel.
 */
@RestController
class SoftwareController {

    static final String CHANGE = "hasAnyRole('admin', 'tms-client')";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,12})-(\\d{0,12})");

    private final SoftwarePackages packages;
    private final SoftwareRollouts rollouts;
    private final ActivationService devices;

    SoftwareController(SoftwarePackages packages, SoftwareRollouts rollouts, ActivationService devices) {
        this.packages = packages;
        this.rollouts = rollouts;
        this.devices = devices;
    }

    @PutMapping(path = "/api/v1/software/{version}")
    @PreAuthorize(CHANGE)
    @Operation(
            summary = "Upload a terminal software package (the zip as the body) with its Ed25519 signature by a"
                    + " release key (base64, over \"shanfu-terminal-package-v1\\n\" + the zip's SHA-256 in hex)")
    SoftwareVersion upload(
            @PathVariable String version,
            @RequestParam String signature,
            HttpServletRequest request,
            Authentication who)
            throws IOException {
        if (!version.matches(SoftwarePackage.VERSION_PATTERN)) {
            throw new TmsException(HttpStatus.BAD_REQUEST, "invalid-version", "not a software version: " + version);
        }
        if (request.getContentLengthLong() > SoftwarePackage.MAX_BYTES) {
            throw tooLarge();
        }
        byte[] zip = request.getInputStream().readNBytes((int) SoftwarePackage.MAX_BYTES + 1);
        if (zip.length > SoftwarePackage.MAX_BYTES) {
            throw tooLarge();
        }
        return packages.upload(version, zip, signature, who.getName());
    }

    @GetMapping("/api/v1/software")
    @Operation(summary = "The software packages the TMS keeps, newest first")
    List<SoftwareVersion> versions() {
        return packages.all();
    }

    @PostMapping("/api/v1/software/{version}/rollouts")
    @PreAuthorize(CHANGE)
    @Operation(
            summary = "Roll a package out to a share of a group's active terminals (percent, default 100), pausing by"
                    + " itself when more than maxFailurePercent (default 10) of the finished tasks failed")
    SoftwareRollout roll(@PathVariable String version, @RequestBody SoftwareRollout.Start r, Authentication who) {
        SoftwareRollout.Start start = r == null
                ? null
                : new SoftwareRollout.Start(version, r.scope(), r.key(), r.percent(), r.maxFailurePercent());
        return rollouts.start(start, who.getName());
    }

    @GetMapping("/api/v1/software-rollouts")
    @Operation(summary = "The last 100 software rollouts with their progress per task state")
    List<SoftwareRollout> rollouts() {
        return rollouts.all();
    }

    @PostMapping("/api/v1/software-rollouts/{batchRef}/{action:pause|resume|rollback}")
    @PreAuthorize(CHANGE)
    @Operation(summary = "Pause, resume (optionally to a larger percent) or roll back a software rollout")
    SoftwareRollout act(
            @PathVariable String batchRef,
            @PathVariable String action,
            @RequestBody(required = false) SoftwareRollout.Resume r,
            Authentication who) {
        return switch (action) {
            case "pause" -> rollouts.pause(batchRef, who.getName());
            case "resume" -> rollouts.resume(batchRef, r == null ? null : r.percent(), who.getName());
            default -> rollouts.rollBack(batchRef, who.getName());
        };
    }

    /**
     * A terminal downloads a package on its management channel (device credential); {@code Range: bytes=N-} or
     * {@code bytes=N-M} gives 206 with that part, so a download cut off goes on where it stopped.
     */
    @GetMapping(SoftwarePackage.DOWNLOAD_PATH)
    void download(
            @RequestHeader(name = HeartbeatRequest.CREDENTIAL_HEADER, required = false) String credential,
            @RequestHeader(name = "Range", required = false) String range,
            @PathVariable String version,
            HttpServletResponse response)
            throws IOException {
        devices.authenticate(credential);
        SoftwarePackages.Stored p = packages.stored(version)
                .orElseThrow(() ->
                        new TmsException(HttpStatus.NOT_FOUND, "unknown-version", "no package of version " + version));
        long size = p.version().sizeBytes();
        long from = 0;
        long to = size - 1;
        if (range != null) {
            Matcher m = RANGE.matcher(range.strip());
            if (!m.matches()) {
                throw new TmsException(
                        HttpStatus.BAD_REQUEST, "invalid-range", "Range must be bytes=FROM- or bytes=FROM-TO");
            }
            from = Long.parseLong(m.group(1));
            to = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
            if (from >= size || from > to) {
                response.setHeader("Content-Range", "bytes */" + size);
                throw new TmsException(
                        HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                        "range-not-satisfiable",
                        "the package has " + size + " bytes");
            }
            response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
            response.setHeader("Content-Range", "bytes " + from + "-" + to + "/" + size);
        }
        response.setContentType("application/zip");
        response.setHeader("Accept-Ranges", "bytes");
        response.setHeader("ETag", "\"" + p.version().sha256() + "\"");
        response.setContentLengthLong(to - from + 1);
        packages.write(p, from, to, response.getOutputStream());
    }

    private static TmsException tooLarge() {
        return new TmsException(
                HttpStatus.PAYLOAD_TOO_LARGE,
                "package-too-large",
                "a package is at most " + SoftwarePackage.MAX_BYTES / (1024 * 1024) + " MiB");
    }
}

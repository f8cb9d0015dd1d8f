package com.shanfu.tms.software;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.protocol.management.HeartbeatRequest;
import com.shanfu.protocol.management.SoftwarePackage;
import com.shanfu.protocol.tls.Tls;
import com.shanfu.tms.BenchFleet;
import com.shanfu.tms.TestStack;
import com.shanfu.tms.config.PushTask;
import com.shanfu.tms.config.PushTasks;
import com.shanfu.tms.contract.Scope;
import com.shanfu.tms.contract.SoftwareRollout;
import com.shanfu.tms.contract.TaskKind;
import com.shanfu.tms.contract.TaskState;
import com.shanfu.tms.device.Device;
import com.shanfu.tms.device.DeviceRepository;
import com.shanfu.tms.web.TmsException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A staged software rollout on the real database: a share of a group first, paused by itself past its failure rate
 * (its undelivered tasks held, never handed out), resumed to a larger share, rolled back (open tasks end, terminals on
 * the new version are sent back, including one that applies it after the rollback); and a package served by range.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "shanfu.iso.port=0")
class SoftwareRolloutIT {

    static final KeyPair RELEASE = newKey();

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        TestStack.register(registry, "tms_software");
        registry.add(
                "shanfu.software.release-keys",
                () -> java.util.Base64.getEncoder()
                        .encodeToString(RELEASE.getPublic().getEncoded()));
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SoftwarePackages packages;

    @Autowired
    SoftwareRollouts rollouts;

    @Autowired
    PushTasks tasks;

    @Autowired
    DeviceRepository devices;

    private static KeyPair newKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] zip(String version, int jarBytes) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.setLevel(0);
            z.putNextEntry(new ZipEntry(SoftwarePackage.MANIFEST));
            z.write(("{\"name\":\"shanfu-terminal\",\"version\":\"" + version + "\",\"mainClass\":\"a.b.Main\"}")
                    .getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("lib/app.jar"));
            byte[] filler = new byte[jarBytes];
            new java.util.Random(7).nextBytes(filler);
            z.write(filler);
            z.closeEntry();
        }
        return b.toByteArray();
    }

    private void upload(String version, byte[] zip) {
        packages.upload(
                version, zip, SoftwarePackage.sign(RELEASE.getPrivate(), SoftwarePackage.sha256(zip)), "release-test");
    }

    private List<PushTask> batch(String ref) {
        return tasks.ofBatch(ref, org.springframework.data.domain.PageRequest.of(0, 100))
                .getContent();
    }

    private Device device(long id) {
        return devices.findById(id).orElseThrow();
    }

    @Test
    void a_share_first_paused_past_its_failure_rate_resumed_wider_and_rolled_back() throws Exception {
        BenchFleet fleet = BenchFleet.seed(jdbc, null, 10, "898000000000771", "ROLL");
        upload("2.0.0", zip("2.0.0", 2000));

        SoftwareRollout r =
                rollouts.start(new SoftwareRollout.Start("2.0.0", Scope.MERCHANT, "898000000000771", 30, 20), "admin");
        assertThat(r.groupSize()).isEqualTo(10);
        assertThat(r.progress().get(TaskState.PENDING))
                .as("30% of 10, rounded up")
                .isEqualTo(3);
        List<PushTask> first = batch(r.batchRef());
        assertThat(first).allSatisfy(t -> assertThat(t.getKind()).isEqualTo(TaskKind.SOFTWARE));
        assertThat(first.getFirst().getPayloadJson()).contains("\"sha256\"").contains("\"signature\"");

        first.forEach(t -> tasks.due(device(t.getDeviceId())));
        tasks.report(device(first.get(0).getDeviceId()), first.get(0).getId(), true, null);
        assertThat(rollouts.view(r.batchRef()).status()).isEqualTo("RUNNING");
        tasks.report(device(first.get(1).getDeviceId()), first.get(1).getId(), false, "did not start");
        SoftwareRollout paused = rollouts.view(r.batchRef());
        assertThat(paused.status()).as("1 of 2 failed: 50% > 20%").isEqualTo("PAUSED");
        assertThat(paused.statusReason()).contains("paused by itself").contains("did not start");

        // wider while paused is refused to shrink, and resuming to 60% adds the next terminals in the same order
        try {
            rollouts.resume(r.batchRef(), 20, "admin");
            throw new AssertionError("a rollout that shrinks");
        } catch (TmsException e) {
            assertThat(e.getMessage()).contains("only grows");
        }
        SoftwareRollout wider = rollouts.resume(r.batchRef(), 60, "admin");
        assertThat(wider.status()).isEqualTo("RUNNING");
        assertThat(batch(r.batchRef())).hasSize(6);
        assertThat(batch(r.batchRef()).subList(0, 3))
                .extracting(PushTask::getId)
                .as("the first share stays the first")
                .containsExactlyElementsOf(first.stream().map(PushTask::getId).toList());

        // paused by an admin: the three new tasks are held and never handed out
        rollouts.pause(r.batchRef(), "admin");
        List<PushTask> held = batch(r.batchRef()).stream()
                .filter(t -> t.getStatus() == TaskState.HELD)
                .toList();
        assertThat(held).hasSize(3);
        assertThat(tasks.due(device(held.getFirst().getDeviceId()))).isEmpty();

        // rolled back: open tasks end; the terminal on 2.0.0 is sent back, and so is the one that applies it later
        SoftwareRollout back = rollouts.rollBack(r.batchRef(), "admin");
        assertThat(back.status()).isEqualTo("ROLLED_BACK");
        assertThat(back.progress().get(TaskState.HELD)).isZero();
        assertThat(batch(r.batchRef() + "-back")).hasSize(1);
        assertThat(batch(r.batchRef() + "-back").getFirst().getPayloadJson()).contains("\"rollback\":true");
        tasks.report(device(first.get(2).getDeviceId()), first.get(2).getId(), true, null);
        assertThat(batch(r.batchRef() + "-back")).hasSize(2);
        assertThat(rollouts.rollBack(r.batchRef(), "admin").status())
                .as("twice is once")
                .isEqualTo("ROLLED_BACK");
    }

    @Test
    void a_package_is_served_whole_or_from_where_a_download_stopped_and_only_signed_ones_are_kept() throws Exception {
        BenchFleet.Terminal t = BenchFleet.seed(jdbc, null, 1, "898000000000772", "RANGE")
                .terminals()
                .getFirst();
        byte[] zip = zip("2.1.0", 2_500_000); // three chunks of 1 MiB
        upload("2.1.0", zip);
        try {
            packages.upload("2.1.1", zip("2.1.1", 10), SoftwarePackage.sign(newKey().getPrivate(), "00"), "x");
            throw new AssertionError("a package signed by another key");
        } catch (TmsException e) {
            assertThat(e.getMessage()).contains("not a release key's");
        }
        HttpClient http = HttpClient.newBuilder()
                .sslContext(Tls.pinnedContext(TestStack.caPem()))
                .build();
        String url = "https://localhost:" + port + "/api/terminal/v1/software/2.1.0";
        HttpResponse<byte[]> whole = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header(HeartbeatRequest.CREDENTIAL_HEADER, t.credential())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(zip);
        int from = 1_048_000; // across the first chunk's end
        HttpResponse<byte[]> rest = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header(HeartbeatRequest.CREDENTIAL_HEADER, t.credential())
                        .header("Range", "bytes=" + from + "-")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(rest.headers().firstValue("Content-Range"))
                .hasValue("bytes " + from + "-" + (zip.length - 1) + "/" + zip.length);
        assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(zip, from, zip.length));
        HttpResponse<String> beyond = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header(HeartbeatRequest.CREDENTIAL_HEADER, t.credential())
                        .header("Range", "bytes=" + zip.length + "-")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(beyond.statusCode()).isEqualTo(416);
        HttpResponse<String> stranger =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stranger.statusCode()).as("no device credential").isEqualTo(401);
    }
}

package com.shanfu.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests (infra/k8s): every overlay rendered by {@code kubectl kustomize}, every object parsed
 * strictly with a typed model — fabric8's kubernetes-model for Kubernetes' own kinds, and for the operators' custom
 * resources (cert-manager, the Keycloak operator, the MariaDB operator) the fields of their published CRDs as
 * records — so an unknown or misspelt field, a wrong type or an impossible quantity fails. Then what only the whole
 * set shows: every Service, Ingress, PodDisruptionBudget and autoscaler points at something that exists; every
 * Secret and ConfigMap a pod reads is generated or named in the list of Secrets made outside git; every Shanfu
 * setting a container gets is one its application reads; the realm import is the realm file without its users.
 */
class KubernetesManifestsTests {

    static final Path K8S = Path.of("k8s");

    /** Secrets made outside git, by the key ceremony, cert-manager or the secret store (docs/operations.md). */
    static final Set<String> EXTERNAL_SECRETS = Set.of(
            "shanfu-ca-keypair",
            "shanfu-keystore-password",
            "shanfu-tms-tls",
            "shanfu-portal-tls",
            "shanfu-keycloak-tls",
            "shanfu-tms-public-tls",
            "shanfu-portal-public-tls",
            "shanfu-db-root",
            "shanfu-db-tms",
            "shanfu-db-portal",
            "shanfu-db-keycloak",
            "shanfu-keycloak-admin",
            "shanfu-oidc",
            "shanfu-identity",
            "shanfu-smpp",
            "shanfu-smtp",
            "shanfu-portal-pii",
            "shanfu-lmk-component-1",
            "shanfu-lmk-component-2",
            "shanfu-lmk-component-3");

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    private static final Pattern GO_DURATION = Pattern.compile("([0-9]+(h|m|s|ms))+");

    // ---------------------------------------------------------------- the operators' custom resources, as typed
    // models of the fields their CRDs define (cert-manager.io/v1, k8s.keycloak.org/v2alpha1, k8s.mariadb.com/v1alpha1)

    record SecretKeyRef(String name, String key, Boolean generate) {}

    record NameRef(String name) {}

    record CertIssuer(String apiVersion, String kind, ObjectMeta metadata, IssuerSpec spec) {}

    record IssuerSpec(CaIssuer ca, Map<String, Object> selfSigned) {}

    record CaIssuer(String secretName, List<String> crlDistributionPoints) {}

    record Certificate(String apiVersion, String kind, ObjectMeta metadata, CertificateSpec spec) {}

    record CertificateSpec(
            String secretName,
            String duration,
            String renewBefore,
            String commonName,
            List<String> dnsNames,
            List<String> ipAddresses,
            PrivateKey privateKey,
            List<String> usages,
            IssuerRef issuerRef,
            Keystores keystores,
            Boolean isCA) {}

    record PrivateKey(String algorithm, Integer size, String encoding, String rotationPolicy) {}

    record IssuerRef(String name, String kind, String group) {}

    record Keystores(Pkcs12 pkcs12, Jks jks) {}

    record Pkcs12(Boolean create, SecretKeyRef passwordSecretRef, String profile, String alias) {}

    record Jks(Boolean create, SecretKeyRef passwordSecretRef, String alias) {}

    record Keycloak(String apiVersion, String kind, ObjectMeta metadata, KeycloakSpec spec) {}

    record KeycloakSpec(
            Integer instances,
            String image,
            Boolean startOptimized,
            KeycloakDb db,
            KeycloakHttp http,
            KeycloakHostname hostname,
            KeycloakProxy proxy,
            KeycloakIngress ingress,
            BootstrapAdmin bootstrapAdmin,
            List<KeycloakOption> additionalOptions,
            KeycloakFeatures features,
            ResourceRequirements resources) {}

    record KeycloakDb(
            String vendor,
            String host,
            Integer port,
            String database,
            String schema,
            String url,
            SecretKeyRef usernameSecret,
            SecretKeyRef passwordSecret,
            Integer poolInitialSize,
            Integer poolMinSize,
            Integer poolMaxSize) {}

    record KeycloakHttp(Boolean httpEnabled, Integer httpPort, Integer httpsPort, String tlsSecret) {}

    record KeycloakHostname(String hostname, String admin, Boolean strict, Boolean backchannelDynamic) {}

    record KeycloakProxy(String headers) {}

    record KeycloakIngress(Boolean enabled, String className, Map<String, String> annotations, String tlsSecret) {}

    record BootstrapAdmin(SecretRef user, SecretRef service) {}

    record SecretRef(String secret) {}

    record KeycloakOption(String name, String value, SecretKeyRef secret) {}

    record KeycloakFeatures(List<String> enabled, List<String> disabled) {}

    record KeycloakRealmImport(String apiVersion, String kind, ObjectMeta metadata, RealmImportSpec spec) {}

    record RealmImportSpec(String keycloakCRName, Map<String, Placeholder> placeholders, Map<String, Object> realm) {}

    record Placeholder(SecretKeyRef secret) {}

    record MariaDb(String apiVersion, String kind, ObjectMeta metadata, MariaDbSpec spec) {}

    record MariaDbSpec(
            SecretKeyRef rootPasswordSecretKeyRef,
            Integer replicas,
            String image,
            Integer port,
            Galera galera,
            Storage storage,
            String myCnf,
            ResourceRequirements resources,
            MariaDbAffinity affinity,
            Pdb podDisruptionBudget,
            Metrics metrics) {}

    record Galera(
            Boolean enabled,
            GaleraPrimary primary,
            String sst,
            Boolean availableWhenDonor,
            Integer replicaThreads,
            GaleraRecovery recovery) {}

    record GaleraPrimary(Integer podIndex, Boolean automaticFailover) {}

    record GaleraRecovery(Boolean enabled, String minClusterSize, String clusterHealthyTimeout) {}

    record Storage(Quantity size, String storageClassName, Boolean ephemeral, Boolean resizeInUseVolumes) {}

    record MariaDbAffinity(Boolean antiAffinityEnabled) {}

    record Pdb(Object maxUnavailable, Object minAvailable) {}

    record Metrics(Boolean enabled) {}

    record MariaDbRef(String name, String namespace, Boolean waitForIt) {}

    record Database(String apiVersion, String kind, ObjectMeta metadata, DatabaseSpec spec) {}

    record DatabaseSpec(MariaDbRef mariaDbRef, String name, String characterSet, String collate) {}

    record User(String apiVersion, String kind, ObjectMeta metadata, UserSpec spec) {}

    record UserSpec(
            MariaDbRef mariaDbRef,
            String name,
            String host,
            SecretKeyRef passwordSecretKeyRef,
            Integer maxUserConnections) {}

    record Grant(String apiVersion, String kind, ObjectMeta metadata, GrantSpec spec) {}

    record GrantSpec(
            MariaDbRef mariaDbRef,
            List<String> privileges,
            String database,
            String table,
            String username,
            String host,
            Boolean grantOption) {}

    record Backup(String apiVersion, String kind, ObjectMeta metadata, BackupSpec spec) {}

    record BackupSpec(MariaDbRef mariaDbRef, BackupSchedule schedule, String maxRetention, BackupStorage storage) {}

    record BackupSchedule(String cron, Boolean suspend) {}

    record BackupStorage(PersistentVolumeClaimSpec persistentVolumeClaim) {}

    /** The typed model of each kind the manifests may hold. */
    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("cert-manager.io/v1/Issuer", CertIssuer.class),
            Map.entry("cert-manager.io/v1/Certificate", Certificate.class),
            Map.entry("k8s.keycloak.org/v2alpha1/Keycloak", Keycloak.class),
            Map.entry("k8s.keycloak.org/v2alpha1/KeycloakRealmImport", KeycloakRealmImport.class),
            Map.entry("k8s.mariadb.com/v1alpha1/MariaDB", MariaDb.class),
            Map.entry("k8s.mariadb.com/v1alpha1/Database", Database.class),
            Map.entry("k8s.mariadb.com/v1alpha1/User", User.class),
            Map.entry("k8s.mariadb.com/v1alpha1/Grant", Grant.class),
            Map.entry("k8s.mariadb.com/v1alpha1/Backup", Backup.class));

    // ---------------------------------------------------------------- the tests

    @Test
    void every_overlay_renders_and_every_object_parses_strictly_and_hangs_together() throws Exception {
        List<Path> overlays;
        try (Stream<Path> s = Files.list(K8S.resolve("overlays"))) {
            overlays = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(overlays).as("overlays in infra/k8s/overlays").isNotEmpty();
        for (Path overlay : overlays) {
            List<Object> objects = parse(render(overlay), overlay.toString());
            checkReferences(objects, overlay.toString());
        }
    }

    @Test
    void a_misspelt_field_an_unknown_kind_or_a_bad_quantity_is_refused() throws Exception {
        String deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replica: 2\n";
        assertThat(errorOf(deployment)).contains("spec.replica");
        String keycloak = "apiVersion: k8s.keycloak.org/v2alpha1\nkind: Keycloak\nmetadata:\n  name: k\n"
                + "spec:\n  instances: 2\n  hostname:\n    hostnmae: https://id\n";
        assertThat(errorOf(keycloak)).contains("hostnmae");
        String mariadb = "apiVersion: k8s.mariadb.com/v1alpha1\nkind: MariaDB\nmetadata:\n  name: m\n"
                + "spec:\n  replicas: \"3\"\n";
        assertThat(errorOf(mariadb)).contains("replicas");
        assertThat(errorOf("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n")).contains("no typed model for v1/Pod");
        String quantity = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  labelz: {}\n";
        assertThat(errorOf(quantity)).contains("metadata.labelz");
        String memory = "apiVersion: k8s.mariadb.com/v1alpha1\nkind: MariaDB\nmetadata:\n  name: m\n"
                + "spec:\n  storage:\n    size: 50 gigabytes\n";
        assertThat(errorOf(memory)).contains("50 gigabytes");
    }

    @Test
    void the_realm_import_is_the_realm_file_without_its_users_and_with_the_secrets_from_a_secret() throws Exception {
        JsonNode realmFile = STRICT.readTree(Files.readString(Path.of("keycloak/shanfu-realm.json")));
        KeycloakRealmImport imported = STRICT.treeToValue(
                yaml().readTree(Files.readString(K8S.resolve("base/keycloak-realm.yaml"))), KeycloakRealmImport.class);
        ObjectNode expected = realmFile.deepCopy();
        expected.remove("users");
        for (JsonNode client : expected.withArray("clients")) {
            if (client.has("secret")) {
                String name = client.get("clientId").asText().toUpperCase().replace('-', '_') + "_SECRET";
                ((ObjectNode) client).put("secret", "${" + name + "}");
                assertThat(imported.spec().placeholders())
                        .as("placeholder " + name)
                        .containsEntry(
                                name,
                                new Placeholder(new SecretKeyRef(
                                        "shanfu-oidc", client.get("clientId").asText(), null)));
            }
        }
        assertThat((JsonNode) STRICT.valueToTree(imported.spec().realm()))
                .as(
                        "infra/k8s/base/keycloak-realm.yaml is behind infra/keycloak/shanfu-realm.json: run infra/k8s/realm-import")
                .isEqualTo(expected);
        assertThat(imported.spec().realm()).doesNotContainKey("users");
    }

    // ---------------------------------------------------------------- parsing

    private static String render(Path overlay) throws Exception {
        String kubectl = System.getenv().getOrDefault("SHANFU_KUBECTL", "kubectl");
        Process p;
        try {
            p = new ProcessBuilder(kubectl, "kustomize", overlay.toString())
                    .redirectErrorStream(false)
                    .start();
        } catch (IOException e) {
            throw new AssertionError(
                    "kubectl is needed to render infra/k8s (Kubernetes' client, v1.32 here; set"
                            + " SHANFU_KUBECTL to its path): " + e.getMessage(),
                    e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("kubectl kustomize " + overlay + ": " + err)
                .isZero();
        return out;
    }

    private static ObjectMapper yaml() {
        return new ObjectMapper(new YAMLFactory());
    }

    private static List<Object> parse(String rendered, String where) throws Exception {
        List<Object> objects = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(rendered)) {
            var docs = yaml().readValues(parser, JsonNode.class);
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                try {
                    objects.add(typed(doc));
                } catch (Exception | AssertionError e) {
                    errors.add(doc.path("kind").asText() + "/"
                            + doc.path("metadata").path("name").asText() + ": " + e.getMessage());
                }
            }
        }
        assertThat(errors)
                .as("objects of " + where + " that do not parse strictly")
                .isEmpty();
        return objects;
    }

    /** One object as its typed model: unknown fields, wrong types and bad quantities fail. */
    static Object typed(JsonNode doc) throws Exception {
        String type = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        Class<?> model = MODELS.get(type);
        if (model == null) {
            throw new IllegalArgumentException("no typed model for " + type);
        }
        Object o = STRICT.treeToValue(doc, model);
        List<String> unknown = new ArrayList<>();
        walk(o, "", unknown);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("not in the " + type + " model: " + unknown);
        }
        return o;
    }

    private static String errorOf(String yamlText) {
        try {
            typed(yaml().readTree(yamlText));
            return "parsed";
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    /**
     * fabric8's models keep a field they do not know in additionalProperties instead of failing: every model object
     * reached is asked for them, and every quantity and duration is read.
     */
    private static void walk(Object o, String path, List<String> unknown) throws Exception {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean) {
            return;
        }
        if (o instanceof Quantity q) {
            try {
                Quantity.getAmountInBytes(q);
            } catch (RuntimeException e) {
                unknown.add(path + " = " + q + " (not a quantity)");
            }
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) {
                walk(e.getValue(), path + "." + e.getKey(), unknown);
            }
            return;
        }
        if (o instanceof Record r) {
            if (r instanceof RealmImportSpec spec) { // the realm is compared with the realm file on its own
                walk(spec.placeholders(), path + ".placeholders", unknown);
                return;
            }
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                Object v = c.getAccessor().invoke(r);
                if (v instanceof String s
                        && (c.getName().equals("duration")
                                || c.getName().equals("renewBefore")
                                || c.getName().equals("maxRetention"))) {
                    if (!GO_DURATION.matcher(s).matches()) {
                        unknown.add(path + "." + c.getName() + " = " + s + " (not a duration)");
                    }
                }
                walk(v, path + "." + c.getName(), unknown);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0
                    || Modifier.isStatic(m.getModifiers())
                    || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object v = m.invoke(o);
            String field =
                    Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            if (m.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add((path.isEmpty() ? "" : path.substring(1) + ".") + k));
                }
                continue;
            }
            walk(v, path + "." + field, unknown);
        }
    }

    // ---------------------------------------------------------------- what only the whole set shows

    private static void checkReferences(List<Object> objects, String where) throws IOException {
        Map<String, Deployment> deployments = new LinkedHashMap<>();
        Set<String> services = new HashSet<>();
        Set<String> secrets = new HashSet<>(EXTERNAL_SECRETS);
        Set<String> configMaps = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Object o : objects) {
            if (o instanceof Deployment d) {
                deployments.put(d.getMetadata().getName(), d);
            } else if (o instanceof Service s) {
                services.add(s.getMetadata().getName());
            } else if (o instanceof Secret s) {
                secrets.add(s.getMetadata().getName());
            } else if (o instanceof ConfigMap c) {
                configMaps.add(c.getMetadata().getName());
            }
        }
        for (Object o : objects) {
            if (o instanceof Service s) {
                if (deployments.values().stream()
                        .noneMatch(d -> selects(s.getSpec().getSelector(), d))) {
                    problems.add("Service " + s.getMetadata().getName() + " selects no pods");
                }
            } else if (o instanceof PodDisruptionBudget p) {
                if (deployments.values().stream()
                        .noneMatch(d -> selects(p.getSpec().getSelector().getMatchLabels(), d))) {
                    problems.add("PodDisruptionBudget " + p.getMetadata().getName() + " selects no pods");
                }
            } else if (o instanceof Ingress i) {
                i.getSpec()
                        .getRules()
                        .forEach(r -> r.getHttp().getPaths().forEach(p -> {
                            if (!services.contains(p.getBackend().getService().getName())) {
                                problems.add("Ingress " + i.getMetadata().getName() + " sends to no Service "
                                        + p.getBackend().getService().getName());
                            }
                        }));
            } else if (o instanceof HorizontalPodAutoscaler h) {
                if (!deployments.containsKey(h.getSpec().getScaleTargetRef().getName())) {
                    problems.add("autoscaler " + h.getMetadata().getName() + " scales nothing");
                }
            }
        }
        for (Deployment d : deployments.values()) {
            String app = d.getMetadata().getName().replace("shanfu-", "");
            Set<String> settings = settingsOf(app);
            var pod = d.getSpec().getTemplate().getSpec();
            for (Volume v : pod.getVolumes()) {
                if (v.getSecret() != null && !secrets.contains(v.getSecret().getSecretName())) {
                    problems.add(d.getMetadata().getName() + " mounts an unknown Secret "
                            + v.getSecret().getSecretName());
                }
            }
            for (Container c : pod.getContainers()) {
                Set<String> ports = new HashSet<>();
                c.getPorts().forEach(p -> ports.add(p.getName()));
                for (var probe : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
                    if (probe == null
                            || !ports.contains(probe.getHttpGet().getPort().getStrVal())) {
                        problems.add(d.getMetadata().getName() + " lacks a probe on a named port");
                    }
                }
                if (c.getResources() == null
                        || c.getResources().getRequests() == null
                        || c.getResources().getLimits() == null
                        || !c.getResources().getLimits().containsKey("memory")) {
                    problems.add(d.getMetadata().getName() + " has no requests and memory limit");
                }
                for (EnvVar e : c.getEnv()) {
                    if (e.getName().startsWith("SHANFU_") && !settings.contains(e.getName())) {
                        problems.add(d.getMetadata().getName() + " sets " + e.getName() + ", which the " + app
                                + " does not read");
                    }
                    if (e.getValueFrom() != null
                            && e.getValueFrom().getSecretKeyRef() != null
                            && !secrets.contains(
                                    e.getValueFrom().getSecretKeyRef().getName())) {
                        problems.add(d.getMetadata().getName() + " reads an unknown Secret "
                                + e.getValueFrom().getSecretKeyRef().getName());
                    }
                    if (e.getValueFrom() != null
                            && e.getValueFrom().getConfigMapKeyRef() != null
                            && !configMaps.contains(
                                    e.getValueFrom().getConfigMapKeyRef().getName())) {
                        problems.add(d.getMetadata().getName() + " reads an unknown ConfigMap "
                                + e.getValueFrom().getConfigMapKeyRef().getName());
                    }
                }
            }
        }
        assertThat(problems).as(where).isEmpty();
    }

    private static boolean selects(Map<String, String> selector, Deployment d) {
        Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
        return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    /** The SHANFU_ settings an application reads (its application.yml). */
    private static Set<String> settingsOf(String app) throws IOException {
        Path yml = Path.of(app.equals("tms") ? "../tms/server" : "../" + app, "src/main/resources/application.yml");
        Set<String> names = new HashSet<>();
        var m = Pattern.compile("\\$\\{(SHANFU_[A-Z0-9_]+)").matcher(Files.readString(yml));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}

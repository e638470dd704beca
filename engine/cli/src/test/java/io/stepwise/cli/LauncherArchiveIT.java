package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's start-up archive ({@code ./stepwise}, the same script as the archive's {@code bin/stepwise}),
 * installed in a temporary directory with the jar {@code package} built: the first {@code run} writes the archive,
 * later invocations use it without writing it again, a stale key or a torn archive is not used, and the command's
 * output and exit code are the same with and without it. On Java 25 and newer it is an AOT cache
 * ({@code stepwise.aot}); on Java 17 a class-data-sharing archive ({@code stepwise.jsa}).
 *
 * <p>{@code java} is a wrapper script in a fake {@code JAVA_HOME} (with the real JDK's {@code release} file, which
 * the launcher reads for the version): it records each JVM command line and adds a log of the JVM's archive
 * handling in a file, so the test sees what the launcher asked for and what the JVM did with it.
 *
 * <p>The Java 25 test needs a JDK 25 or newer: {@code STEPWISE_TEST_JDK25} (its home; it must be one), else
 * {@value #KNOWN_JDK25}. Without either it is skipped with a reason; with {@code CI=true} and that directory
 * present it always runs (a directory there that is not a JDK 25 fails it). Runs in {@code ./mvnw verify}.
 */
class LauncherArchiveIT {
    static final String KNOWN_JDK25 = "/usr/lib/jvm/temurin-25-jdk-amd64";
    private static final Pattern DURATION = Pattern.compile("\\b\\d+(\\.\\d+)?(ms|s)\\b");

    @TempDir
    Path tmp;

    private Path lib;
    private Path fakeHome;

    @Test
    void onJava25TheFirstRunWritesAnAotCacheThatLaterInvocationsUse() throws Exception {
        Path jdk = jdk25();
        install(jdk, "aot");
        Path cache = lib.resolve("stepwise.aot");
        Path key = lib.resolve("stepwise.aot.key");

        Out version = stepwise(Map.of(), "--version").expect(0);
        assertThat(version.out).startsWith("stepwise ");
        assertThat(cache).as("only run and resume write the cache").doesNotExist();
        assertThat(calls()).hasSize(1).allSatisfy(c -> assertThat(c.args).doesNotContain("-XX:AOT"));
        stepwise(Map.of(), "run", "--help").expect(0);
        assertThat(cache).as("a help text is no training run").doesNotExist();
        assertThat(calls()).hasSize(2).allSatisfy(c -> assertThat(c.args).doesNotContain("-XX:AOT"));

        Path ok = procedure("ok", "echo hello");
        Out reference = stepwise(Map.of("STEPWISE_CDS", "off"), "run", ok.toString(), "-i", inventory(),
                "--no-input", "--run-id", "t").expect(0);
        assertThat(reference.err).as("no native-access warning from sqlite-jdbc on Java 25").isEmpty();
        assertThat(reference.out).contains("hello");

        int before = calls().size();
        Out first = stepwise(Map.of(), "run", ok.toString(), "-i", inventory(), "--no-input", "--run-id", "t")
                .expect(0);
        assertThat(normalized(first.out)).as("the training run prints what the command prints")
                .isEqualTo(normalized(reference.out));
        assertThat(first.err).isEmpty();
        List<Call> training = calls().subList(before, calls().size());
        assertThat(training).as("a recording run, then the creation").hasSize(2);
        assertThat(training.get(0).args).contains("-XX:AOTMode=record").contains("--enable-native-access=ALL-UNNAMED")
                .doesNotContain("-Xshare:auto");
        assertThat(training.get(1).args).contains("-XX:AOTMode=create");
        assertThat(cache).isNotEmptyFile();
        assertThat(Files.readString(key).strip()).as("the key ends with the cache's size")
                .endsWith(" " + Files.size(cache));
        assertThat(leftovers()).as("no temporary files left next to the jar").isEmpty();
        Object fileKey = Files.readAttributes(cache, BasicFileAttributes.class).fileKey();
        FileTime written = Files.getLastModifiedTime(cache);

        before = calls().size();
        Out second = stepwise(Map.of(), "run", ok.toString(), "-i", inventory(), "--no-input", "--run-id", "t")
                .expect(0);
        assertThat(normalized(second.out)).isEqualTo(normalized(reference.out));
        assertThat(second.err).isEmpty();
        List<Call> using = calls().subList(before, calls().size());
        assertThat(using).as("one JVM, mapping the cache, writing nothing").hasSize(1);
        assertThat(using.get(0).args).contains("-XX:AOTCache=" + cache + " ").doesNotContain("AOTMode");
        assertThat(jvmLog(using.get(0))).as("the JVM used the cache")
                .contains("Using AOT-linked classes: true");
        assertThat(Files.readAttributes(cache, BasicFileAttributes.class).fileKey()).isEqualTo(fileKey);
        assertThat(Files.getLastModifiedTime(cache)).isEqualTo(written);

        // a rebuilt jar (another time): the key no longer matches, the cache is not used but made again; a failing
        // run exits as it does without the launcher's cache
        Path failing = procedure("bad", "exit 3");
        Out failingReference = stepwise(Map.of("STEPWISE_CDS", "off"), "run", failing.toString(), "-i",
                inventory(), "--no-input", "--run-id", "f");
        assertThat(failingReference.exit).isNotZero();
        String oldKey = Files.readString(key);
        Path jar = lib.resolve("stepwise.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 3_600_000));
        before = calls().size();
        Out stale = stepwise(Map.of(), "run", failing.toString(), "-i", inventory(), "--no-input", "--run-id", "f")
                .expect(failingReference.exit);
        assertThat(normalized(stale.out)).isEqualTo(normalized(failingReference.out));
        assertThat(normalized(stale.err)).isEqualTo(normalized(failingReference.err));
        List<Call> retrained = calls().subList(before, calls().size());
        assertThat(retrained).hasSize(2)
                .noneSatisfy(c -> assertThat(c.args).contains("-XX:AOTCache=" + cache + " "));
        assertThat(retrained.get(0).args).contains("-XX:AOTMode=record");
        assertThat(Files.readString(key)).isNotEqualTo(oldKey);
        assertThat(leftovers()).isEmpty();

        // a torn cache (its size differs from the key's): not used
        byte[] head = new byte[4096];
        try (var in = Files.newInputStream(cache)) {
            assertThat(in.readNBytes(head, 0, head.length)).isEqualTo(head.length);
        }
        Files.write(cache, head);
        before = calls().size();
        stepwise(Map.of(), "--version").expect(0);
        assertThat(calls().subList(before, calls().size())).hasSize(1)
                .allSatisfy(c -> assertThat(c.args).doesNotContain("AOTCache"));

        // options the JVM would refuse alongside the AOT flags: no cache at all, the command still runs
        before = calls().size();
        stepwise(Map.of("STEPWISE_JAVA_OPTS", "-Xshare:auto -XX:+UseSerialGC"), "run", ok.toString(), "-i",
                inventory(), "--no-input", "--run-id", "t").expect(0);
        assertThat(calls().subList(before, calls().size())).hasSize(1)
                .allSatisfy(c -> assertThat(c.args).doesNotContain("-XX:AOT"));
    }

    @Test
    void onJava17TheFirstRunWritesAClassDataSharingArchive() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        assumeTrue(feature(jdk) > 0 && feature(jdk) < 24,
                "the JVM running the tests is Java " + feature(jdk) + ", not 17-23: the CDS path needs one");
        install(jdk, "class+load");
        Path archive = lib.resolve("stepwise.jsa");
        Path ok = procedure("ok", "echo hello");
        Out reference = stepwise(Map.of("STEPWISE_CDS", "off"), "run", ok.toString(), "-i", inventory(),
                "--no-input", "--run-id", "t").expect(0);

        Out first = stepwise(Map.of(), "run", ok.toString(), "-i", inventory(), "--no-input", "--run-id", "t")
                .expect(0);
        assertThat(normalized(first.out)).isEqualTo(normalized(reference.out));
        assertThat(first.err).isEqualTo(reference.err);
        List<Call> made = calls();
        assertThat(made.get(made.size() - 2).args).as("the run records its classes").contains("-XX:DumpLoadedClassList=")
                .contains("-Xshare:auto").doesNotContain("AOT").doesNotContain("enable-native-access");
        assertThat(made.get(made.size() - 1).args).as("then a second JVM builds a static archive from the list")
                .contains("-Xshare:dump").contains("-XX:SharedClassListFile=").doesNotContain("AOT");
        assertThat(archive).isNotEmptyFile();
        assertThat(lib.resolve("stepwise.aot")).doesNotExist();
        assertThat(leftovers()).isEmpty();
        FileTime written = Files.getLastModifiedTime(archive);

        Out second = stepwise(Map.of(), "run", ok.toString(), "-i", inventory(), "--no-input", "--run-id", "t")
                .expect(0);
        assertThat(normalized(second.out)).isEqualTo(normalized(reference.out));
        Call using = calls().get(calls().size() - 1);
        assertThat(using.args).contains("-XX:SharedArchiveFile=" + archive).doesNotContain("DumpLoadedClassList")
                .doesNotContain("-Xshare:dump");
        assertThat(jvmLog(using)).as("picocli comes from the archive: a dynamic archive left its Java 5 classes out")
                .contains("picocli.CommandLine source: shared objects file");
        assertThat(Files.getLastModifiedTime(archive)).isEqualTo(written);
    }

    /** A JDK 25+ home to test with, or the test is skipped (never under CI=true when the known JDK is there). */
    private static Path jdk25() {
        String named = System.getenv("STEPWISE_TEST_JDK25");
        if (named != null && !named.isBlank()) {
            Path home = Path.of(named);
            assertThat(feature(home)).as("STEPWISE_TEST_JDK25=%s is a JDK 25 or newer", named)
                    .isGreaterThanOrEqualTo(25);
            return home;
        }
        Path known = Path.of(KNOWN_JDK25);
        if (feature(known) >= 25) {
            return known;
        }
        if ("true".equals(System.getenv("CI")) && Files.isDirectory(known)) {
            fail(known + " is there but is not a JDK 25 or newer (no release file saying so)");
        }
        assumeTrue(false, "no JDK 25 or newer (not at " + KNOWN_JDK25 + ", STEPWISE_TEST_JDK25 unset):"
                + " the launcher's AOT-cache path is not tested here");
        return known;
    }

    /** The feature version in a Java home's release file; 0 when there is none. */
    private static int feature(Path home) {
        try {
            Matcher m = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)")
                    .matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The installed layout (bin/stepwise, lib/stepwise.jar) and a java wrapper logging with {@code -Xlog:TAG}. */
    private void install(Path jdk, String tag) throws IOException {
        Path repo = Path.of(System.getProperty("stepwise.repo"));
        Path jar = Path.of(System.getProperty("stepwise.dist")).resolveSibling("stepwise.jar");
        assertThat(jar).as("built by package").isRegularFile();
        Path bin = Files.createDirectories(tmp.resolve("inst/bin"));
        lib = Files.createDirectories(tmp.resolve("inst/lib"));
        Files.copy(repo.resolve("stepwise"), bin.resolve("stepwise"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(jar, lib.resolve("stepwise.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        fakeHome = Files.createDirectories(tmp.resolve("jdk/bin")).getParent();
        Files.copy(jdk.resolve("release"), fakeHome.resolve("release"));
        Path java = fakeHome.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\n"
                + "printf '%s %s\\n' \"$$\" \"$*\" >> '" + fakeHome.resolve("calls.log") + "'\n"
                + "exec '" + jdk.resolve("bin/java") + "' '-Xlog:" + tag + "=info:file=" + fakeHome
                + "/jvm-'\"$$\"'.log' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(tmp.resolve("inventory.yaml"), """
                cluster: local
                hosts:
                  - name: this-machine
                    roles: [workstation]
                    connection: local
                """);
    }

    private String inventory() {
        return tmp.resolve("inventory.yaml").toString();
    }

    private Path procedure(String name, String command) throws IOException {
        return Files.writeString(tmp.resolve(name + ".yaml"), "procedure: " + name + "\ntitle: " + name
                + "\nroles: {workstation: here}\nsteps:\n  - {id: s1, on: workstation, run: \"" + command + "\"}\n");
    }

    private record Call(String pid, String args) {
    }

    private List<Call> calls() throws IOException {
        Path log = fakeHome.resolve("calls.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log).stream().map(l -> new Call(l.substring(0, l.indexOf(' ')),
                l.substring(l.indexOf(' ') + 1))).toList();
    }

    private String jvmLog(Call call) throws IOException {
        return Files.readString(fakeHome.resolve("jvm-" + call.pid + ".log"));
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.(tmp|conf)$")).toList();
        }
    }

    /** Durations vary from run to run; everything else is the same. */
    private static String normalized(String text) {
        return DURATION.matcher(text).replaceAll("T");
    }

    private record Out(int exit, String out, String err) {
        Out expect(int code) {
            assertThat(exit).as("exit code; stdout:\n" + out + "\nstderr:\n" + err).isEqualTo(code);
            return this;
        }
    }

    private int stores;

    /** bin/stepwise with the fake JAVA_HOME, a fresh run store, and {@code extra} in the environment. */
    private Out stepwise(Map<String, String> extra, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(tmp.resolve("inst/bin/stepwise").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        Map<String, String> env = pb.environment();
        for (String v : List.of("STEPWISE_JAVA_OPTS", "STEPWISE_CDS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
                "_JAVA_OPTIONS")) {
            env.remove(v);
        }
        Map<String, String> all = new HashMap<>(extra);
        all.put("JAVA_HOME", fakeHome.toString());
        all.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
        all.put("STEPWISE_STORE", tmp.resolve("runs-" + ++stores + ".db").toString());
        env.putAll(all);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(cmd + " did not finish within 300 s: " + Files.readString(err));
        }
        return new Out(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}

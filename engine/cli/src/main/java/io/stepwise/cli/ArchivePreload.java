package io.stepwise.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * When the launcher builds the class-data-sharing archive ({@code -Dstepwise.cds.preload=PREFIX,...}; a
 * {@code !PREFIX} leaves a package out again), loads and links (without initialising) every class of the jar
 * under those package prefixes at exit, so the
 * archive also holds what this invocation did not happen to use — the SSH transport when the first run
 * was local, for instance. The JVM dumps the archive after the shutdown hooks; nothing else changes.
 */
final class ArchivePreload {
    static final String PROPERTY = "stepwise.cds.preload";

    private ArchivePreload() {
    }

    /** Loads and links a class without running its static initialiser (the JVM archives only linked classes). */
    private static void link(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader).getDeclaredMethods();
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            // an optional dependency is missing, or not accessible: that class is simply not archived
        }
    }

    /** Registers the preload when the launcher asked for it. */
    static void atExitIfAsked() {
        String prefixes = System.getProperty(PROPERTY);
        if (prefixes == null || prefixes.isBlank()) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> preload(List.of(prefixes.split(","))),
                "stepwise-cds-preload"));
    }

    /** The JDK's cryptography, which JSch uses for the SSH handshake (in module/package form). */
    private static final List<String> JDK = List.of("java.base/com/sun/crypto/provider/",
            "java.base/sun/security/provider/", "java.base/sun/security/rsa/", "java.base/sun/security/util/",
            "java.base/javax/crypto/", "jdk.crypto.ec/sun/security/ec/");

    private static void preload(List<String> prefixes) {
        ClassLoader loader = ArchivePreload.class.getClassLoader();
        try {
            FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
            for (String prefix : JDK) {
                Path dir = jrt.getPath("/modules/" + prefix);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(dir)) {
                    String module = "/modules/" + prefix.substring(0, prefix.indexOf('/') + 1);
                    files.map(Path::toString).filter(f -> f.endsWith(".class") && !f.endsWith("module-info.class"))
                            .map(f -> f.substring(module.length(), f.length() - 6).replace('/', '.'))
                            .forEach(name -> link(name, loader));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no JDK image to read: only the jar's classes
        }
        try (JarFile jar = new JarFile(Path.of(ArchivePreload.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).toFile())) {
            List<String> names = new ArrayList<>();
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String n = e.nextElement().getName();
                if (n.endsWith(".class") && !n.contains("-") && prefixes.stream().anyMatch(n::startsWith)
                        && prefixes.stream().noneMatch(p -> p.startsWith("!") && n.startsWith(p.substring(1)))) {
                    names.add(n.substring(0, n.length() - 6).replace('/', '.'));
                }
            }
            names.forEach(name -> link(name, loader));
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // not run from a jar (tests): nothing to preload
        }
    }
}

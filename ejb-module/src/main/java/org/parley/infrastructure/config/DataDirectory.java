package org.parley.infrastructure.config;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Keeps the node's data directory ({@code parley.data.dir}: embedded H2 shards, generated secrets) to its owner:
 * the directory 0700 and the files in it 0600, at every start. H2 and the JVM create files with the process's
 * umask (0644 here); inside a 0700 directory nobody else reaches them, whatever their own mode.
 */
@Singleton
@Startup
public class DataDirectory {

    private static final Logger LOG = Logger.getLogger(DataDirectory.class.getName());

    @Inject
    ParleyConfig config;

    @PostConstruct
    void restrict() {
        restrictTo(config.dataDir()); // not an overload of this method: the EJB container finds lifecycle methods by name
    }

    static void restrictTo(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(f)) {
                        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
                    }
                }
            }
        } catch (UnsupportedOperationException e) {
            LOG.info(() -> "not a POSIX file system: " + dir + " keeps the permissions its parent gives it");
        } catch (IOException e) {
            LOG.warning(() -> "cannot restrict " + dir + " to its owner: " + e);
        }
    }
}

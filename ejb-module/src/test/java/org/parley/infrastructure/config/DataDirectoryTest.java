package org.parley.infrastructure.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    @TempDir
    Path parent;

    @Test
    void theDirectoryAndItsFilesBecomeTheOwnersOnly() throws Exception {
        Path dir = Files.createDirectory(parent.resolve("data"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Path shard = Files.createFile(dir.resolve("shard0.mv.db"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-r--r--")));

        DataDirectory.restrictTo(dir);

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(shard)));
    }

    @Test
    void aMissingDirectoryIsCreatedRestricted() throws Exception {
        Path dir = parent.resolve("new/data");
        DataDirectory.restrictTo(dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }
}

package io.github.mailback.spool;

import io.github.mailback.internal.Bytes;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One appender's spool directory: {@code <spoolDir>/<context>/<appender>/}, mode 0700, its files 0600.
 * One process writes it at a time, the one that holds the lock of its {@code lock} file (a lock of the
 * operating system, which a killed process drops; network file systems are not supported).
 *
 * <p>Each record is a file of its own, written as Postfix writes its queue: a temporary file, then an
 * atomic rename, so that a reader sees the old record or the new one, never half of one. A record is
 * framed: the magic {@code MBSP}, the format version, its kind, the payload's length, the payload, and a
 * CRC-32C of all that. A file that does not read as such (torn by a crash of the machine, truncated, a
 * bit flipped, edited by hand, another version) is moved aside to {@code corrupt/}, never read again.
 * With {@code fsync}, each record and, once per {@link #sync}, the directory are forced to the disk, for
 * power loss; a killed process needs none of it, the page cache keeps what was written.
 */
public final class Spool implements Closeable {
    /** The format's version: a file of another is moved aside, not misread. */
    public static final int VERSION = 1;
    /** Kinds of record. */
    public static final int STATE = 1;
    public static final int EXAMPLE = 2;
    public static final int EMAIL = 3;

    private static final byte[] MAGIC = {'M', 'B', 'S', 'P'};
    /** Magic, version, kind, length before the payload; the CRC after it. */
    private static final int HEADER = 10;
    private static final int TRAILER = 4;
    /** A record is read whole: none may be larger (a state of maxGroups groups is a few hundred KB). */
    static final int MAX_RECORD = 64 << 20;
    private static final String TEMPORARY = ".tmp";
    private static final String CORRUPT = "corrupt";

    private final Path dir;
    private final boolean fsync;
    private FileChannel lockChannel;
    private FileLock lock;
    private boolean dirty;
    /** What ran when a record was written, renamed; tests of crashes set it to stop there. */
    static volatile Hook hook = Hook.NONE;

    /** A point in the writing of a record, for tests that kill the process there. */
    interface Hook {
        Hook NONE = (point, name) -> { };

        /** {@code point}: "written" (the temporary file, before its rename) or "renamed". */
        void at(String point, String name);
    }

    Spool(Path dir, boolean fsync) {
        this.dir = dir;
        this.fsync = fsync;
    }

    /**
     * The spool of one appender under {@code root}, its directories created as needed (0700). The lock is
     * not taken: see {@link #tryLock}.
     */
    public static Spool open(Path root, String context, String appender, boolean fsync) throws IOException {
        Path dir = root.resolve(segment(context)).resolve(segment(appender));
        createDirectories(dir);
        return new Spool(dir, fsync);
    }

    /** The directory of {@link #open}'s spool, without creating anything: for a read-only look. */
    public static Path directory(Path root, String context, String appender) {
        return root.resolve(segment(context)).resolve(segment(appender));
    }

    /** A name as one path segment: letters, digits, '.', '-' and '_' kept, the rest '_'; never "." or "..". */
    static String segment(String name) {
        String n = name == null || name.isEmpty() ? "default" : name;
        StringBuilder sb = new StringBuilder(Math.min(n.length(), 100));
        for (int i = 0; i < n.length() && sb.length() < 100; i++) {
            char c = n.charAt(i);
            sb.append(c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_') ? c : '_');
        }
        String s = sb.toString();
        return s.equals(".") || s.equals("..") ? s.replace('.', '_') : s;
    }

    private static void createDirectories(Path dir) throws IOException {
        Path parent = dir.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createDirectories(parent);
        }
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir, posix("rwx------"));
            } catch (UnsupportedOperationException e) {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(dir)) {
                    throw e;
                }
            }
        }
    }

    private static java.nio.file.attribute.FileAttribute<?>[] posix(String mode) {
        if (!java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            throw new UnsupportedOperationException("no POSIX permissions here");
        }
        return new java.nio.file.attribute.FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))};
    }

    public Path directory() {
        return dir;
    }

    /**
     * Takes the lock when no other process holds it; true when this spool holds it (now or already).
     * False when another process (or another appender of this JVM) writes this directory.
     */
    public synchronized boolean tryLock() throws IOException {
        if (lock != null) {
            return true;
        }
        if (lockChannel == null) {
            lockChannel = FileChannel.open(dir.resolve("lock"),
                    java.util.EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), fileAttributes());
        }
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // another appender of this JVM holds it
        }
        return lock != null;
    }

    public synchronized boolean isLocked() {
        return lock != null;
    }

    /**
     * The file of a record. Names come from the spool's own state, which a hostile or damaged file could
     * fill with anything: only plain names are taken, never a path that leads elsewhere.
     */
    private Path file(String name) throws Bytes.MalformedException {
        if (name == null || name.isEmpty() || name.length() > 100 || name.charAt(0) == '.') {
            throw new Bytes.MalformedException("not a record name: " + printable(name));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.')) {
                throw new Bytes.MalformedException("not a record name: " + printable(name));
            }
        }
        return dir.resolve(name);
    }

    private static String printable(String name) {
        return name == null ? "null" : io.github.mailback.internal.ControlCharacters.printable(name, 100);
    }

    /** Writes a record: a temporary file, then a rename over the old one. */
    public void write(String name, int kind, byte[] payload) throws IOException {
        Path file = file(name);
        Path tmp = dir.resolve(name + TEMPORARY);
        ByteBuffer frame = ByteBuffer.allocate(HEADER + payload.length + TRAILER);
        frame.put(MAGIC).put((byte) VERSION).put((byte) kind).putInt(payload.length).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(frame.array(), 0, frame.position());
        frame.putInt((int) crc.getValue()).flip();
        Files.deleteIfExists(tmp);
        try (FileChannel out = FileChannel.open(tmp, options(), fileAttributes())) {
            while (frame.hasRemaining()) {
                out.write(frame);
            }
            if (fsync) {
                out.force(true);
            }
        }
        hook.at("written", name);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        dirty = true;
        hook.at("renamed", name);
    }

    private static java.util.Set<StandardOpenOption> options() {
        return java.util.EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    private static java.nio.file.attribute.FileAttribute<?>[] fileAttributes() {
        try {
            return posix("rw-------");
        } catch (UnsupportedOperationException e) {
            return new java.nio.file.attribute.FileAttribute<?>[0];
        }
    }

    /** With fsync, forces the directory's renames and removals to the disk; at most once per sender step. */
    public void sync() throws IOException {
        if (fsync && dirty) {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                // Some file systems cannot open a directory for reading; their renames are durable or not.
                if (!(e instanceof java.nio.file.FileSystemException)) {
                    throw e;
                }
            }
        }
        dirty = false;
    }

    /**
     * The payload of a record of this kind; null when there is no such file. A file that is not a whole,
     * valid record of this version and kind throws {@link Bytes.MalformedException}: move it aside with
     * {@link #quarantine}.
     */
    public byte[] read(String name, int kind) throws IOException {
        Path file = file(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new Bytes.MalformedException(name + " is not a regular file");
            }
            return null;
        }
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (size < HEADER + TRAILER || size > MAX_RECORD) {
            throw new Bytes.MalformedException(name + " has an impossible size: " + size + " bytes");
        }
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all);
        byte[] magic = new byte[4];
        b.get(magic);
        int version = b.get();
        int k = b.get();
        int length = b.getInt();
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new Bytes.MalformedException(name + " is not a mailback spool record");
        }
        if (version != VERSION) {
            throw new Bytes.MalformedException(name + " is of spool format " + version + ", this release reads "
                    + VERSION);
        }
        if (k != kind || length != all.length - HEADER - TRAILER) {
            throw new Bytes.MalformedException(name + " is cut short or of another kind");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - TRAILER);
        if ((int) crc.getValue() != ByteBuffer.wrap(all, all.length - TRAILER, TRAILER).getInt()) {
            throw new Bytes.MalformedException(name + " fails its checksum");
        }
        return java.util.Arrays.copyOfRange(all, HEADER, HEADER + length);
    }

    /** Moves a file aside to {@code corrupt/}, under a name of its own; returns whether it moved. */
    public boolean quarantine(String name) {
        try {
            Path corrupt = dir.resolve(CORRUPT);
            createDirectories(corrupt);
            Files.move(file(name), corrupt.resolve(name + "." + System.currentTimeMillis()),
                    StandardCopyOption.REPLACE_EXISTING);
            dirty = true;
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public void delete(String name) throws IOException {
        if (Files.deleteIfExists(file(name))) {
            dirty = true;
        }
    }

    /** The record files, temporary ones left out; a directory where a file belongs is listed too. */
    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String n = p.getFileName().toString();
                if (!n.equals("lock") && !n.equals(CORRUPT) && !n.endsWith(TEMPORARY)) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    /** Removes what a crash left half written: temporary files, never renamed, never read. */
    public void removeTemporaries() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + TEMPORARY)) {
            for (Path p : files) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The bytes of the record files now. */
    public long bytes() throws IOException {
        long total = 0;
        for (String n : names()) {
            try {
                total += Files.size(dir.resolve(n));
            } catch (NoSuchFileException e) {
                // removed meanwhile
            }
        }
        return total;
    }

    /** Sets the lock file's time to {@code epochMillis}: the writer's sign of life, without writing data. */
    public void touch(long epochMillis) {
        try {
            Files.setLastModifiedTime(dir.resolve("lock"), java.nio.file.attribute.FileTime.fromMillis(epochMillis));
        } catch (IOException e) {
            // A sign of life only: the state's own time stands in for it.
        }
    }

    /** The lock file's time (see {@link #touch}), or 0. */
    public long touched() {
        try {
            return Files.getLastModifiedTime(dir.resolve("lock")).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Releases the lock; the files stay for the next start. */
    @Override
    public synchronized void close() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            // The process's end releases it anyway.
        } finally {
            lock = null;
            lockChannel = null;
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}

package org.ganlab.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files read plain or gzipped, and every way one can be wrong refused with the file's name and the fault. */
class IdxFileTest {

    @TempDir
    Path tmp;

    /** An IDX file's bytes: magic, dims, values. */
    static byte[] idx(int type, int[] dims, byte[] values) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(new byte[] {0, 0, (byte) type, (byte) dims.length});
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(values);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path write(Path file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    private static byte[] values(int n) {
        byte[] v = new byte[n];
        for (int i = 0; i < n; i++) {
            v[i] = (byte) (i * 7);
        }
        return v;
    }

    @Test
    void readsPlainAndGzippedFilesAlike() throws IOException {
        byte[] content = idx(0x08, new int[] {3, 2, 4}, values(24));
        for (boolean gzip : new boolean[] {false, true}) {
            IdxFile f = IdxFile.read(write(tmp.resolve("images" + gzip), content, gzip));
            assertArrayEquals(new int[] {3, 2, 4}, f.dims());
            assertArrayEquals(values(24), f.data());
            assertEquals(3, f.count());
            assertEquals(8, f.itemSize());
        }
    }

    @Test
    void writtenFilesAreTheFormatByteForByteAndReadBack() throws IOException {
        Path f = tmp.resolve("samples-idx3-ubyte");
        IdxFile.write(f, values(24), 2, 3, 4);
        assertArrayEquals(idx(0x08, new int[] {2, 3, 4}, values(24)), Files.readAllBytes(f));
        IdxFile back = IdxFile.read(f);
        assertArrayEquals(new int[] {2, 3, 4}, back.dims());
        assertArrayEquals(values(24), back.data());
        assertThrows(IllegalArgumentException.class, () -> IdxFile.write(f, values(5), 2, 3));
    }

    @Test
    void everyFaultIsNamedWithItsFile() throws IOException {
        byte[] good = idx(0x08, new int[] {3, 4}, values(12));
        refused(write(tmp.resolve("a"), Arrays.copyOf(good, good.length - 1), false), "truncated");
        refused(write(tmp.resolve("b"), Arrays.copyOf(good, 6), true), "truncated");
        refused(write(tmp.resolve("c"), Arrays.copyOf(good, good.length + 1), false), "longer than its dimensions");
        byte[] badMagic = good.clone();
        badMagic[0] = 1;
        refused(write(tmp.resolve("d"), badMagic, false), "not an IDX file");
        refused(write(tmp.resolve("e"), idx(0x0d, new int[] {3}, new byte[12]), false), "type 0x0d");
        refused(write(tmp.resolve("f"), idx(0x08, new int[] {0, 4}, new byte[0]), false), "dimension 0 is 0");
        refused(write(tmp.resolve("g"), idx(0x08, new int[] {1, 1, 1, 1, 1}, new byte[1]), false), "5 dimensions");
        refused(write(tmp.resolve("h"), idx(0x08, new int[] {65536, 65536}, new byte[0]), false), "more than 2^31");
        byte[] gz = Files.readAllBytes(write(tmp.resolve("i.gz"), good, true));
        gz[12] ^= 0x55; // inside the deflate stream
        refused(write(tmp.resolve("i"), gz, false), "");
        refused(tmp.resolve("missing"), "no such file");
    }

    private static void refused(Path file, String what) {
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": ") && e.getMessage().contains(what), e.getMessage());
    }
}

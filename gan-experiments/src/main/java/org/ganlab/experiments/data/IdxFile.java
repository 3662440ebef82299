package org.ganlab.experiments.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.ganlab.experiments.io.AtomicFile;

/**
 * A file in LeCun's IDX format, as MNIST and Fashion-MNIST ship: two zero bytes, a type byte (0x08:
 * unsigned bytes, the only type image data sets use), the number of dimensions, each dimension as a
 * big-endian 32-bit integer, then the values in row-major order. Plain or gzip-compressed (told by
 * the gzip magic number, not by the name). Anything else, a truncated file or bytes past the data,
 * is refused with a {@link DataException} naming the file and what is wrong.
 */
public record IdxFile(Path path, int[] dims, byte[] data) {

    private static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_DIMS = 4;

    public static IdxFile read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new DataException(path + ": no such file");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (DataInputStream in = new DataInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw)) {
                return parse(path, in);
            }
        } catch (ZipException e) {
            throw new DataException(path + ": not a valid gzip file (" + e.getMessage() + ")");
        } catch (EOFException e) {
            throw new DataException(path + ": truncated (the file ends before its data does)");
        } catch (IOException e) {
            throw new DataException(path + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static IdxFile parse(Path path, DataInputStream in) throws IOException {
        int zero0 = in.readUnsignedByte();
        int zero1 = in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int rank = in.readUnsignedByte();
        if (zero0 != 0 || zero1 != 0) {
            throw new DataException(path + ": not an IDX file (magic number " + String.format("0x%02x%02x%02x%02x", zero0,
                    zero1, type, rank) + "; IDX files start with 0x0000)");
        }
        if (type != UNSIGNED_BYTE) {
            throw new DataException(path + ": IDX values of type " + String.format("0x%02x", type)
                    + "; image data sets are unsigned bytes (0x08), the only type read");
        }
        if (rank < 1 || rank > MAX_DIMS) {
            throw new DataException(path + ": " + rank + " dimensions; 1 to " + MAX_DIMS + " are read");
        }
        int[] dims = new int[rank];
        long size = 1;
        for (int d = 0; d < rank; d++) {
            dims[d] = in.readInt();
            if (dims[d] < 1) {
                throw new DataException(path + ": dimension " + d + " is " + Integer.toUnsignedString(dims[d])
                        + "; each must be at least 1");
            }
            size *= dims[d];
            if (size > Integer.MAX_VALUE - 8) {
                throw new DataException(path + ": dimensions " + Arrays.toString(Arrays.copyOf(dims, d + 1))
                        + " hold more than 2^31 values");
            }
        }
        byte[] data = new byte[(int) size];
        in.readFully(data);
        if (in.read() != -1) {
            throw new DataException(path + ": longer than its dimensions " + Arrays.toString(dims) + " say ("
                    + size + " values)");
        }
        return new IdxFile(path, dims, data);
    }

    /** How many items (the first dimension). */
    public int count() {
        return dims[0];
    }

    /** Values per item: the product of the other dimensions. */
    public int itemSize() {
        return data.length / dims[0];
    }

    /** Writes unsigned bytes {@code data} with dimensions {@code dims} as a plain IDX file (atomically: all or nothing). */
    public static void write(Path path, byte[] data, int... dims) throws IOException {
        long size = 1;
        for (int d : dims) {
            size *= d;
        }
        if (dims.length < 1 || dims.length > MAX_DIMS || size != data.length) {
            throw new IllegalArgumentException("IDX: " + data.length + " values do not fill dimensions "
                    + Arrays.toString(dims));
        }
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(4 + 4 * dims.length); // big-endian by default
        header.put((byte) 0).put((byte) 0).put((byte) UNSIGNED_BYTE).put((byte) dims.length);
        for (int d : dims) {
            header.putInt(d);
        }
        AtomicFile.write(path, out -> {
            out.write(header.array());
            out.write(data);
        });
    }
}

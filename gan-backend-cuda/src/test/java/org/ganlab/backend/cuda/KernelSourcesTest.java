package org.ganlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ganlab.backend.BinaryOp;
import org.ganlab.backend.ReduceOp;
import org.ganlab.backend.UnaryOp;
import org.junit.jupiter.api.Test;

/**
 * The committed fatbins are what the committed sources compile to: kernels.sha256 (written by
 * build-kernels.sh) must list every file of src/main/cuda with its current checksum and every fatbin
 * with its own. Also checks what each fatbin holds and that the kernels' op codes are the Java enums'.
 */
class KernelSourcesTest {

    static final Path SOURCES = Path.of("src/main/cuda");
    static final Path FATBINS = Path.of("src/main/resources/org/ganlab/backend/cuda");
    static final String REBUILD = "run gan-backend-cuda/build-kernels.sh and commit the fatbins with kernels.sha256";

    static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** path → checksum, from the sidecar. */
    static Map<String, String> sidecar() throws IOException {
        Map<String, String> sums = new TreeMap<>();
        for (String line : Files.readAllLines(FATBINS.resolve("kernels.sha256"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] parts = line.trim().split("\\s+", 2);
                sums.put(parts[1], parts[0]);
            }
        }
        return sums;
    }

    @Test
    void fatbinsWereBuiltFromTheseSources() throws Exception {
        Map<String, String> recorded = sidecar();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path source : files.sorted().collect(Collectors.toList())) {
                String key = "src/main/cuda/" + source.getFileName();
                String sum = recorded.get(key);
                if (sum == null) {
                    problems.add(key + " is not in kernels.sha256 (a new kernel source?)");
                } else if (!sum.equals(sha256(source))) {
                    problems.add(key + " changed since the fatbins were built");
                }
            }
        }
        for (Map.Entry<String, String> e : recorded.entrySet()) {
            Path file = e.getKey().startsWith("fatbin/") ? FATBINS.resolve(e.getKey().substring(7)) : Path.of(e.getKey());
            if (!Files.exists(file)) {
                problems.add(e.getKey() + " is listed in kernels.sha256 but missing");
            } else if (e.getKey().startsWith("fatbin/") && !e.getValue().equals(sha256(file))) {
                problems.add(e.getKey() + " is not the fatbin build-kernels.sh wrote");
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("; ", problems) + ": " + REBUILD);
        }
    }

    @Test
    void everyKernelFileHasAFatbinAndEveryFatbinIsLoaded() throws IOException {
        TreeSet<String> sources = new TreeSet<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cu"))
                    .forEach(n -> sources.add(n.substring(0, n.length() - 3)));
        }
        assertEquals(sources, new TreeSet<>(Kernels.byFile().keySet()), "Kernels.ALL names every .cu file");
        for (String name : sources) {
            assertTrue(Files.exists(FATBINS.resolve(name + ".fatbin")), name + ".fatbin: " + REBUILD);
        }
    }

    /** Reads a fatbin container: {@code kind:arch} of each entry, e.g. "elf:90", "ptx:75". */
    static List<String> entries(byte[] fatbin) {
        ByteBuffer b = ByteBuffer.wrap(fatbin).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xBA55ED50, b.getInt(0), "fatbin magic");
        int headerSize = b.getShort(6);
        long size = b.getLong(8);
        List<String> out = new ArrayList<>();
        long offset = headerSize;
        while (offset < headerSize + size) {
            int at = (int) offset;
            int kind = b.getShort(at);
            int entryHeader = b.getInt(at + 4);
            long payload = b.getLong(at + 8);
            int arch = b.getInt(at + 28);
            out.add((kind == 1 ? "ptx" : kind == 2 ? "elf" : "kind" + kind) + ":" + arch);
            offset += entryHeader + payload;
        }
        return out;
    }

    @Test
    void eachFatbinHoldsSassForHopperAndAmpereAndPtxForTuring() {
        for (String name : Kernels.byFile().keySet()) {
            List<String> entries = entries(JCudaDevice.fatbin(name));
            assertTrue(entries.containsAll(List.of("elf:90", "elf:80", "ptx:75")), name + ".fatbin holds " + entries);
        }
    }

    @Test
    void opCodesAreTheJavaEnumsOrdinals() throws IOException {
        String header = Files.readString(SOURCES.resolve("view.cuh"));
        assertEquals(names(UnaryOp.values()), codes(header, "UnaryCode", "U_"));
        assertEquals(names(BinaryOp.values()), codes(header, "BinaryCode", "B_"));
        assertEquals(names(ReduceOp.values()), codes(header, "ReduceCode", "R_"));
        assertTrue(header.contains("#define MAX_RANK " + CudaViews.MAX_RANK), "view.cuh's MAX_RANK is CudaViews.MAX_RANK");
    }

    @Test
    void gemmArgsHaveTheFieldsGemmPlanPacks() throws IOException {
        String sgemm = Files.readString(SOURCES.resolve("sgemm.cu"));
        Matcher struct = Pattern.compile("struct GemmArgs \\{(.*?)\\};", Pattern.DOTALL).matcher(sgemm);
        assertTrue(struct.find());
        String body = struct.group(1).replaceAll("//[^\\n]*", "");
        List<String> fields = new ArrayList<>();
        for (String decl : body.split(";")) {
            for (String name : decl.replace("int ", "").split(",")) {
                if (!name.isBlank()) {
                    fields.add(name.trim());
                }
            }
        }
        assertEquals(GemmPlan.ARGS, fields.size(), fields.toString());
        assertEquals("batch0", fields.get(GemmPlan.BATCH0));
        assertEquals("batches", fields.get(GemmPlan.BATCHES));
    }

    /** extern "C" kernels of a .cu file: name → parameter types, without names and qualifiers such as __restrict__. */
    static Map<String, List<String>> kernelSignatures(String source) {
        Matcher m = Pattern.compile("extern \"C\" __global__ void (?:__launch_bounds__\\([\\w, ]+\\) )?(\\w+)\\(([^)]*)\\)")
                .matcher(source);
        Map<String, List<String>> out = new TreeMap<>();
        while (m.find()) {
            List<String> types = new ArrayList<>();
            for (String param : m.group(2).split(",")) {
                String p = param.replace("__restrict__", "").replaceAll("\\s+", " ").trim();
                String type = p.substring(0, p.lastIndexOf(' ')).replace(" *", "*").trim();
                types.add(type);
            }
            out.put(m.group(1), types);
        }
        return out;
    }

    @Test
    void everyLaunchPassesTheParametersItsKernelDeclares() throws IOException {
        for (Map.Entry<String, List<Kernels.Kernel>> file : Kernels.byFile().entrySet()) {
            Map<String, List<String>> declared = kernelSignatures(Files.readString(SOURCES.resolve(file.getKey() + ".cu")));
            Map<String, List<String>> expected = new TreeMap<>();
            for (Kernels.Kernel k : file.getValue()) {
                expected.put(k.name(), List.of(k.parameters()));
            }
            assertEquals(declared, expected, file.getKey() + ".cu against Kernels.ALL");
        }
    }

    static List<String> names(Enum<?>[] values) {
        return Stream.of(values).map(Enum::name).collect(Collectors.toList());
    }

    static List<String> codes(String header, String enumName, String prefix) {
        Matcher m = Pattern.compile("enum " + enumName + " \\{([^}]*)\\}").matcher(header);
        assertTrue(m.find(), enumName + " in view.cuh");
        return Stream.of(m.group(1).split(",")).map(String::trim).map(s -> s.substring(prefix.length()))
                .collect(Collectors.toList());
    }
}

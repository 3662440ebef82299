package org.ganlab.bench;

import java.util.Locale;

/**
 * Each StepBench workload's captured step: backend calls and floating-point operations a step (a
 * multiply-add counts 2), and, given a measured time a step, the rate it reaches and its share
 * of one core's peak (its clock × 2 FMA units × 16 float lanes × 2, for AVX-512).
 *
 * <pre>
 * java -cp gan-bench/target/benchmarks.jar org.ganlab.bench.StepFlops [GHZ] [workload=µs ...]
 * </pre>
 */
public final class StepFlops {

    private StepFlops() {
    }

    public static void main(String[] args) {
        double ghz = args.length > 0 ? Double.parseDouble(args[0]) : 2.6;
        double peak = ghz * 2 * 16 * 2;
        java.util.Map<String, Double> micros = new java.util.HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=");
            micros.put(kv[0], Double.parseDouble(kv[1]));
        }
        System.out.printf(Locale.ROOT, "| workload | backend calls a step | FLOP a step | time a step | GFLOP/s | of peak "
                + "(%.0f GFLOP/s) |%n", peak);
        System.out.println("|---|---|---|---|---|---|");
        for (String step : new String[] {"pattern1010", "singlePoint", "mlpGan", "fashionMlp", "dcgan", "fashionDcgan"}) {
            StepBench b = new StepBench();
            b.backend = "cpu";
            b.step = step;
            b.threads = "1";
            b.capture = "on";
            b.setup();
            for (int i = 0; i < 4; i++) {
                b.trainingStep();
            }
            var c = b.ganStep().capture();
            long flop = c.flopsPerStep();
            Double us = micros.get(step);
            double gflops = us == null ? 0 : flop / us / 1000;
            System.out.printf(Locale.ROOT, "| %s | %d | %,d | %s | %s | %s |%n", step, c.callsPerStep(), flop,
                    us == null ? "" : us + " µs", us == null ? "" : String.format(Locale.ROOT, "%.3g", gflops),
                    us == null ? "" : String.format(Locale.ROOT, "%.2g %%", 100 * gflops / peak));
        }
    }
}

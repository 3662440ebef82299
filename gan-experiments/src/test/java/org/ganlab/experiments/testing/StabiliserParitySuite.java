package org.ganlab.experiments.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ganlab.experiments.config.OptimizerKind;
import org.ganlab.experiments.config.OptimizerSpec;
import org.ganlab.experiments.config.Order;
import org.ganlab.experiments.config.TrickSpec;
import org.ganlab.experiments.losses.DOutput;
import org.ganlab.experiments.losses.GanLosses;
import org.ganlab.experiments.step.DiscriminatorUpdate;
import org.ganlab.experiments.step.GanSpec;
import org.ganlab.experiments.step.GanStep;
import org.ganlab.experiments.step.StepBatches;
import org.ganlab.experiments.step.StepLosses;
import org.ganlab.experiments.step.StepPlan;
import org.ganlab.experiments.step.Trick;
import org.ganlab.experiments.tricks.Ema;
import org.ganlab.experiments.tricks.SpectralNorm;
import org.ganlab.experiments.tricks.TrickFactory;
import org.ganlab.experiments.tricks.Tricks;
import org.ganlab.nn.Module;
import org.ganlab.tensor.MemoryScope;
import org.ganlab.tensor.Tensor;
import org.ganlab.testing.BackendTestBase;
import org.ganlab.testing.PytorchFixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every case of the PyTorch GAN-step fixtures (R1, R2 with instance noise, WGAN-GP with 5
 * critic steps, weight clipping with RMSprop, hinge with spectral normalisation, simultaneous
 * updates with EMA, consensus, a Dirac-GAN), and of the unrolled GAN's fixtures (look-ahead through
 * Adam, RMSprop and SGD with momentum, in both orders), through the real {@link GanStep} and the real tricks,
 * built by their factories from the case's settings, and checks the first D step's loss and
 * gradients, G's first loss and gradients, and every final parameter, EMA weight and spectral-norm
 * vector. PyTorch computed in float64, gan-lab in float32: an element passes when
 * {@code |actual − expected| <= 2e-6 + 2e-5·|expected|}. The first training step goes through the
 * step's public parts (so the first D step can be looked at), the others through
 * {@link GanStep#run}. Each backend runs this suite.
 */
public abstract class StabiliserParitySuite extends BackendTestBase {

    static final double ABSOLUTE = 2e-6;
    static final double RELATIVE = 2e-5;
    /** The tricks on the classpath, as the application finds them (without its injector, which a backend's tests need not carry). */
    private static final Tricks TRICKS = new Tricks(ServiceLoader.load(TrickFactory.class).stream()
            .map(ServiceLoader.Provider::get).collect(Collectors.toSet()));

    @TestFactory
    Stream<DynamicTest> pytorchGanStepCases() {
        return GanStepFixtures.cases().stream().map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> replay(c)));
    }

    /** The unrolled GAN's cases, made by {@code docs/unrolled/unrolled_reference.py}. */
    @TestFactory
    Stream<DynamicTest> pytorchUnrolledCases() {
        return GanStepFixtures.unrolledCases().stream()
                .map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> replay(c)));
    }

    /** The largest difference seen in a case: absolute, and as a share of the tolerance. */
    private static final class Worst {
        double absolute;
        double ofTolerance;
        String where = "";
    }

    private void replay(JsonNode c) {
        String name = c.get("name").asText();
        Module d = PytorchFixtures.network(c.get("discriminator"));
        Module g = PytorchFixtures.network(c.get("generator"));
        List<Trick> tricks = tricks(c);
        RecordedDraws draws = new RecordedDraws();
        StepPlan settings = StepPlan.of(new GanSpec(DOutput.LOGIT, DiscriminatorUpdate.JOINT),
                GanLosses.get(c.get("loss").asText()), c.get("loss").asText(), Order.parse(c.get("order").asText()),
                c.get("d_steps").asInt(), optimizer(c.get("d_optimizer")), optimizer(c.get("g_optimizer")), tricks);
        GanStep step = new GanStep(d, g, settings, tricks, draws);
        Worst worst = new Worst();
        JsonNode first = c.get("expected").get("first");
        JsonNode steps = c.get("steps");
        for (int i = 0; i < steps.size(); i++) {
            // Each step in its own memory scope, as TrainingLoop runs them: parameters, optimiser
            // state and the tricks' state must be kept, or a later read of them fails.
            try (MemoryScope stepMemory = MemoryScope.open()) {
                StepBatches batches = batches(steps.get(i), draws);
                if (i > 0) {
                    step.run(batches);
                } else if (settings.order() == Order.SIMULTANEOUS) {
                    StepLosses l = step.simultaneousStep(batches.d().get(0).real(), batches.d().get(0).latent());
                    near(worst, name + " first d_loss", first.get("d_loss").asDouble(), l.d().loss());
                    compare(worst, name + " first D gradient", first.get("d_grads"), grads(d));
                    near(worst, name + " first g_loss", first.get("g_loss").asDouble(), l.g());
                    compare(worst, name + " first G gradient", first.get("g_grads"), grads(g));
                } else {
                    for (int k = 0; k < batches.d().size(); k++) {
                        StepLosses.DStep dStep = step.discriminatorStep(batches.d().get(k).real(), batches.d().get(k).latent());
                        if (k == 0) {
                            near(worst, name + " first d_loss", first.get("d_loss").asDouble(), dStep.loss());
                            compare(worst, name + " first D gradient", first.get("d_grads"), grads(d));
                        }
                    }
                    Tensor lastReal = batches.d().get(batches.d().size() - 1).real();
                    near(worst, name + " first g_loss", first.get("g_loss").asDouble(),
                            step.generatorStep(lastReal, batches.gLatent()));
                    compare(worst, name + " first G gradient", first.get("g_grads"), grads(g));
                }
                draws.assertAllUsed(name + " step " + i);
            }
        }
        JsonNode expected = c.get("expected");
        compare(worst, name + " final D parameter", PytorchFixtures.parameters(expected.get("final_discriminator")),
                d.parameters());
        compare(worst, name + " final G parameter", PytorchFixtures.parameters(expected.get("final_generator")),
                g.parameters());
        if (!expected.get("final_ema_generator").isNull()) {
            Ema ema = tricks.stream().filter(t -> t instanceof Ema).map(t -> (Ema) t).findFirst().orElseThrow();
            compare(worst, name + " final EMA of G", expected.get("final_ema_generator"), ema.averages());
        }
        if (!expected.get("final_sn_u").isNull()) {
            SpectralNorm sn = tricks.stream().filter(t -> t instanceof SpectralNorm).map(t -> (SpectralNorm) t)
                    .findFirst().orElseThrow();
            compare(worst, name + " final spectral-norm u", expected.get("final_sn_u"), sn.vectors());
        }
        System.out.printf(Locale.ROOT, "parity %-28s on %-8s largest difference %.3g (%.0f%% of its tolerance, %s)%n",
                name, backend().name(), worst.absolute, 100 * worst.ofTolerance, worst.where);
    }

    /** The case's stabilisers as tricks, made by the real factories (spectral norm with the case's starting vectors). */
    static List<Trick> tricks(JsonNode c) {
        List<TrickSpec> specs = new ArrayList<>();
        if (!c.get("instance_noise").isNull()) {
            specs.add(TrickSpec.parse("instance-noise:sigma=" + c.get("instance_noise").asDouble()));
        }
        JsonNode penalty = c.get("penalty");
        if (!penalty.isNull()) {
            double w = penalty.get("weight").asDouble();
            specs.add(TrickSpec.parse(switch (penalty.get("kind").asText()) {
                case "r1" -> "r1:gamma=" + w;
                case "r2" -> "r2:gamma=" + w;
                case "wgan-gp" -> "gradient-penalty:lambda=" + w;
                default -> throw new IllegalArgumentException("unknown penalty " + penalty);
            }));
        }
        if (!c.get("weight_clip").isNull()) {
            specs.add(TrickSpec.parse("weight-clipping:c=" + c.get("weight_clip").asDouble()));
        }
        if (!c.get("ema").isNull()) {
            specs.add(TrickSpec.parse("ema:beta=" + c.get("ema").asDouble()));
        }
        if (!c.get("consensus").isNull()) {
            specs.add(TrickSpec.parse("consensus:gamma=" + c.get("consensus").asDouble()));
        }
        JsonNode unrolled = c.path("unrolled");
        if (!unrolled.isMissingNode() && !unrolled.isNull()) {
            specs.add(TrickSpec.parse("unrolled:k=" + unrolled.get("k").asInt() + ",lr="
                    + (unrolled.get("lr").isNull() ? "d" : unrolled.get("lr").asText())));
        }
        List<Trick> tricks = new ArrayList<>(TRICKS.create(specs));
        if (c.get("spectral_norm").asBoolean()) {
            List<Tensor> u = new ArrayList<>();
            c.get("sn_u").forEach(v -> u.add(PytorchFixtures.tensor(v)));
            tricks.add(new SpectralNorm(1, u));
        }
        return tricks;
    }

    static OptimizerSpec optimizer(JsonNode o) {
        double lr = o.get("lr").asDouble();
        return switch (o.get("name").asText()) {
            case "sgd" -> OptimizerSpec.of(OptimizerKind.SGD, lr, o.path("momentum").asDouble(0), null);
            case "adam" -> OptimizerSpec.of(OptimizerKind.ADAM, lr, o.get("betas").get(0).asDouble(),
                    o.get("betas").get(1).asDouble());
            case "rmsprop" -> OptimizerSpec.of(OptimizerKind.RMSPROP, lr, null, o.get("alpha").asDouble());
            default -> throw new IllegalArgumentException("fixture optimizer " + o);
        };
    }

    /** A step's batches; its recorded noise and interpolation weights go to {@code draws} in the order the step uses them. */
    private static StepBatches batches(JsonNode s, RecordedDraws draws) {
        List<StepBatches.DBatch> dBatches = new ArrayList<>();
        for (JsonNode dStep : s.get("d")) {
            dBatches.add(new StepBatches.DBatch(PytorchFixtures.tensor(dStep.get("real")), PytorchFixtures.tensor(dStep.get("z"))));
            for (String purpose : List.of("noise_real", "noise_fake", "interpolation")) {
                if (!dStep.get(purpose).isNull()) {
                    draws.add(purpose, PytorchFixtures.tensor(dStep.get(purpose)));
                }
            }
        }
        JsonNode gStep = s.get("g");
        if (gStep != null && !gStep.isNull() && !gStep.get("noise").isNull()) {
            draws.add("noise_generated", PytorchFixtures.tensor(gStep.get("noise")));
        }
        return new StepBatches(dBatches, gStep == null || gStep.isNull() ? null : PytorchFixtures.tensor(gStep.get("z")));
    }

    private static List<Tensor> grads(Module m) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : m.parameters()) {
            out.add(p.grad() == null ? Tensor.zerosLike(p) : p.grad());
        }
        return out;
    }

    private static void compare(Worst worst, String what, JsonNode expectedList, List<Tensor> actual) {
        List<double[]> expected = new ArrayList<>();
        expectedList.forEach(e -> expected.add(PytorchFixtures.doubles(e)));
        compare(worst, what, expected, actual);
    }

    private static void compare(Worst worst, String what, List<double[]> expected, List<Tensor> actual) {
        if (expected.size() != actual.size()) {
            throw new AssertionError(what + ": " + actual.size() + " tensors, expected " + expected.size());
        }
        for (int i = 0; i < expected.size(); i++) {
            float[] a = actual.get(i).toFloatArray();
            if (a.length != expected.get(i).length) {
                throw new AssertionError(what + " " + i + ": " + a.length + " elements, expected " + expected.get(i).length);
            }
            for (int j = 0; j < a.length; j++) {
                near(worst, what + " " + i + " element " + j, expected.get(i)[j], a[j]);
            }
        }
    }

    private static void near(Worst worst, String what, double expected, double actual) {
        double difference = Math.abs(actual - expected);
        double tolerance = ABSOLUTE + RELATIVE * Math.abs(expected);
        if (!(difference <= tolerance)) {
            throw new AssertionError(what + ": expected " + expected + " but was " + actual);
        }
        worst.absolute = Math.max(worst.absolute, difference);
        if (difference / tolerance > worst.ofTolerance) {
            worst.ofTolerance = difference / tolerance;
            worst.where = what;
        }
    }
}

package org.ganlab.backend.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * A kernel's arguments in order, each of a kind a device knows how to pass: an int, a float, a struct
 * of ints passed by value (ViewDesc, GemmArgs), or a device address with an element offset (null for
 * an absent optional input).
 *
 * @param <P> the device's pointer type
 */
final class KernelArgs<P> {

    sealed interface Arg<P> permits Int, Real, Struct, Address {
    }

    record Int<P>(int value) implements Arg<P> {
    }

    record Real<P>(float value) implements Arg<P> {
    }

    record Struct<P>(int[] words) implements Arg<P> {
    }

    /** {@code pointer} plus {@code offset} floats; a null pointer passes NULL. */
    record Address<P>(P pointer, int offset) implements Arg<P> {
    }

    private final List<Arg<P>> args = new ArrayList<>();

    KernelArgs<P> add(int value) {
        args.add(new Int<>(value));
        return this;
    }

    KernelArgs<P> add(float value) {
        args.add(new Real<>(value));
        return this;
    }

    KernelArgs<P> struct(int[] words) {
        args.add(new Struct<>(words));
        return this;
    }

    KernelArgs<P> address(P pointer, int offset) {
        return address(new Address<>(pointer, offset));
    }

    KernelArgs<P> address(Address<P> address) {
        args.add(address);
        return this;
    }

    List<Arg<P>> list() {
        return args;
    }

    /** Fails unless these arguments fit the kernel's declared parameters one by one. */
    void check(Kernels.Kernel kernel) {
        String[] types = kernel.parameters();
        if (types.length != args.size()) {
            throw new IllegalStateException("cuda: kernel " + kernel.name() + " takes " + types.length
                    + " parameters, launched with " + args.size());
        }
        for (int i = 0; i < types.length; i++) {
            String type = types[i];
            Arg<P> arg = args.get(i);
            boolean fits = switch (type) {
                case "int" -> arg instanceof Int;
                case "float" -> arg instanceof Real;
                default -> type.endsWith("*") ? arg instanceof Address
                        : arg instanceof Struct<P> s && s.words().length == Kernels.STRUCT_INTS.get(type);
            };
            if (!fits) {
                throw new IllegalStateException("cuda: kernel " + kernel.name() + " parameter " + i + " is " + type
                        + ", launched with " + arg);
            }
        }
    }
}

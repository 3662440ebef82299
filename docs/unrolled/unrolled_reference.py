#!/usr/bin/env python3
"""PyTorch float64 reconstruction of unrolled GAN steps (Metz et al. 2017), written as a fixture in
the format of pytorch-gan-steps.json (fixtures/README.md) with one more key, `unrolled`: {k, lr}.

G's loss is taken through D after k look-ahead steps of D's optimiser, each on D's loss at the
step's real batch (the last D batch) and G's samples G(z) of G's step (the same z, with its
graph), starting from D's parameters and D's optimiser state (Adam's moments and step count), and
differentiated through every step (create_graph). D's own update is the ordinary one. The
look-ahead's learning rate is D's unless `unrolled.lr` is given.

    python3 docs/unrolled/unrolled_reference.py > gan-core/src/test/resources/fixtures/pytorch-unrolled-steps.json
"""
import json
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def mlp(sizes, gen, bound=1.0):
    layers = []
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        w = (torch.rand(b, a, generator=gen) * 2 - 1) * bound
        bias = (torch.rand(b, generator=gen) * 2 - 1) * bound
        layers.append({"w": w.requires_grad_(), "b": bias.requires_grad_(),
                       "act": "leaky_relu" if i < len(sizes) - 2 else "identity"})
    return layers


def params(net):
    return [t for layer in net for t in (layer["w"], layer["b"])]


def forward(net, x, ps=None):
    ps = ps if ps is not None else params(net)
    for i, layer in enumerate(net):
        x = x @ ps[2 * i].T + ps[2 * i + 1]
        if layer["act"] == "leaky_relu":
            x = F.leaky_relu(x, 0.2)
    return x


def describe(net):
    return [{"in": l["w"].shape[1], "out": l["w"].shape[0], "weight": l["w"].tolist(), "bias": l["b"].tolist(),
             "activation": l["act"]} for l in net]


def d_loss(loss, d_real, d_fake):
    if loss == "bce":
        return F.softplus(-d_real).mean() + F.softplus(d_fake).mean()
    if loss == "hinge":
        return F.relu(1 - d_real).mean() + F.relu(1 + d_fake).mean()
    if loss == "wasserstein":
        return d_fake.mean() - d_real.mean()
    raise ValueError(loss)


def g_loss(loss, d_gen):
    return F.softplus(-d_gen).mean() if loss == "bce" else -d_gen.mean()


class Opt:
    """torch.optim's SGD (momentum), Adam and RMSprop as pure functions of (param, grad, state)."""

    def __init__(self, spec, ps):
        self.spec = spec
        self.state = [dict() for _ in ps]

    def rule(self, p, g, st, lr):
        s = self.spec
        if s["name"] == "sgd":
            mom = s.get("momentum", 0)
            if mom:
                st["buf"] = g if "buf" not in st else st["buf"] * mom + g
                g = st["buf"]
            return p - lr * g
        if s["name"] == "adam":
            b1, b2 = s["betas"]
            st["step"] = st.get("step", 0) + 1
            t = st["step"]
            st["m"] = (1 - b1) * g if "m" not in st else b1 * st["m"] + (1 - b1) * g
            st["v"] = (1 - b2) * g * g if "v" not in st else b2 * st["v"] + (1 - b2) * g * g
            denom = st["v"].sqrt() / (1 - b2 ** t) ** 0.5 + 1e-8
            return p - (lr / (1 - b1 ** t)) * st["m"] / denom
        if s["name"] == "rmsprop":
            a = s["alpha"]
            st["v"] = (1 - a) * g * g if "v" not in st else a * st["v"] + (1 - a) * g * g
            return p - lr * g / (st["v"].sqrt() + 1e-8)
        raise ValueError(s)

    def step(self, ps, grads):
        """The real update: in place, no graph, the state kept."""
        with torch.no_grad():
            for p, g, st in zip(ps, grads, self.state):
                p.copy_(self.rule(p, g, st, self.spec["lr"]))

    def look_ahead(self, ps, grads, states, lr):
        """A look-ahead step on copies of the state, keeping the graph."""
        return [self.rule(p, g, st, lr) for p, g, st in zip(ps, grads, states)]

    def copy_state(self):
        return [{k: (v.detach().clone() if torch.is_tensor(v) else v) for k, v in st.items()} for st in self.state]


def unrolled_g_loss(c, d, d_opt, real, gen):
    k, lr = c["unrolled"]["k"], c["unrolled"]["lr"] or c["d_optimizer"]["lr"]
    ps = params(d)
    states = d_opt.copy_state()
    for _ in range(k):
        ld = d_loss(c["loss"], forward(d, real, ps), forward(d, gen, ps))
        grads = torch.autograd.grad(ld, ps, create_graph=True)
        ps = d_opt.look_ahead(ps, grads, states, lr)
    return g_loss(c["loss"], forward(d, gen, ps))


def make_case(name, seed, loss, d_opt, g_opt, order, d_steps, k, lr, steps, batch=8):
    gen = torch.Generator().manual_seed(seed)
    d = mlp([2, 8, 8, 1], gen)
    g = mlp([2, 8, 2], gen)
    c = {"name": name, "discriminator": describe(d), "generator": describe(g), "sn_u": None, "latent_size": 2,
         "loss": loss, "d_optimizer": d_opt, "g_optimizer": g_opt, "d_steps": d_steps, "order": order,
         "penalty": None, "weight_clip": None, "spectral_norm": False, "instance_noise": None, "ema": None,
         "consensus": None, "unrolled": {"k": k, "lr": lr}, "steps": []}
    do, go = Opt(d_opt, params(d)), Opt(g_opt, params(g))
    first = None
    for i in range(steps):
        record = {"d": [], "g": None}
        n_d = d_steps if order == "alternating" else 1
        for j in range(n_d):
            real = torch.randn(batch, 2, generator=gen) * 0.5 + 1.0
            z = torch.randn(batch, 2, generator=gen)
            record["d"].append({"real": real.tolist(), "z": z.tolist(), "noise_real": None, "noise_fake": None,
                                "interpolation": None})
            if order == "alternating":
                fake = forward(g, z).detach()
                ld = d_loss(loss, forward(d, real), forward(d, fake))
                dg = torch.autograd.grad(ld, params(d))
                if i == 0 and j == 0:
                    first = {"d_loss": ld.item(), "d_grads": [t.tolist() for t in dg]}
                do.step(params(d), dg)
        if order == "alternating":
            zg = torch.randn(batch, 2, generator=gen)
            record["g"] = {"z": zg.tolist(), "noise": None}
            lg = unrolled_g_loss(c, d, do, real, forward(g, zg))
            gg = torch.autograd.grad(lg, params(g))
            if i == 0:
                first.update({"g_loss": lg.item(), "g_grads": [t.tolist() for t in gg]})
            go.step(params(g), gg)
        else:  # simultaneous: both gradients at the same parameters, from one batch of G(z)
            gen_z = forward(g, z)
            ld = d_loss(loss, forward(d, real), forward(d, gen_z.detach()))
            dg = torch.autograd.grad(ld, params(d))
            lg = unrolled_g_loss(c, d, do, real, gen_z)
            gg = torch.autograd.grad(lg, params(g))
            if i == 0:
                first = {"d_loss": ld.item(), "d_grads": [t.tolist() for t in dg], "g_loss": lg.item(),
                         "g_grads": [t.tolist() for t in gg]}
            do.step(params(d), dg)
            go.step(params(g), gg)
        c["steps"].append(record)
    c["expected"] = {"first": first, "final_discriminator": describe(d), "final_generator": describe(g),
                     "final_ema_generator": None,
                     "final_sn_u": None}
    return c


cases = [
    make_case("unrolled k=3, Adam, alternating", 11, "bce", {"name": "adam", "lr": 0.01, "betas": [0.5, 0.999]},
              {"name": "adam", "lr": 0.01, "betas": [0.5, 0.999]}, "alternating", 1, 3, None, 4),
    make_case("unrolled k=2, 2 D steps, RMSprop, look-ahead lr", 12, "bce", {"name": "rmsprop", "lr": 0.005, "alpha": 0.9},
              {"name": "adam", "lr": 0.01, "betas": [0.5, 0.999]}, "alternating", 2, 2, 0.02, 3),
    make_case("unrolled k=4, SGD momentum, simultaneous, hinge", 13, "hinge",
              {"name": "sgd", "lr": 0.05, "momentum": 0.9}, {"name": "sgd", "lr": 0.05}, "simultaneous", 1, 4, None, 4),
]
print(json.dumps({"about": "unrolled GAN steps, PyTorch float64, by docs/unrolled/unrolled_reference.py; "
                           "format: fixtures/README.md (pytorch-gan-steps.json plus `unrolled`)", "cases": cases}))

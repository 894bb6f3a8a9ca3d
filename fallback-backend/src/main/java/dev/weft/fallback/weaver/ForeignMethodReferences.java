package dev.weft.fallback.weaver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Pass "route method references through this class", for {@code Other::method}.
 *
 * <p>A lambda proxy calls its implementation method directly, without a token (see
 * {@code FrameStack}). For a lambda or a reference to a method of the same class the weaver
 * knows the functional interface and lets the method accept its token. A reference to another
 * class's method cannot be handled there: that class is woven separately and does not know who
 * refers to it. So the reference is redirected to a new private static synthetic method of this
 * class, {@code weft$ref$N}, that only calls the target (with a proper token, as any woven
 * call) and is itself woven and bound to the interface's token, like a lambda body. The proxy
 * stays a pure forwarding frame, and a suspension inside {@code Other.method} works.
 *
 * <p>Left alone: constructor references (a constructor cannot suspend), {@code super::m}
 * references (invokespecial cannot move to another method), targets the policy says cannot
 * suspend, and serializable lambdas (their implementation method is recorded in the serialized
 * form and checked on deserialization).
 */
final class ForeignMethodReferences {
    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    private static final int FLAG_SERIALIZABLE = 1;

    private ForeignMethodReferences() {
    }

    /** @return the number of references redirected */
    static int apply(ClassNode cn, SuspendablePolicy policy) {
        Map<String, MethodNode> forwarders = new HashMap<>();
        List<MethodNode> added = new ArrayList<>();
        for (MethodNode m : cn.methods) {
            for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
                if (!(i instanceof InvokeDynamicInsnNode)) {
                    continue;
                }
                InvokeDynamicInsnNode indy = (InvokeDynamicInsnNode) i;
                if (!indy.bsm.getOwner().equals(LAMBDA_METAFACTORY) || indy.bsmArgs.length < 3
                        || !(indy.bsmArgs[1] instanceof Handle)) {
                    continue;
                }
                if (indy.bsm.getName().equals("altMetafactory")
                        && ((Integer) indy.bsmArgs[3] & FLAG_SERIALIZABLE) != 0) {
                    continue;
                }
                Handle impl = (Handle) indy.bsmArgs[1];
                int opcode = opcode(impl.getTag());
                if (impl.getOwner().equals(cn.name) || opcode < 0
                        || !policy.isSuspendable(opcode, impl.getOwner(), impl.getName(), impl.getDesc())) {
                    continue;
                }
                String key = impl.getTag() + " " + impl.getOwner() + "." + impl.getName() + impl.getDesc();
                MethodNode fwd = forwarders.get(key);
                if (fwd == null) {
                    fwd = forwarder(cn, impl, opcode, forwarders.size());
                    forwarders.put(key, fwd);
                    added.add(fwd);
                }
                indy.bsmArgs[1] = new Handle(Opcodes.H_INVOKESTATIC, cn.name, fwd.name, fwd.desc,
                        (cn.access & Opcodes.ACC_INTERFACE) != 0);
            }
        }
        cn.methods.addAll(added);
        return added.size();
    }

    private static int opcode(int tag) {
        switch (tag) {
            case Opcodes.H_INVOKESTATIC:
                return Opcodes.INVOKESTATIC;
            case Opcodes.H_INVOKEVIRTUAL:
                return Opcodes.INVOKEVIRTUAL;
            case Opcodes.H_INVOKEINTERFACE:
                return Opcodes.INVOKEINTERFACE;
            default:
                return -1; // constructors, invokespecial (super::m), field handles
        }
    }

    private static MethodNode forwarder(ClassNode cn, Handle impl, int opcode, int n) {
        List<Type> params = new ArrayList<>();
        if (opcode != Opcodes.INVOKESTATIC) {
            params.add(Type.getObjectType(impl.getOwner()));
        }
        for (Type t : Type.getArgumentTypes(impl.getDesc())) {
            params.add(t);
        }
        Type ret = Type.getReturnType(impl.getDesc());
        String desc = Type.getMethodDescriptor(ret, params.toArray(new Type[0]));
        MethodNode m = new MethodNode(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                "weft$ref$" + n, desc, null, null);
        int slot = 0;
        for (Type t : params) {
            m.instructions.add(new VarInsnNode(t.getOpcode(Opcodes.ILOAD), slot));
            slot += t.getSize();
        }
        m.instructions.add(new MethodInsnNode(opcode, impl.getOwner(), impl.getName(), impl.getDesc(),
                impl.isInterface()));
        m.instructions.add(new InsnNode(ret.getOpcode(Opcodes.IRETURN)));
        m.maxLocals = slot;
        m.maxStack = Math.max(slot, ret.getSize());
        return m;
    }
}

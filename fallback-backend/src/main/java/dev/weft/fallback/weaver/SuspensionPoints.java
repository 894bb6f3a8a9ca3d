package dev.weft.fallback.weaver;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Pass "find suspension points": the calls of a method after which it may have to save itself.
 *
 * <p>A call is a suspension point when the {@link SuspendablePolicy} says it may suspend. In a
 * class whose monitors {@link MonitorRewriting} made cooperative, calls inside
 * {@code synchronized} are suspension points like any other. In weft's own classes (exempt from
 * that pass) a call made while a monitor is held is deliberately not one: a JVM monitor is owned
 * by the carrier thread, so keeping it across a suspension would let other microthreads on the
 * same carrier enter it. Such a call sets no token, so a suspension beneath it is refused at run
 * time with an exception naming this frame.
 *
 * <p>These are the candidates, call by call. {@link ClassWeaver} then narrows them over the
 * whole class ({@code IntraClassCalls}: a call to a method of the same class that cannot suspend
 * is dropped), and weaves a method only if it has a point left.
 */
public final class SuspensionPoints {
    private SuspensionPoints() {
    }

    /** The candidate suspension points of {@code m}, in code order. Empty if it has none. */
    public static List<MethodInsnNode> find(String owner, MethodNode m, SuspendablePolicy policy) {
        List<MethodInsnNode> points = new ArrayList<>();
        if ((m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0
                || m.name.equals("<init>") || m.name.equals("<clinit>")
                || (m.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
            return points;
        }
        InsnList insns = m.instructions;
        boolean monitors = false;
        for (AbstractInsnNode i = insns.getFirst(); i != null; i = i.getNext()) {
            int op = i.getOpcode();
            if (op == Opcodes.JSR || op == Opcodes.RET) {
                throw new WeaveException("weft weaver: " + owner.replace('/', '.') + "." + m.name + m.desc
                        + " uses JSR/RET subroutines (class files older than Java 6); recompile it");
            }
            monitors |= op == Opcodes.MONITORENTER;
        }
        // only weft's own classes still hold JVM monitors here (MonitorRewriting leaves them alone)
        int[] depth = monitors && MonitorRewriting.exempt(owner) ? MonitorRewriting.exactDepths(owner, m) : null;
        for (AbstractInsnNode i = insns.getFirst(); i != null; i = i.getNext()) {
            if (!(i instanceof MethodInsnNode)) {
                continue;
            }
            MethodInsnNode call = (MethodInsnNode) i;
            if (depth != null && depth[insns.indexOf(call)] > 0) {
                continue;
            }
            if (policy.isSuspendable(call.getOpcode(), call.owner, call.name, call.desc)) {
                points.add(call);
            }
        }
        return points;
    }
}

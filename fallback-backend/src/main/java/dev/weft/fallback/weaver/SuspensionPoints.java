package dev.weft.fallback.weaver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

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
 */
public final class SuspensionPoints {
    private static final int MAX_DEPTH = 64;

    private SuspensionPoints() {
    }

    /** The suspension points of {@code m}, in code order. Empty if it has none. */
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
        int[] depth = monitors ? monitorDepths(m) : null;
        for (AbstractInsnNode i = insns.getFirst(); i != null; i = i.getNext()) {
            if (!(i instanceof MethodInsnNode)) {
                continue;
            }
            MethodInsnNode call = (MethodInsnNode) i;
            if (depth != null && MonitorRewriting.exempt(owner) && depth[insns.indexOf(call)] != 0) {
                continue;
            }
            if (policy.isSuspendable(call.getOpcode(), call.owner, call.name, call.desc)) {
                points.add(call);
            }
        }
        return points;
    }

    /**
     * Monitors held before each instruction (the maximum over all paths; 0 for unreachable code),
     * by a forward data flow over normal and exceptional edges.
     */
    static int[] monitorDepths(MethodNode m) {
        InsnList insns = m.instructions;
        int n = insns.size();
        int[] depth = new int[n];
        Arrays.fill(depth, -1);
        Deque<Integer> work = new ArrayDeque<>();
        depth[0] = 0;
        work.add(0);
        while (!work.isEmpty()) {
            int at = work.poll();
            AbstractInsnNode insn = insns.get(at);
            int in = depth[at];
            int op = insn.getOpcode();
            int out = op == Opcodes.MONITORENTER ? Math.min(in + 1, MAX_DEPTH)
                    : op == Opcodes.MONITOREXIT ? Math.max(in - 1, 0) : in;
            List<Integer> next = Liveness.successors(m, at);
            for (int target : next) {
                merge(depth, work, target, out);
            }
            for (TryCatchBlockNode t : m.tryCatchBlocks) {
                if (insns.indexOf(t.start) <= at && at < insns.indexOf(t.end)) {
                    merge(depth, work, insns.indexOf(t.handler), in);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (depth[i] < 0) {
                depth[i] = 0;
            }
        }
        return depth;
    }

    private static void merge(int[] depth, Deque<Integer> work, int target, int value) {
        if (value > depth[target]) {
            depth[target] = value;
            work.add(target);
        }
    }
}

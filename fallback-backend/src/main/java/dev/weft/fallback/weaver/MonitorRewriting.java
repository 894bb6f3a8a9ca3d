package dev.weft.fallback.weaver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Pass "cooperative monitors", before the suspension points are found: turns the monitors of a
 * method into ones a microthread can hold across a suspension (see
 * {@code dev.weft.internal.Monitors}).
 *
 * <ul>
 *   <li>A {@code synchronized} method becomes an ordinary one whose body is a
 *       {@code synchronized (this)} (or class) block, with a catch-all that exits the monitor.
 *   <li>{@code monitorenter} becomes {@code dup; astore M_d; Monitors.enter; aload M_d;
 *       monitorenter}, where {@code M_d} is a fresh local for nesting depth {@code d}: the call
 *       is a suspension point (waiting for another microthread's monitor), and the frame knows
 *       which objects it holds at every later suspension point.
 *   <li>{@code monitorexit} becomes {@code dup; monitorexit; Monitors.exit}.
 *   <li>{@code Object.wait/notify/notifyAll} become calls of {@code Monitors.await/notifyOne/
 *       notifyEveryone}; a wait is then a suspension point.
 * </ul>
 * {@link MethodRewriter} then releases the JVM monitors {@code M_0..M_d-1} when a frame at depth
 * {@code d} is captured and takes them again when it is restored.
 *
 * <p>Monitor depths must be the same on every path to an instruction (javac, ecj and kotlinc
 * emit such code); other code is refused with a {@link WeaveException} naming the method.
 */
public final class MonitorRewriting {
    static final String MONITORS = "dev/weft/internal/Monitors";

    /** The monitors held at each instruction, as local slots (outermost first). */
    public static final class Held {
        private final MethodNode method;
        private final int[] depth;
        private final int[] slots;
        private final boolean changed;

        Held(MethodNode method, int[] depth, int[] slots, boolean changed) {
            this.method = method;
            this.depth = depth;
            this.slots = slots;
            this.changed = changed;
        }

        /** Whether the pass changed the method. */
        public boolean changed() {
            return changed;
        }

        /** Slots of the monitors held just before {@code insn}, outermost first; empty if none. */
        public int[] at(AbstractInsnNode insn) {
            if (depth == null) {
                return new int[0];
            }
            int d = depth[method.instructions.indexOf(insn)];
            return Arrays.copyOf(slots, Math.max(d, 0));
        }

    }

    private MonitorRewriting() {
    }

    /**
     * Whether {@code owner}'s monitors are left to the JVM: weft's API and core (packages
     * {@code dev.weft}, {@code dev.weft.internal..}, {@code dev.weft.spi}, {@code dev.weft.sync})
     * never suspend holding one, and {@code Monitors} itself must not call itself.
     */
    public static boolean exempt(String owner) {
        if (!owner.startsWith("dev/weft/")) {
            return false;
        }
        String rest = owner.substring("dev/weft/".length());
        return rest.indexOf('/') < 0 || rest.startsWith("internal/") || rest.startsWith("spi/") || rest.startsWith("sync/");
    }

    /**
     * Rewrites the monitors of {@code m} (unless {@link #exempt}) and returns where they are held.
     * A method without monitors, wait or notify is left unchanged.
     */
    public static Held apply(String owner, MethodNode m) {
        if (exempt(owner) || (m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            return new Held(m, null, new int[0], false);
        }
        boolean changed = false;
        if ((m.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
            desugarSynchronized(owner, m);
            changed = true;
        }
        changed |= rewriteWaitAndNotify(m);
        boolean monitors = false;
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            monitors |= i.getOpcode() == Opcodes.MONITORENTER;
        }
        if (!monitors) {
            return new Held(m, null, new int[0], changed);
        }
        int[] depth = exactDepths(owner, m);
        int max = 0;
        for (int d : depth) {
            max = Math.max(max, d + 1);
        }
        m.maxStack += 1; // the duplicated monitor
        int[] slots = new int[max];
        for (int d = 0; d < max; d++) {
            slots[d] = m.maxLocals++;
        }
        InsnList insns = m.instructions;
        List<AbstractInsnNode> all = new ArrayList<>();
        for (AbstractInsnNode i = insns.getFirst(); i != null; i = i.getNext()) {
            all.add(i);
        }
        for (int idx = 0; idx < all.size(); idx++) {
            AbstractInsnNode i = all.get(idx);
            if (i.getOpcode() == Opcodes.MONITORENTER && depth[idx] >= 0) {
                int slot = slots[depth[idx]];
                InsnList pre = new InsnList();
                pre.add(new InsnNode(Opcodes.DUP));
                pre.add(new VarInsnNode(Opcodes.ASTORE, slot));
                pre.add(new MethodInsnNode(Opcodes.INVOKESTATIC, MONITORS, "enter", "(Ljava/lang/Object;)V", false));
                pre.add(new VarInsnNode(Opcodes.ALOAD, slot));
                insns.insertBefore(i, pre);
            } else if (i.getOpcode() == Opcodes.MONITOREXIT) {
                // The call is kept out of the handlers that cover the monitorexit (javac's
                // catch-all that exits the monitor again): it runs with the monitor released.
                LabelNode from = new LabelNode();
                LabelNode to = new LabelNode();
                InsnList post = new InsnList();
                post.add(from);
                post.add(new MethodInsnNode(Opcodes.INVOKESTATIC, MONITORS, "exit", "(Ljava/lang/Object;)V", false));
                post.add(to);
                insns.insertBefore(i, new InsnNode(Opcodes.DUP));
                insns.insert(i, post);
                exclude(m, from, to);
            }
        }
        // Depths for the rewritten code: every inserted instruction is at its neighbour's depth.
        return new Held(m, exactDepths(owner, m), slots, true);
    }

    private static void desugarSynchronized(String owner, MethodNode m) {
        m.access &= ~Opcodes.ACC_SYNCHRONIZED;
        int lock = m.maxLocals++;
        m.maxStack = Math.max(m.maxStack, 2); // the receiver or class, duplicated
        InsnList insns = m.instructions;
        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        LabelNode handler = new LabelNode();
        List<LabelNode[]> gaps = new ArrayList<>();
        for (AbstractInsnNode i = insns.getFirst(); i != null; i = i.getNext()) {
            int op = i.getOpcode();
            if (op >= Opcodes.IRETURN && op <= Opcodes.RETURN) {
                // "exit; return": the handler covers the exit, not the return (as javac does it).
                LabelNode gap = new LabelNode();
                LabelNode after = new LabelNode();
                InsnList exit = new InsnList();
                exit.add(new VarInsnNode(Opcodes.ALOAD, lock));
                exit.add(new InsnNode(Opcodes.MONITOREXIT));
                exit.add(gap);
                insns.insertBefore(i, exit);
                insns.insert(i, after);
                gaps.add(new LabelNode[] {gap, after});
            }
        }
        InsnList pro = new InsnList();
        if ((m.access & Opcodes.ACC_STATIC) != 0) {
            pro.add(new LdcInsnNode(Type.getObjectType(owner)));
        } else {
            pro.add(new VarInsnNode(Opcodes.ALOAD, 0));
        }
        pro.add(new InsnNode(Opcodes.DUP));
        pro.add(new VarInsnNode(Opcodes.ASTORE, lock));
        pro.add(new InsnNode(Opcodes.MONITORENTER));
        pro.add(start);
        insns.insert(pro);
        insns.add(end);
        insns.add(handler);
        insns.add(new VarInsnNode(Opcodes.ALOAD, lock));
        insns.add(new InsnNode(Opcodes.MONITOREXIT));
        insns.add(new InsnNode(Opcodes.ATHROW));
        // Last in the table: the method's own handlers take precedence, as the JVM's implicit exit comes last.
        m.tryCatchBlocks.add(new TryCatchBlockNode(start, end, handler, null));
        for (LabelNode[] gap : gaps) {
            exclude(m, gap[0], gap[1]);
        }
    }

    /** Splits every handler range of {@code m} that covers [{@code from}, {@code to}) around it. */
    static void exclude(MethodNode m, LabelNode from, LabelNode to) {
        InsnList insns = m.instructions;
        int a = insns.indexOf(from);
        int b = insns.indexOf(to);
        List<TryCatchBlockNode> out = new ArrayList<>();
        for (TryCatchBlockNode t : m.tryCatchBlocks) {
            int s = insns.indexOf(t.start);
            int e = insns.indexOf(t.end);
            if (s <= a && b <= e) {
                addIfCode(out, insns, t, t.start, from);
                addIfCode(out, insns, t, to, t.end);
            } else {
                out.add(t);
            }
        }
        m.tryCatchBlocks.clear();
        m.tryCatchBlocks.addAll(out);
    }

    private static void addIfCode(List<TryCatchBlockNode> out, InsnList insns, TryCatchBlockNode t,
            LabelNode start, LabelNode end) {
        for (AbstractInsnNode i = start; i != end; i = i.getNext()) {
            if (i.getOpcode() >= 0) {
                TryCatchBlockNode piece = new TryCatchBlockNode(start, end, t.handler, t.type);
                piece.visibleTypeAnnotations = t.visibleTypeAnnotations;
                piece.invisibleTypeAnnotations = t.invisibleTypeAnnotations;
                out.add(piece);
                return;
            }
        }
    }

    private static boolean rewriteWaitAndNotify(MethodNode m) {
        boolean changed = false;
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            if (i.getOpcode() != Opcodes.INVOKEVIRTUAL) {
                continue;
            }
            MethodInsnNode call = (MethodInsnNode) i;
            if (call.owner.startsWith("[")) {
                continue;
            }
            String name = null;
            switch (call.name + call.desc) {
                case "wait()V":
                case "wait(J)V":
                case "wait(JI)V":
                    name = "await";
                    break;
                case "notify()V":
                    name = "notifyOne";
                    break;
                case "notifyAll()V":
                    name = "notifyEveryone";
                    break;
                default:
                    break;
            }
            if (name != null) {
                call.setOpcode(Opcodes.INVOKESTATIC);
                call.owner = MONITORS;
                call.name = name;
                call.desc = "(Ljava/lang/Object;" + call.desc.substring(1);
                call.itf = false;
                changed = true;
            }
        }
        return changed;
    }

    /**
     * The monitor depth before each instruction (-1 where unreachable), the same on every path
     * over normal and exceptional edges.
     */
    static int[] exactDepths(String owner, MethodNode m) {
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
            int out = op == Opcodes.MONITORENTER ? in + 1 : op == Opcodes.MONITOREXIT ? in - 1 : in;
            if (out < 0) {
                throw irregular(owner, m, insn, "a monitorexit with no monitor held");
            }
            for (int target : Liveness.successors(m, at)) {
                merge(owner, m, depth, work, target, out);
            }
            for (TryCatchBlockNode t : m.tryCatchBlocks) {
                if (insns.indexOf(t.start) <= at && at < insns.indexOf(t.end)) {
                    merge(owner, m, depth, work, insns.indexOf(t.handler), in);
                    if (t.type == null) {
                        break; // a catch-all: no later handler sees an exception from here
                    }
                }
            }
        }
        return depth;
    }

    private static void merge(String owner, MethodNode m, int[] depth, Deque<Integer> work, int target, int value) {
        if (depth[target] < 0) {
            depth[target] = value;
            work.add(target);
        } else if (depth[target] != value) {
            throw irregular(owner, m, m.instructions.get(target), "paths reach it holding " + depth[target]
                    + " and " + value + " monitors");
        }
    }

    private static WeaveException irregular(String owner, MethodNode m, AbstractInsnNode at, String what) {
        return new WeaveException("weft weaver: " + owner.replace('/', '.') + "." + m.name + m.desc
                + " has irregular monitor nesting at instruction " + m.instructions.indexOf(at) + " (" + what
                + "); cooperative monitors need synchronized blocks as javac emits them. Exclude the class from"
                + " weaving or recompile it from source.");
    }
}

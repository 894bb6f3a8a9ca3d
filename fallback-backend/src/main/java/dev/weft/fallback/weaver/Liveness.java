package dev.weft.fallback.weaver;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Pass "analyse liveness": which locals may still be read from a given point on. A capture saves
 * only those: a local that is dead at the resume point would be overwritten before it is read,
 * so saving it is wasted work (and keeps garbage reachable). Classic backward data flow over
 * normal and exceptional edges; a long or double counts as live by its first slot.
 */
public final class Liveness {
    private Liveness() {
    }

    /** Locals live at each of {@code labels} (live-in of the instruction that follows each). */
    public static List<BitSet> liveAt(MethodNode m, List<LabelNode> labels) {
        BitSet[] in = liveIn(m);
        List<BitSet> result = new ArrayList<>();
        for (LabelNode l : labels) {
            result.add((BitSet) in[m.instructions.indexOf(l)].clone());
        }
        return result;
    }

    /** Live-in set of every instruction, indexed like {@code m.instructions}. */
    static BitSet[] liveIn(MethodNode m) {
        InsnList insns = m.instructions;
        int n = insns.size();
        BitSet[] in = new BitSet[n];
        List<List<Integer>> succ = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            in[i] = new BitSet();
            succ.add(successors(m, i));
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                AbstractInsnNode insn = insns.get(i);
                BitSet out = new BitSet();
                for (int s : succ.get(i)) {
                    out.or(in[s]);
                }
                BitSet live = (BitSet) out.clone();
                if (insn instanceof VarInsnNode) {
                    VarInsnNode v = (VarInsnNode) insn;
                    if (v.getOpcode() >= Opcodes.ISTORE && v.getOpcode() <= Opcodes.ASTORE) {
                        live.clear(v.var);
                    } else {
                        live.set(v.var); // loads and RET
                    }
                } else if (insn instanceof IincInsnNode) {
                    live.set(((IincInsnNode) insn).var);
                }
                // An exception may leave before this instruction's effect: the handler's needs count.
                for (TryCatchBlockNode t : m.tryCatchBlocks) {
                    if (insns.indexOf(t.start) <= i && i < insns.indexOf(t.end)) {
                        live.or(in[insns.indexOf(t.handler)]);
                    }
                }
                if (!live.equals(in[i])) {
                    in[i] = live;
                    changed = true;
                }
            }
        }
        return in;
    }

    /** Normal successors of instruction {@code i}. */
    static List<Integer> successors(MethodNode m, int i) {
        InsnList insns = m.instructions;
        AbstractInsnNode insn = insns.get(i);
        int op = insn.getOpcode();
        List<Integer> next = new ArrayList<>();
        if (insn instanceof JumpInsnNode) {
            next.add(insns.indexOf(((JumpInsnNode) insn).label));
        } else if (insn instanceof TableSwitchInsnNode) {
            TableSwitchInsnNode s = (TableSwitchInsnNode) insn;
            next.add(insns.indexOf(s.dflt));
            for (LabelNode l : s.labels) {
                next.add(insns.indexOf(l));
            }
        } else if (insn instanceof LookupSwitchInsnNode) {
            LookupSwitchInsnNode s = (LookupSwitchInsnNode) insn;
            next.add(insns.indexOf(s.dflt));
            for (LabelNode l : s.labels) {
                next.add(insns.indexOf(l));
            }
        }
        boolean fallsThrough = op != Opcodes.GOTO && op != Opcodes.ATHROW && op != Opcodes.RET
                && !(op >= Opcodes.IRETURN && op <= Opcodes.RETURN)
                && !(insn instanceof TableSwitchInsnNode) && !(insn instanceof LookupSwitchInsnNode);
        if (fallsThrough && i + 1 < insns.size()) {
            next.add(i + 1);
        }
        return next;
    }
}

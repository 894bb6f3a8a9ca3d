package dev.weft.fallback.weaver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Pass "narrow calls within the class", after {@link SuspensionPoints}: drops the suspension
 * points that are calls to a method of this same class which provably cannot suspend.
 *
 * <p>{@link SuspendablePolicy} judges each call alone and must assume that any call into
 * non-platform code may reach a suspension. But the weaver has the whole class at hand, and some
 * calls have a target known exactly from the class file alone (an <em>exact call</em>: no other
 * method can be selected at run time, whatever the receiver):
 * <ul>
 *   <li>{@code invokestatic} of a static method declared in this class ({@code owner} is this
 *       class and the method is in the class file; a static method inherited from a superclass
 *       or declared elsewhere is not known);
 *   <li>{@code invokespecial} of a private instance method of this class;
 *   <li>{@code invokevirtual} or {@code invokeinterface} of a private instance method of this
 *       class (nestmate-style calls, Java 11+: the resolved private method is the one selected);
 *   <li>{@code invokevirtual} of an instance method declared in this class that is
 *       {@code final}, or of any instance method declared in this class when the class itself is
 *       {@code final}: nothing can override it.
 * </ul>
 *
 * <h2>Implementation notes</h2>
 * A method <em>may suspend</em> when it has a candidate point (a call the policy calls
 * suspendable, as {@link SuspensionPoints} found them) that is not an exact call, or an exact
 * call to a method of this class that may suspend, or to one that is never analysed here and so
 * counts as suspending: a native method (it may call back into Java through JNI) or a method left
 * out of the weaving (too large). This is the <em>least</em> fixpoint of that rule, computed by
 * a work list over the reversed exact-call graph: the methods with a suspending call of the first
 * or last kind are marked first, then every method with an exact call to a marked one, until
 * nothing changes. Least, not greatest: a cycle of exact calls (a recursive helper, or two
 * private methods calling each other) with no other way out cannot suspend, so it is never
 * marked.
 *
 * <p>A method's points are then its candidate points minus its exact calls to unmarked methods.
 * Invariant: a method has a point after this pass if and only if it is marked, so the weaver
 * weaves exactly the marked methods, and every call dropped here goes to a method that stays
 * unwoven. Dropping the call is therefore what the policy already does for any call into unwoven
 * code it knows cannot suspend (a static JDK call): the caller sets no token, and if something
 * beneath the unwoven callee (a callback through the JDK) ever reached a suspension anyway, the
 * woven method entered there would see a token that is not its own and refuse the suspension,
 * naming itself, as for any improperly entered frame.
 *
 * <p>The pass concerns calls only, never whether a method may be entered: a lambda body
 * ({@code lambda$...}, entered by another class's proxy through {@code invokedynamic}) or a
 * method called by reflection or from another class is woven exactly when it may suspend, as
 * before. Constructors, static initializers, abstract methods and, in weft's own exempt classes,
 * {@code synchronized} methods have no candidate points ({@link SuspensionPoints}), so they never
 * suspend by this rule; calls to constructors are not points in the first place.
 */
final class IntraClassCalls {
    private IntraClassCalls() {
    }

    /**
     * Narrows the candidate points of the methods of {@code cn}.
     *
     * @param cn the class being woven, with every method that will be in the written class
     * @param candidates the points {@link SuspensionPoints} found, for each method the weaver
     *        analyses (in any order); a method of {@code cn} missing from this map (left out of
     *        the weaving, e.g. too large) counts as one that may suspend
     * @return for each method of {@code candidates}, its points after narrowing (a sub-list of its
     *         candidates, in the same order; empty if the method cannot suspend)
     */
    static Map<MethodNode, List<MethodInsnNode>> narrow(ClassNode cn, Map<MethodNode, List<MethodInsnNode>> candidates) {
        Map<String, MethodNode> declared = new HashMap<>();
        for (MethodNode m : cn.methods) {
            declared.put(m.name + m.desc, m);
        }
        Map<MethodNode, List<MethodNode>> callers = new IdentityHashMap<>();
        Set<MethodNode> maySuspend = Collections.newSetFromMap(new IdentityHashMap<MethodNode, Boolean>());
        Deque<MethodNode> work = new ArrayDeque<>();
        for (Map.Entry<MethodNode, List<MethodInsnNode>> e : candidates.entrySet()) {
            MethodNode m = e.getKey();
            for (MethodInsnNode call : e.getValue()) {
                MethodNode target = exactTarget(cn, declared, call);
                if (target == null || !analysed(target, candidates)) {
                    if (maySuspend.add(m)) {
                        work.add(m);
                    }
                } else {
                    List<MethodNode> list = callers.get(target);
                    if (list == null) {
                        list = new ArrayList<>();
                        callers.put(target, list);
                    }
                    list.add(m);
                }
            }
        }
        while (!work.isEmpty()) {
            List<MethodNode> list = callers.get(work.poll());
            if (list != null) {
                for (MethodNode caller : list) {
                    if (maySuspend.add(caller)) {
                        work.add(caller);
                    }
                }
            }
        }
        Map<MethodNode, List<MethodInsnNode>> points = new LinkedHashMap<>();
        for (Map.Entry<MethodNode, List<MethodInsnNode>> e : candidates.entrySet()) {
            List<MethodInsnNode> kept = new ArrayList<>();
            if (maySuspend.contains(e.getKey())) {
                for (MethodInsnNode call : e.getValue()) {
                    MethodNode target = exactTarget(cn, declared, call);
                    if (target == null || !analysed(target, candidates) || maySuspend.contains(target)) {
                        kept.add(call);
                    }
                }
            }
            points.put(e.getKey(), kept);
        }
        return points;
    }

    /** Whether this pass knows {@code target}'s points: not native, and analysed by the weaver. */
    private static boolean analysed(MethodNode target, Map<MethodNode, List<MethodInsnNode>> candidates) {
        return (target.access & Opcodes.ACC_NATIVE) == 0 && candidates.containsKey(target);
    }

    /**
     * The method of {@code cn} that {@code call} always runs (see the class comment), or
     * {@code null} if the call's target is not known exactly from this class file.
     */
    static MethodNode exactTarget(ClassNode cn, Map<String, MethodNode> declared, MethodInsnNode call) {
        if (!call.owner.equals(cn.name)) {
            return null;
        }
        MethodNode target = declared.get(call.name + call.desc);
        if (target == null || target.name.equals("<init>") || target.name.equals("<clinit>")) {
            return null;
        }
        boolean isStatic = (target.access & Opcodes.ACC_STATIC) != 0;
        boolean isPrivate = (target.access & Opcodes.ACC_PRIVATE) != 0;
        switch (call.getOpcode()) {
            case Opcodes.INVOKESTATIC:
                return isStatic ? target : null;
            case Opcodes.INVOKESPECIAL:
                return !isStatic && isPrivate ? target : null;
            case Opcodes.INVOKEINTERFACE:
                return !isStatic && isPrivate ? target : null;
            case Opcodes.INVOKEVIRTUAL:
                boolean notOverridable = isPrivate || (target.access & Opcodes.ACC_FINAL) != 0
                        || ((cn.access & Opcodes.ACC_FINAL) != 0 && (cn.access & Opcodes.ACC_INTERFACE) == 0);
                return !isStatic && notOverridable ? target : null;
            default:
                return null;
        }
    }
}
